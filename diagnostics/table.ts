// The diagnostics table: every code of every stage (spec/diagnostics.md is generated from it and
// test/conformance.test.ts checks every code is documented, exercised, and the only codes in the sources).
import type { Rendered, Stage } from './define.ts';
import { COMPILE, OVERRIDES, SYNTAX } from './codes/compile.ts';

export const CODES = {
  ...SYNTAX,
  ...COMPILE,
  ...OVERRIDES,
};

type Table = typeof CODES;
export type Code = keyof Table;
/** The arguments after the code: `[record]`, or `[]` for a code without parameters. */
export type ArgsOf<C extends Code> = Parameters<Table[C]['format']>;
export type ParamsOf<C extends Code> = ArgsOf<C> extends [infer P] ? P : undefined;
/** The codes a stage reports. */
export type CodeOf<S extends Stage> = { [C in Code]: Table[C]['stage'] extends S ? C : never }[Code];

/** Message and hint of a code for its record. */
export function render<C extends Code>(code: C, ...args: ArgsOf<C>): { message: string; hint?: string } {
  const r: Rendered = (CODES[code].format as (...a: unknown[]) => Rendered)(...args);
  if (typeof r === 'string') return { message: r };
  return r.hint === undefined ? { message: r.message } : { message: r.message, hint: r.hint };
}
