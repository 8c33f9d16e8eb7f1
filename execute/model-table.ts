// A table of estimates as data: models side by side (an estimate, the runs of variants, the effects of an
// estimate), each a column of estimates by term with its goodness of fit and its indicator facts, plus the
// presentation settings the model asked for. Built by the constructs (constructs/estimate, variants, effects,
// table), stored in results.json and laid out by the report stage (report/model-table.ts) for every format.

export interface TermEstimate {
  coef: number;
  se?: number;
  z?: number;
  p?: number;
  /** the 95 % interval (estimate ± 1.96 s.e., or the simulated interval of effects) */
  lower?: number;
  upper?: number;
}

/** One column: a model's estimates by term, its statistics and its facts. */
export interface ModelColumn {
  /** the column head */
  name: string;
  /** the construct the column shows (an estimate): the study's label for it, if any, is the head */
  source?: string;
  /** a head spanning this column and its neighbours with the same group */
  group?: string;
  terms: Record<string, TermEstimate>;
  /** goodness of fit by key: obs, N, T, loglik, aic, bic, r2, sigma2 */
  stats?: Record<string, number>;
  /** the effect a column of an `effects` source shows */
  effect?: 'direct' | 'indirect' | 'total';
  /** facts by key: model (its label), weights (a name), unit_fe, time_fe, lee_yu (yes/no) */
  indicators?: Record<string, string | boolean>;
}

export type Inference = 'se' | 'z' | 'p' | 'ci' | 'none';

/** How a table is printed; each setting left out takes the study's, then abate's default. */
export interface TableSettings {
  under?: Inference;
  /** the inference in the same cell as the estimate instead of under it */
  beside?: Inference;
  /** fixed decimals */
  digits?: number;
  /** significant digits (instead of fixed decimals) */
  significant?: number;
  pDigits?: number;
  /** decreasing levels of *, **, *** */
  stars?: number[];
  stats?: string[];
  indicators?: string[];
  numbers?: boolean;
}

export interface ModelTable {
  models: ModelColumn[];
  /** the term rows in order, with the table's own labels; absent: every term in first appearance */
  terms?: Array<{ key: string; label?: string }>;
  settings?: TableSettings;
  notes?: string[];
}

/** The 97.5 % quantile of the standard normal: the 95 % interval of an estimate is coef ± Z975 · se. */
export const Z975 = 1.959963984540054;

/** An estimate with its standard error, z, p and 95 % interval. */
export function termEstimate(coef: number, se: number, z: number, p: number): TermEstimate {
  return { coef, se, z, p, lower: coef - Z975 * se, upper: coef + Z975 * se };
}

/** Every term of the models in first appearance, the spatial parameters (rho, lambda) last. */
export function allTerms(models: readonly ModelColumn[]): string[] {
  const seen = new Set<string>();
  for (const m of models) for (const t of Object.keys(m.terms)) seen.add(t);
  const spatial = (t: string) => t === 'rho' || t === 'lambda';
  return [...[...seen].filter((t) => !spatial(t)), ...[...seen].filter(spatial)];
}

/** abate's defaults for every setting a table and the study leave out. */
export const DEFAULT_SETTINGS: Required<Omit<TableSettings, 'beside' | 'significant'>> = {
  under: 'se',
  digits: 3,
  pDigits: 3,
  stars: [0.1, 0.05, 0.01],
  stats: ['N', 'T', 'loglik', 'aic', 'r2', 'sigma2'],
  indicators: ['unit_fe', 'time_fe'],
  numbers: true,
};

export type Resolved = Required<Omit<TableSettings, 'beside' | 'significant'>> &
  Pick<TableSettings, 'beside' | 'significant'>;

/** A table's settings over the study's over abate's defaults (digits and significant replace each other). */
export function resolveSettings(table: TableSettings = {}, study: TableSettings = {}): Resolved {
  const pick = <K extends keyof TableSettings>(k: K) => table[k] ?? study[k];
  const tableDigits = table.digits !== undefined || table.significant !== undefined;
  const digitsFrom = tableDigits ? table : study;
  const inferenceFrom = table.under !== undefined || table.beside !== undefined ? table : study;
  const out: Resolved = {
    under: inferenceFrom.beside !== undefined ? 'none' : (inferenceFrom.under ?? DEFAULT_SETTINGS.under),
    digits: digitsFrom.digits ?? DEFAULT_SETTINGS.digits,
    pDigits: pick('pDigits') ?? DEFAULT_SETTINGS.pDigits,
    stars: pick('stars') ?? DEFAULT_SETTINGS.stars,
    stats: pick('stats') ?? DEFAULT_SETTINGS.stats,
    indicators: pick('indicators') ?? DEFAULT_SETTINGS.indicators,
    numbers: pick('numbers') ?? DEFAULT_SETTINGS.numbers,
  };
  if (inferenceFrom.beside !== undefined) out.beside = inferenceFrom.beside;
  if (digitsFrom.significant !== undefined) out.significant = digitsFrom.significant;
  return out;
}

