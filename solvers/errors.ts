// The one error type of the solvers: a stable code (spec/diagnostics.md), a plain message and an optional
// hint. Solvers know nothing of the model; the executor adds which declaration was running.
export class SolverError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, opts: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'SolverError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }
}
