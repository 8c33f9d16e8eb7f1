// The compile-time half of each construct: its lowering (constructs/<keyword>/lower.ts, when it has one), in a
// table typed over the registry's keywords, and the lowering of every property kind, typed over the kinds: a
// construct or a kind without an entry is a type error. compiler/lower-block.ts reads both.
import type { ConstructLowering, PropLowerings } from '../compiler/prop-lowering.ts';
import { SHARED_PROP_LOWERINGS } from '../compiler/prop-lowering.ts';
import type { ConstructKeyword } from './registry.ts';
import { curveLowering } from './curve/lower.ts';
import { macLowering } from './mac/lower.ts';
import { gameLowering } from './game/lower.ts';
import { screenLowering } from './screen/lower.ts';
import { reportLowering } from './report/lower.ts';
import { panelLowering } from './panel/lower.ts';
import { weightsLowering } from './weights/lower.ts';
import { estimateLowering } from './estimate/lower.ts';
import { variantsLowering } from './variants/lower.ts';
import { describeLowering } from './describe/lower.ts';
import { tableLowering } from './table/lower.ts';

/** A construct whose properties are all of shared kinds: the generic property block lowering. */
const PROPERTY_BLOCK: ConstructLowering = {};

export const CONSTRUCT_LOWERINGS: { readonly [K in ConstructKeyword]: ConstructLowering } = {
  curve: curveLowering,
  mac: macLowering,
  game: gameLowering,
  survey: PROPERTY_BLOCK,
  screen: screenLowering,
  report: reportLowering,
  panel: panelLowering,
  weights: weightsLowering,
  moran: PROPERTY_BLOCK,
  estimate: estimateLowering,
  effects: PROPERTY_BLOCK,
  variants: variantsLowering,
  tests: PROPERTY_BLOCK,
  describe: describeLowering,
  turning: PROPERTY_BLOCK,
  hausman: PROPERTY_BLOCK,
  table: tableLowering,
};

/** Every property kind's lowering: the shared ones, then those of the one construct that uses each. */
export const PROP_LOWERINGS: PropLowerings = {
  ...SHARED_PROP_LOWERINGS,
  ...gameLowering.kinds,
  ...macLowering.kinds,
  ...screenLowering.kinds,
  ...reportLowering.kinds,
  ...panelLowering.kinds,
  ...weightsLowering.kinds,
  ...estimateLowering.kinds,
  ...variantsLowering.kinds,
  ...describeLowering.kinds,
  ...tableLowering.kinds,
};
