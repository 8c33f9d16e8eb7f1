// Diagnostics: every error or warning a user sees has a stable code (documented in spec/diagnostics.md),
// a source range, a message and usually a hint. Codes are one table so documentation and tests can be
// checked against it.
import type { Span } from './ast.ts';

export type Severity = 'error' | 'warning';

export const DIAGNOSTIC_CODES = {
  // syntax (grammar/)
  S001: 'unrecognised character',
  S002: 'unexpected token',
  S003: 'unexpected end of file',
  S004: 'no valid continuation',
  // names, types and structure (compiler/)
  E100: 'unknown name',
  E101: 'duplicate declaration',
  E102: 'wrong number of indices',
  E103: 'index from the wrong set',
  E104: 'type mismatch',
  E105: 'non-linear term in a linear problem',
  E106: 'constraint is not a comparison',
  E107: 'unknown property',
  E108: 'missing property',
  E109: 'unit mismatch',
  E110: 'unknown column type',
  E111: 'key column not declared',
  E112: 'unknown override target',
  E113: 'override indices do not match the parameter',
  E114: 'problem without an objective',
  E115: 'decision variable outside its problem',
  E116: 'unknown member',
  E117: 'unknown function',
  E118: 'wrong arguments',
  E119: 'duplicate scenario',
  E120: 'unknown scenario',
  E121: 'bound depends on a decision variable',
  E122: 'name shadows a declaration',
  E124: 'circular definition',
  E125: 'duplicate set member',
  E126: 'invalid value',
  E127: 'objective is not supported by any solver',
  W200: 'unused declaration',
  // override files and command line (compiler/overrides)
  Y300: 'override file is not valid YAML',
  Y301: 'unknown parameter in overrides',
  Y302: 'override value has the wrong type',
  Y303: 'bad --set argument',
} as const;
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint?: string;
  file: string;
  span: Span;
}

export function diag(
  code: DiagnosticCode,
  file: string,
  span: Span,
  message: string,
  hint?: string,
  severity: Severity = code.startsWith('W') ? 'warning' : 'error',
): Diagnostic {
  return { code, severity, message, hint, file, span };
}

export const hasErrors = (ds: Diagnostic[]) => ds.some((d) => d.severity === 'error');

export interface FormatOptions {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * Render as `file:line:col: error[E100]: message`, the source line, a caret under the range, and the hint.
 * `source` is the text of `d.file` (the CLI passes it; the compiler never formats).
 */
export function formatDiagnostic(d: Diagnostic, source: string | undefined, opts: FormatOptions): string {
  const { line, col } = d.span.start;
  const sev = d.severity === 'error' ? paint(opts.color, '1;31', 'error') : paint(opts.color, '1;33', 'warning');
  // A diagnostic about a command-line argument (file '--set name=value') has no line or column.
  const where = d.file.startsWith('--') ? d.file : `${d.file}:${line}:${col}`;
  const out = [`${where}: ${sev}[${d.code}]: ${d.message}`];
  const lines = source?.split(/\r?\n/);
  const text = lines?.[line - 1];
  if (text !== undefined) {
    const gutter = String(line).length;
    const endCol = d.span.end.line === line ? Math.max(d.span.end.col, col + 1) : text.length + 1;
    const width = Math.max(1, Math.min(endCol, text.length + 1) - col);
    out.push(`${' '.repeat(gutter)} |`);
    out.push(`${line} | ${text}`);
    out.push(
      `${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, col - 1))}${paint(opts.color, '1;31', '^'.repeat(width))}`,
    );
  }
  if (d.hint) out.push(`  = hint: ${d.hint}`);
  return out.join('\n');
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: `allco` is one edit from `alloc`. */
function distance(a0: string, b0: string): number {
  const a = a0.toLowerCase(),
    b = b0.toLowerCase();
  const rows = Array.from({ length: a.length + 1 }, (_, i) => {
    const r = new Array<number>(b.length + 1).fill(0);
    r[0] = i;
    return r;
  });
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate within a distance proportional to the name's length, if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

export const suggest = (name: string, candidates: Iterable<string>): string | undefined => {
  const m = didYouMean(name, candidates);
  return m ? `did you mean '${m}'?` : undefined;
};