/** `***`, `**`, `*` or '' for a p-value and decreasing levels (the strict p < level of esttab). */
export function starsFor(p: number | undefined, levels: readonly number[]): string {
  if (p === undefined || !Number.isFinite(p)) return '';
  let n = 0;
  for (const l of levels) if (p < l) n++;
  return '*'.repeat(n);
}

/** The term rows of a table: the listed terms (those in `stats` move to the statistics), or every term. */
export function termRows(t: ModelTable, s: Resolved): Array<{ key: string; label?: string }> {
  const rows = t.terms ?? allTerms(t.models).map((key) => ({ key }));
  return rows.filter((r) => !s.stats.includes(r.key));
}

/** Whether a column has terms the table leaves out (the `controls` indicator). */
export function hidesTerms(m: ModelColumn, rows: ReadonlyArray<{ key: string }>, s: Resolved): boolean {
  const shown = new Set([...rows.map((r) => r.key), ...s.stats]);
  return Object.keys(m.terms).some((k) => !shown.has(k));
}

export type TidyRow = Record<string, string | number | boolean | null>;

export const TIDY_COLUMNS = [
  'column',
  'model',
  'group',
  'part',
  'key',
  'label',
  'estimate',
  'se',
  'z',
  'p',
  'lower',
  'upper',
  'stars',
  'value',
] as const;

/**
 * The table as tidy rows, one per cell at full precision: the term rows, the indicators and the statistics of
 * each column (a statistic a column lacks is left out; ρ/λ asked for as statistics are terms in this block).
 */
export function tidyRows(t: ModelTable, s: Resolved, label: (part: string, key: string) => string): TidyRow[] {
  const rows = termRows(t, s);
  const out: TidyRow[] = [];
  const empty = Object.fromEntries(TIDY_COLUMNS.map((c) => [c, null])) as TidyRow;
  t.models.forEach((m, i) => {
    const base = { ...empty, column: i + 1, model: m.name, group: m.group ?? null };
    const term = (key: string, part: string, lab: string) => {
      const e = m.terms[key];
      if (!e) return;
      out.push({
        ...base,
        part,
        key,
        label: lab,
        estimate: e.coef,
        se: e.se ?? null,
        z: e.z ?? null,
        p: e.p ?? null,
        lower: e.lower ?? null,
        upper: e.upper ?? null,
        stars: starsFor(e.p, s.stars),
      });
    };
    for (const r of rows) term(r.key, 'term', r.label ?? label('term', r.key));
    for (const k of indicatorRows(t, s)) {
      const v = k === 'controls' ? hidesTerms(m, rows, s) : m.indicators?.[k];
      if (v !== undefined) out.push({ ...base, part: 'indicator', key: k, label: label('indicator', k), value: v });
    }
    for (const k of s.stats) {
      if (k === 'rho' || k === 'lambda') term(k, 'stat', label('stat', k));
      else if (m.stats?.[k] !== undefined)
        out.push({ ...base, part: 'stat', key: k, label: label('stat', k), value: m.stats[k]! });
    }
  });
  return out;
}

export const STAT_LABELS: Record<string, string> = {
  obs: 'Observations',
  N: 'Units (N)',
  T: 'Periods (T)',
  loglik: 'Log-likelihood',
  aic: 'AIC',
  bic: 'BIC',
  r2: 'R²',
  sigma2: 'σ²',
  rho: 'ρ',
  lambda: 'λ',
};

/** Facts shown whenever a column has them, whatever `indicators` lists: an approximate log-determinant. */
export const ALWAYS_SHOWN = ['logdet'];

/** The indicator rows of a table: those asked for, then the facts that are always shown where present. */
export function indicatorRows(t: ModelTable, s: Resolved): string[] {
  const extra = ALWAYS_SHOWN.filter(
    (k) => !s.indicators.includes(k) && t.models.some((m) => m.indicators?.[k] !== undefined),
  );
  return [...s.indicators, ...extra];
}

export const INDICATOR_LABELS: Record<string, string> = {
  model: 'Model',
  unit_fe: 'Unit fixed effects',
  time_fe: 'Time fixed effects',
  lee_yu: 'Lee–Yu correction',
  weights: 'Weights (W)',
  controls: 'Controls',
  logdet: 'ln|I − ρW|',
};

/**
 * The label readers see for a term, a statistic or an indicator: the study's label if it has one; for a term
 * `W*x` the label of `x` after `W·`; ρ and λ as letters; otherwise the name itself.
 */
export function labelOf(part: string, key: string, labels: ReadonlyMap<string, string>): string {
  if (part === 'stat') return labels.get(key) ?? STAT_LABELS[key] ?? key;
  if (part === 'indicator') return INDICATOR_LABELS[key] ?? key;
  const own = labels.get(key);
  if (own !== undefined) return own;
  if (key.startsWith('W*')) return `W·${labelOf('term', key.slice(2), labels)}`;
  return STAT_LABELS[key] !== undefined && (key === 'rho' || key === 'lambda') ? STAT_LABELS[key] : key;
}
