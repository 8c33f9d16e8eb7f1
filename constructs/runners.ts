// The runner of every construct keyword, typed over the registry's keywords: a construct without a runner, or a
// runner without a construct, is a type error. The executor dispatches construct steps (and curve steps) here.
import type { Step } from '../spec/plan.ts';
import type { Env } from '../execute/env.ts';
import type { Evaluator } from '../execute/evaluate.ts';
import type { ConstructKeyword, SpecOf } from './registry.ts';
import type { ConstructProps } from './props.ts';
import { runCurve } from './curve/run.ts';
import { runMac } from './mac/run.ts';
import { runGame } from './game/run.ts';
import { runSurvey } from './survey/run.ts';
import { runScreen } from './screen/run.ts';
import { runReport } from './report/run.ts';
import { runPanel } from './panel/run.ts';
import { runWeights } from './weights/run.ts';
import { runMoran } from './moran/run.ts';
import { runEstimate } from './estimate/run.ts';
import { runEffects } from './effects/run.ts';
import { runVariants } from './variants/run.ts';
import { runTests } from './tests/run.ts';
import { runDescribe } from './describe/run.ts';
import { runTurning } from './turning/run.ts';
import { runHausman } from './hausman/run.ts';
import { runTable } from './table/run.ts';

/** The plan step a construct lowers to: its own step kind when its spec says so, else a `construct` step. */
export type StepOf<K extends ConstructKeyword> =
  SpecOf<K> extends { step: 'curve' } ? Extract<Step, { kind: 'curve' }> : Extract<Step, { kind: 'construct' }>;

/** A runner: the step, and its properties decoded to the types its spec gives them (constructs/props.ts). */
export type Runner<K extends ConstructKeyword> = (
  env: Env,
  ev: Evaluator,
  step: StepOf<K>,
  props: ConstructProps<K>,
) => void | Promise<void>;

export const RUNNERS: { readonly [K in ConstructKeyword]: Runner<K> } = {
  curve: runCurve,
  mac: runMac,
  game: runGame,
  survey: runSurvey,
  screen: runScreen,
  report: runReport,
  panel: runPanel,
  weights: runWeights,
  moran: runMoran,
  estimate: runEstimate,
  effects: runEffects,
  variants: runVariants,
  tests: runTests,
  describe: runDescribe,
  turning: runTurning,
  hausman: runHausman,
  table: runTable,
};
