// The registry of constructs: one row per construct keyword, in the order the reference lists them. The lexer's
// keywords, the parser's block keywords and stoppers, the compiler's construct table and lowerings and the
// executor's runners are all derived from (or typed over) this list; test/registry.test.ts checks they agree.
// Front-end safe: it imports the specs only, which are plain data.
import type { ConstructSpec } from './schema.ts';
import { curveSpec } from './curve/spec.ts';
import { macSpec } from './mac/spec.ts';
import { gameSpec } from './game/spec.ts';
import { surveySpec } from './survey/spec.ts';
import { screenSpec } from './screen/spec.ts';
import { reportSpec } from './report/spec.ts';
import { panelSpec } from './panel/spec.ts';
import { weightsSpec } from './weights/spec.ts';
import { moranSpec } from './moran/spec.ts';
import { estimateSpec } from './estimate/spec.ts';
import { effectsSpec } from './effects/spec.ts';
import { variantsSpec } from './variants/spec.ts';
import { testsSpec } from './tests/spec.ts';
import { describeSpec } from './describe/spec.ts';
import { turningSpec } from './turning/spec.ts';
import { hausmanSpec } from './hausman/spec.ts';
import { tableSpec } from './table/spec.ts';

export const CONSTRUCT_SPECS = [
  curveSpec,
  macSpec,
  gameSpec,
  surveySpec,
  screenSpec,
  reportSpec,
  panelSpec,
  weightsSpec,
  moranSpec,
  estimateSpec,
  effectsSpec,
  variantsSpec,
  testsSpec,
  describeSpec,
  turningSpec,
  hausmanSpec,
  tableSpec,
] as const satisfies readonly ConstructSpec[];

export type AnyConstructSpec = (typeof CONSTRUCT_SPECS)[number];
export type ConstructKeyword = AnyConstructSpec['keyword'];
export type SpecOf<K extends ConstructKeyword> = Extract<AnyConstructSpec, { keyword: K }>;

export const CONSTRUCT_KEYWORDS: readonly ConstructKeyword[] = CONSTRUCT_SPECS.map((s) => s.keyword);

/** Each construct's spec by keyword. */
export const CONSTRUCTS = Object.fromEntries(CONSTRUCT_SPECS.map((s) => [s.keyword, s])) as {
  readonly [K in ConstructKeyword]: SpecOf<K>;
};

/** The keywords declared as blocks of their own (`game g over region { ... }`), not through a declaration's header. */
export const BLOCK_CONSTRUCT_KEYWORDS: readonly ConstructKeyword[] = CONSTRUCT_SPECS.filter(
  (s) => !('header' in s),
).map((s) => s.keyword);

export function isConstructKeyword(word: string): word is ConstructKeyword {
  return Object.hasOwn(CONSTRUCTS, word);
}
