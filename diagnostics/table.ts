// The diagnostics table: every code of every stage (spec/diagnostics.md is generated from it and
// test/conformance.test.ts checks every code is documented, exercised, and the only codes in the sources).
import type { Rendered, Stage } from './define.ts';
import { COMPILE, OVERRIDES, SYNTAX } from './codes/compile.ts';
import { DATA } from './codes/data.ts';
import { EXECUTE } from './codes/execute.ts';
import { SPATIAL } from './codes/spatial.ts';
import { CER } from './codes/cer.ts';
import { SCREENING } from './codes/screening.ts';
import { REPORT } from './codes/report.ts';
import { NUMERIC } from './codes/numeric.ts';
import { EXECUTE_WARNINGS, SOLVER_WARNINGS } from './codes/warnings.ts';

/** Every code, in the order spec/diagnostics.md lists them. */
export const CODES = {
  ...SYNTAX,
  ...COMPILE,
  ...OVERRIDES,
  ...DATA,
  ...EXECUTE,
  ...SPATIAL,
  ...CER,
  ...SCREENING,
  ...REPORT,
  ...NUMERIC,
  ...SOLVER_WARNINGS,
  ...EXECUTE_WARNINGS,
};

type Table = typeof CODES;
export type Code = keyof Table;
/** The arguments after the code: `[record]`, or `[]` for a code without parameters. */
export type ArgsOf<C extends Code> = Parameters<Table[C]['format']>;
export type ParamsOf<C extends Code> = C extends Code ? (ArgsOf<C> extends [infer P] ? P : undefined) : never;
/** The codes a stage reports. */
export type CodeOf<S extends Stage> = { [C in Code]: Table[C]['stage'] extends S ? C : never }[Code];

/** Message and hint of a code for its record. */
export function render<C extends Code>(code: C, ...args: ArgsOf<C>): { message: string; hint?: string } {
  const r: Rendered = (CODES[code].format as (...a: unknown[]) => Rendered)(...args);
  if (typeof r === 'string') return { message: r };
  return r.hint === undefined ? { message: r.message } : { message: r.message, hint: r.hint };
}

/** A run-time warning as a run keeps it: `W500: message`. */
export function warningLine<C extends Code & `W${string}`>(code: C, ...args: ArgsOf<C>): string {
  return `${code}: ${render(code, ...args).message}`;
}
