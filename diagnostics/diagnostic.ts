// A diagnostic: a code from the table, its rendered message and hint, and where it points. Compile-time
// diagnostics point at a source range; run-time ones at a text location (a model line, a data file line).
import type { Severity } from './define.ts';
import type { Span } from './span.ts';
import { CODES, render, type ArgsOf, type Code } from './table.ts';

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  hint?: string;
  file: string;
  span: Span;
}

/** A run-time failure, located by text: `model.model:12:1`, `data/x.csv:4`, or a file name. */
export interface RunDiagnostic {
  code: Code;
  severity: Severity;
  message: string;
  hint?: string;
  where: string;
}

/** The diagnostic of `code` at `span` of `file`, its message rendered from the record. */
export function diag<C extends Code>(code: C, file: string, span: Span, ...args: ArgsOf<C>): Diagnostic {
  return { code, severity: CODES[code].severity, ...render(code, ...args), file, span };
}

export const hasErrors = (ds: Diagnostic[]) => ds.some((d) => d.severity === 'error');

export interface FormatOptions {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Render as `file:line:col: error[E100]: message`, then (for a source range, when `source` is the text of
 * `d.file`) the source line with a caret under the range, then the hint. The CLI passes the source; the
 * compiler never formats.
 */
export function formatDiagnostic(d: Diagnostic | RunDiagnostic, source: string | undefined, opts: FormatOptions) {
  const sev = d.severity === 'error' ? paint(opts.color, '1;31', 'error') : paint(opts.color, '1;33', 'warning');
  const out = [`${'where' in d ? d.where : where(d)}: ${sev}[${d.code}]: ${d.message}`];
  if (!('where' in d)) out.push(...caret(d, source, opts));
  if (d.hint) out.push(`  = hint: ${d.hint}`);
  return out.join('\n');
}

// A diagnostic about a command-line argument (file '--set name=value') has no line or column.
const where = (d: Diagnostic) =>
  d.file.startsWith('--') ? d.file : `${d.file}:${d.span.start.line}:${d.span.start.col}`;

function caret(d: Diagnostic, source: string | undefined, opts: FormatOptions): string[] {
  const { line, col } = d.span.start;
  const text = source?.split(/\r?\n/)[line - 1];
  if (text === undefined) return [];
  const gutter = ' '.repeat(String(line).length);
  const endCol = d.span.end.line === line ? Math.max(d.span.end.col, col + 1) : text.length + 1;
  const width = Math.max(1, Math.min(endCol, text.length + 1) - col);
  return [
    `${gutter} |`,
    `${line} | ${text}`,
    `${gutter} | ${' '.repeat(Math.max(0, col - 1))}${paint(opts.color, '1;31', '^'.repeat(width))}`,
  ];
}
