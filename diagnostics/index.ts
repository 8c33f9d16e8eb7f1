// The diagnostics of every stage, in one neutral module (imported by grammar, compiler, execute, solvers,
// report and cli; it imports none of them): the table of codes (table.ts, rows in codes/), the Diagnostic
// type and its one formatter (diagnostic.ts), the did-you-mean (suggest.ts) and the coded error that the
// run-time stages' error types extend (error.ts).
export type { Severity, Stage, Rendered } from './define.ts';
export type { Pos, Span } from './span.ts';
export { CODES, render, warningLine, type Code, type CodeOf, type ArgsOf, type ParamsOf } from './table.ts';
export { CodedError, type Coded, type CodedErrorClass } from './error.ts';
export { declRef, problemRef, type ProblemRef } from './codes/execute.ts';
export type { DataLocation, AnswerProblem } from './codes/data.ts';
export {
  diag,
  hasErrors,
  formatDiagnostic,
  type Diagnostic,
  type RunDiagnostic,
  type FormatOptions,
} from './diagnostic.ts';
export { didYouMean, suggest } from './suggest.ts';
export { codeTablesMarkdown } from './doc.ts';
