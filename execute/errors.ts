// Failures the runtime reports to a user, each with a code from the diagnostics table. Solvers throw
// SolverError; execution code (executor, evaluator, problems, construct runners) throws ExecutionError; data
// readers throw DataError naming file, row and column. The executor turns each into a RunError located at the
// model declaration (or data line) that caused it, which is all the CLI ever sees.
import {
  CodedError,
  type ArgsOf,
  type Coded,
  type Code,
  type CodeOf,
  type CodedErrorClass,
  type DataLocation,
  type RunDiagnostic,
} from '../diagnostics/index.ts';
export { SolverError } from '../solvers/errors.ts';
export { declRef, problemRef, type DataLocation, type ProblemRef } from '../diagnostics/index.ts';

export type ExecutionCode = Extract<CodeOf<'execute'>, `R${string}`>;
export type DataCode = CodeOf<'data'>;

class ExecutionFailure extends CodedError<ExecutionCode> {
  constructor(code: ExecutionCode, ...args: ArgsOf<ExecutionCode>) {
    super(code, args);
    this.name = 'ExecutionError';
  }
}
/** `new ExecutionError('R430', { players })`: the record's type follows the code. */
export const ExecutionError = ExecutionFailure as unknown as CodedErrorClass<ExecutionCode, ExecutionFailure>;
export type ExecutionError = ExecutionFailure;

class DataFailure extends CodedError<DataCode> {
  /** Where in the file: taken from the record. */
  readonly where: DataLocation;
  constructor(code: DataCode, ...args: ArgsOf<DataCode>) {
    super(code, args);
    this.name = 'DataError';
    const p = args[0] as DataLocation;
    this.where = { file: p.file, row: p.row, column: p.column };
  }
}
/** `new DataError('D303', { case: 'cell', file, row, column, expected, raw })`. */
export const DataError = DataFailure as unknown as CodedErrorClass<DataCode, DataFailure>;
export type DataError = DataFailure;

/** A failure while running a plan, located at the model declaration (or data line) that caused it. */
export class RunError extends Error {
  readonly code: Code;
  readonly hint?: string;
  constructor(
    cause: Coded,
    /** `model.model:12:1`, `data/x.csv:4` or a file */
    readonly location: string,
    /** the message with what was running around it (default: the cause's), a hint when the cause has none */
    opts: { message?: string; hint?: string } = {},
  ) {
    super(opts.message ?? cause.message);
    this.name = 'RunError';
    this.code = cause.code;
    const hint = cause.hint ?? opts.hint;
    if (hint !== undefined) this.hint = hint;
  }

  /** As the CLI prints it, at `where` (the location with the path the user typed). */
  diagnostic(where = this.location): RunDiagnostic {
    return {
      code: this.code,
      severity: 'error',
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      where,
    };
  }
}
