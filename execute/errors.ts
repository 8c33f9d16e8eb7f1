export { SolverError } from '../solvers/errors.ts';

// Failures the runtime reports to a user. Solvers throw SolverError with a stable code and a plain message;
// the executor adds which plan step (and so which model declaration) was running. Data readers throw
// DataError naming file, row and column. Nothing else should escape to the CLI.

export interface DataLocation {
  file: string;
  /** 1-based line in the file (the header is line 1). */
  row?: number;
  column?: string;
}

export class DataError extends Error {
  readonly code: string;
  readonly where: DataLocation;
  readonly hint?: string;
  constructor(code: string, message: string, where: DataLocation, hint?: string) {
    super(message);
    this.name = 'DataError';
    this.code = code;
    this.where = where;
    this.hint = hint;
  }
}

/** A failure while running a plan, located at the model declaration (or data line) that caused it. */
export class RunError extends Error {
  readonly code: string;
  readonly location: string;
  readonly hint?: string;
  constructor(code: string, message: string, location: string, hint?: string) {
    super(message);
    this.name = 'RunError';
    this.code = code;
    this.location = location;
    this.hint = hint;
  }
}
