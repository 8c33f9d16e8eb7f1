// The report stage's error: a stable code (spec/diagnostics.md), a message and an optional hint.
export class ReportError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  constructor(code: string, message: string, opts: { hint?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }
}
