// The layout of a table of estimates, shared by every format (Markdown, HTML, LaTeX, Word): the header rows
// (spanning groups, column numbers, heads), the body (a row per term with its inference under it, or beside it
// in the same cell; the indicator rows; the statistics) and the notes, every number already formatted. The
// renderers only place these cells, so every format shows the same digits.
import {
  hidesTerms,
  indicatorRows,
  labelOf,
  starsFor,
  termRows,
  type ModelColumn,
  type Resolved,
  type TermEstimate,
} from '../execute/model-table.ts';
import type { RegressionBlock } from './doc.ts';
import { formatFixed, formatP, formatSignificant } from './format.ts';

export { formatP, formatSignificant };

export interface GridCell {
  /** the number (or word) itself */
  text: string;
  /** significance stars, shown raised where the format can */
  stars: string;
  /** what follows in the same cell: the inference when it is `beside` the estimate */
  extra?: string;
}

export interface GridRow {
  part: 'term' | 'under' | 'indicator' | 'stat';
  /** the term or statistic this row shows (empty for an `under` row) */
  key: string;
  label: string;
  cells: GridCell[];
}

export interface Grid {
  /** header rows, each cell with the number of model columns it spans; the stub column is not included */
  head: Array<Array<{ text: string; span: number }>>;
  body: GridRow[];
  notes: string[];
}

const blank: GridCell = { text: '', stars: '' };

/**
 * A number as the settings ask: fixed decimals (a non-zero number that would print as zero gets two significant
 * digits instead, so nothing small prints as 0.000 or -0.000), or significant digits.
 */
export function formatEstimate(x: number, s: Pick<Resolved, 'digits' | 'significant'>): string {
  if (s.significant !== undefined) return formatSignificant(x, s.significant);
  const fixed = formatFixed(x, s.digits);
  return x !== 0 && Number.isFinite(x) && /^-?0(\.0*)?$/.test(fixed) ? formatSignificant(x, 2) : fixed;
}

/** A statistic: counts as integers, the others as estimates. */
function formatStat(key: string, v: number, s: Resolved): string {
  return ['obs', 'N', 'T'].includes(key) && Number.isInteger(v) ? formatFixed(v, 0) : formatEstimate(v, s);
}

function inference(e: TermEstimate, what: Resolved['under'], s: Resolved): string {
  switch (what) {
    case 'se':
      return e.se === undefined ? '' : `(${formatEstimate(e.se, s)})`;
    case 'z':
      return e.z === undefined ? '' : `(${formatEstimate(e.z, s)})`;
    case 'p':
      return e.p === undefined ? '' : `(${formatP(e.p, s.pDigits)})`;
    case 'ci':
      return e.lower === undefined || e.upper === undefined
        ? ''
        : `[${formatEstimate(e.lower, s)}, ${formatEstimate(e.upper, s)}]`;
    default:
      return '';
  }
}

const INFERENCE_NOTES: Record<string, string> = {
  se: 'Standard errors in parentheses.',
  z: 'z statistics (estimate / standard error) in parentheses.',
  p: 'p-values in parentheses.',
  ci: '95 % confidence intervals in brackets.',
};

/** `* p < 0.1, ** p < 0.05, *** p < 0.01` for the levels. */
export function starLegend(levels: readonly number[]): string {
  return levels.map((l, i) => `${'*'.repeat(i + 1)} p < ${l}`).join(', ');
}

/** The study's labels as a map, for terms, heads and weight matrices. */
export function labelMap(b: RegressionBlock): Map<string, string> {
  return new Map(Object.entries(b.labels ?? {}));
}

/** The header rows: groups (when a column has one), numbers (when asked), heads. */
function headRows(models: readonly ModelColumn[], s: Resolved, labels: ReadonlyMap<string, string>) {
  const head: Grid['head'] = [];
  const name = (x: string) => labels.get(x) ?? x;
  if (models.some((m) => m.group !== undefined)) {
    const row: Array<{ text: string; span: number }> = [];
    for (const m of models) {
      const last = row[row.length - 1];
      const g = m.group === undefined ? '' : name(m.group);
      if (last && last.text === g && g !== '') last.span += 1;
      else row.push({ text: g, span: 1 });
    }
    head.push(row);
  }
  if (s.numbers && models.length > 1) head.push(models.map((_, i) => ({ text: `(${i + 1})`, span: 1 })));
  head.push(
    models.map((m) => ({ text: (m.source !== undefined ? labels.get(m.source) : undefined) ?? name(m.name), span: 1 })),
  );
  return head;
}

export function layoutModelTable(b: RegressionBlock): Grid {
  const s = b.settings;
  const labels = labelMap(b);
  const models = b.models;
  const rows = termRows(b, s);
  const body: GridRow[] = [];
  const coefCell = (e: TermEstimate | undefined): GridCell => {
    if (!e) return blank;
    const cell: GridCell = { text: formatEstimate(e.coef, s), stars: starsFor(e.p, s.stars) };
    if (s.beside !== undefined && s.beside !== 'none') {
      const extra = inference(e, s.beside, s);
      if (extra !== '') cell.extra = extra;
    }
    return cell;
  };
  for (const r of rows) {
    const label = r.label ?? labelOf('term', r.key, labels);
    body.push({ part: 'term', key: r.key, label, cells: models.map((m) => coefCell(m.terms[r.key])) });
    const under = models.map((m): GridCell => {
      const e = m.terms[r.key];
      return e && s.under !== 'none' ? { text: inference(e, s.under, s), stars: '' } : blank;
    });
    if (under.some((c) => c.text !== '')) body.push({ part: 'under', key: '', label: '', cells: under });
  }
  for (const k of indicatorRows(b, s)) {
    const cells = models.map((m): GridCell => {
      const v = k === 'controls' ? hidesTerms(m, rows, s) : m.indicators?.[k];
      if (v === undefined) return blank;
      return { text: typeof v === 'boolean' ? (v ? 'Yes' : 'No') : (labels.get(v) ?? v), stars: '' };
    });
    if (cells.some((c) => c.text !== ''))
      body.push({ part: 'indicator', key: k, label: labelOf('indicator', k, labels), cells });
  }
  for (const k of s.stats) {
    const cells = models.map((m): GridCell => {
      if (k === 'rho' || k === 'lambda') return coefCell(m.terms[k]);
      const v = m.stats?.[k];
      return v === undefined ? blank : { text: formatStat(k, v, s), stars: '' };
    });
    if (cells.some((c) => c.text !== '')) body.push({ part: 'stat', key: k, label: labelOf('stat', k, labels), cells });
  }
  const inf = s.beside !== undefined && s.beside !== 'none' ? s.beside : s.under;
  const anyInference =
    inf !== 'none' && body.some((r) => r.cells.some((c) => (r.part === 'under' && c.text !== '') || c.extra));
  const anyStars = s.stars.length > 0 && body.some((r) => r.cells.some((c) => c.stars !== ''));
  const notes = [
    ...(anyInference ? [INFERENCE_NOTES[inf]!] : []),
    ...(s.stars.length > 0 && (anyStars || models.some((m) => Object.values(m.terms).some((t) => t.p !== undefined)))
      ? [`${starLegend(s.stars)}.`]
      : []),
    ...(b.notes ?? []),
  ];
  return { head: headRows(models, s, labels), body, notes };
}
