// The shape of a row of the diagnostics table. A row gives a code its stage, severity, a one-line title (what
// spec/diagnostics.md lists) and ONE formatter that turns the code's typed parameter record into the message
// and hint a user reads. Call sites pass data; the wording lives in the formatter.

export type Severity = 'error' | 'warning';

/** The pipeline stage that reports a code (text → tokens → AST → plan → results → report). */
export type Stage = 'syntax' | 'compile' | 'overrides' | 'data' | 'execute' | 'solvers' | 'report';

/** What a formatter produces: the message, or the message and a hint. */
export type Rendered = string | { message: string; hint?: string | undefined };

/** A formatter: a parameter record (or none) to a message. */
export type Formatter = (p: never) => Rendered;

export interface Row<S extends Stage = Stage, F extends Formatter = Formatter> {
  stage: S;
  severity: Severity;
  title: string;
  format: F;
}

/**
 * Rows of one stage. A code is a letter and three digits; codes starting with W are warnings, every other
 * code is an error.
 */
export function defineCodes<S extends Stage, T extends Record<string, { title: string; format: Formatter }>>(
  stage: S,
  rows: T,
): { [K in keyof T]: Row<S, T[K]['format']> } {
  const out: Record<string, Row> = {};
  for (const [code, r] of Object.entries(rows)) {
    if (!/^[SEWYDR]\d{3}$/.test(code)) throw new Error(`diagnostics table: malformed code ${code}`);
    out[code] = { stage, severity: code.startsWith('W') ? 'warning' : 'error', title: r.title, format: r.format };
  }
  return out as { [K in keyof T]: Row<S, T[K]['format']> };
}

/**
 * A formatter for a code whose record comes in several shapes (one sentence each): the record says which with
 * `case`, and each case has its own wording.
 */
export function cases<V extends Record<string, (p: never) => Rendered>>(
  v: V,
): (p: { [K in keyof V]: Parameters<V[K]> extends [infer P] ? { case: K } & P : { case: K } }[keyof V]) => Rendered {
  return (p) => (v[(p as { case: keyof V }).case] as unknown as (p: unknown) => Rendered)(p);
}

/** `"a", "b", "c"` (at most `max`, then `…`). */
export const quoted = (xs: readonly string[], max = Infinity): string =>
  xs
    .slice(0, max)
    .map((s) => `"${s}"`)
    .join(', ');

/** `a, b, c` (at most `max`, then `, ...`). */
export const listed = (xs: readonly string[], max = Infinity): string =>
  `${xs.slice(0, max).join(', ')}${xs.length > max ? ', ...' : ''}`;
