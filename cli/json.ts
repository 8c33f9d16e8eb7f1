// The machine-readable output of `abate check --json` and `abate diff --json`, for scripts and CI. The shape is
// versioned (`version`) and described in spec/cli-json.md; spec/cli-json.schema.json is its JSON Schema.
import type { Diagnostic } from '../diagnostics/index.ts';
import type { DiffRow } from '../execute/diff.ts';

export const CLI_JSON_VERSION = 1;

export interface JsonDiagnostic {
  code: string;
  severity: Diagnostic['severity'];
  message: string;
  hint?: string;
  file: string;
  /** 1-based lines and columns; `end` is just past the last character */
  range: { start: { line: number; col: number }; end: { line: number; col: number } };
}

const jsonDiagnostic = (d: Diagnostic): JsonDiagnostic => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  ...(d.hint ? { hint: d.hint } : {}),
  file: d.file,
  range: {
    start: { line: d.span.start.line, col: d.span.start.col },
    end: { line: d.span.end.line, col: d.span.end.col },
  },
});

export function checkJson(file: string, ds: Diagnostic[], scenarios: string[]) {
  const errors = ds.filter((d) => d.severity === 'error').length;
  return {
    abate: 'check' as const,
    version: CLI_JSON_VERSION,
    file,
    ok: errors === 0,
    errors,
    warnings: ds.length - errors,
    scenarios,
    diagnostics: ds.map(jsonDiagnostic),
  };
}

export function diffJson(a: string, b: string, rows: DiffRow[]) {
  return { abate: 'diff' as const, version: CLI_JSON_VERSION, a, b, equal: rows.length === 0, changes: rows };
}
