// Descriptive statistics shared by several solvers: mean, variance / standard deviation, coefficient of
// variation (seed 000, Eq. 4), Hyndman–Fan quantiles, average ranks, column-wise summaries of a row-major
// matrix, and a rule-driven "keep k items per group by score" screening helper.
//
// Conventions:
// - Standard deviations use the n − 1 denominator (ddof = 1) unless `ddof` says otherwise.
// - Eq. 4 of seed 000 (cv_i = s_i / x̄_i) does not state the denominator of s_i. The paper computed its
//   statistics in SPSS, whose descriptive standard deviation is the sample one (n − 1), so `cv` defaults to
//   ddof = 1; ddof = 0 (population sd) is one option away.
// - Sums are two-pass (mean first, then centred squares plus the rounding-error correction term), which keeps
//   the variance accurate to ~1e-15 relative even for data with a large mean.
import { SolverError } from './errors.ts';

export type NumArray = ArrayLike<number>;

function assertFinite(x: NumArray, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      throw new SolverError('R730', { what, value: v, index: i });
    }
  }
}

function assertLength(n: number, min: number, what: string): void {
  if (n < min) {
    throw new SolverError('R731', { what, min, n });
  }
}

/** Arithmetic mean. */
export function mean(x: NumArray): number {
  assertLength(x.length, 1, 'mean');
  assertFinite(x, 'mean');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const m = s / x.length;
  // One correction pass: removes most of the rounding error of the naive sum.
  let c = 0;
  for (let i = 0; i < x.length; i++) c += x[i]! - m;
  return m + c / x.length;
}

/** Variance with denominator n − ddof (ddof = 1: sample variance). */
export function variance(x: NumArray, ddof = 1): number {
  const n = x.length;
  if (!(ddof >= 0) || !Number.isInteger(ddof)) {
    throw new SolverError('R732', { ddof });
  }
  assertLength(n, ddof + 1, `variance with ddof = ${ddof}`);
  const m = mean(x);
  let ss = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const e = x[i]! - m;
    ss += e * e;
    c += e;
  }
  // Corrected two-pass formula (Chan, Golub & LeVeque): subtract the squared residual sum.
  return (ss - (c * c) / n) / (n - ddof);
}

/** Standard deviation with denominator n − ddof (default n − 1). */
export function sd(x: NumArray, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/**
 * Coefficient of variation s / x̄ (seed 000, Eq. 4), s with denominator n − ddof (default n − 1, as SPSS).
 * Throws when the mean is 0 (the ratio is undefined); a negative mean gives a negative CV, as the formula does.
 */
export function cv(x: NumArray, ddof = 1): number {
  const m = mean(x);
  if (m === 0) {
    throw new SolverError('R733');
  }
  return sd(x, ddof) / m;
}

/**
 * Hyndman & Fan (1996) sample quantile types 1–9 (R's `quantile(type=)`; NumPy's methods 'inverted_cdf' (1),
 * 'averaged_inverted_cdf' (2), 'closest_observation' (3), 'interpolated_inverted_cdf' (4), 'hazen' (5),
 * 'weibull' (6), 'linear' (7, the default of both R and NumPy), 'median_unbiased' (8), 'normal_unbiased' (9)).
 * `probs` may be one number or many; the data are sorted once.
 */
export function quantile(x: NumArray, probs: number, type?: QuantileType): number;
export function quantile(x: NumArray, probs: NumArray, type?: QuantileType): Float64Array;
export function quantile(x: NumArray, probs: number | NumArray, type: QuantileType = 7): number | Float64Array {
  assertLength(x.length, 1, 'quantile');
  assertFinite(x, 'quantile');
  if (!Number.isInteger(type) || type < 1 || type > 9) {
    throw new SolverError('R734', { type });
  }
  const sorted = Float64Array.from(x).sort();
  if (typeof probs === 'number') return quantileSorted(sorted, probs, type);
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = quantileSorted(sorted, probs[i]!, type);
  return out;
}

export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Quantile of already ascending-sorted data (no copy, no sort). */
export function quantileSorted(sorted: NumArray, p: number, type: QuantileType = 7): number {
  const n = sorted.length;
  if (!(p >= 0 && p <= 1)) {
    throw new SolverError('R735', { p });
  }
  // order statistic x_(j), 1-based, clamped to the sample
  const at = (j: number) => sorted[Math.min(Math.max(j, 1), n) - 1]!;
  // Transcribes R's quantile.default: x_(j) and x_(j+1) are mixed as (1 − h) x_(j) + h x_(j+1).
  let j: number;
  let h: number;
  if (type <= 3) {
    // Discontinuous types: no fuzz, as R.
    const nppm = type === 3 ? n * p - 0.5 : n * p;
    j = Math.floor(nppm);
    if (type === 1) h = nppm > j ? 1 : 0;
    else if (type === 2) h = nppm > j ? 1 : 0.5;
    else h = nppm !== j || Math.abs(j % 2) === 1 ? 1 : 0;
  } else {
    // Continuous types 4–9: n p + m with m = α + p (1 − α − β); h below 4 ε is taken as 0.
    const [alpha, beta] = QUANTILE_AB[type]!;
    const fuzz = 4 * Number.EPSILON;
    const nppm = alpha + p * (n + 1 - alpha - beta);
    j = Math.floor(nppm + fuzz);
    h = nppm - j;
    if (Math.abs(h) < fuzz) h = 0;
  }
  const lo = at(j);
  const hi = at(j + 1);
  if (h === 0) return lo;
  if (h === 1) return hi;
  return lo === hi ? lo : (1 - h) * lo + h * hi;
}

// (alpha, beta) plotting positions of the continuous Hyndman–Fan types.
const QUANTILE_AB: Record<number, [number, number]> = {
  4: [0, 1],
  5: [0.5, 0.5],
  6: [0, 0],
  7: [1, 1],
  8: [1 / 3, 1 / 3],
  9: [3 / 8, 3 / 8],
};

/** Median (type-7 quantile at 0.5; every type agrees on the median except 1 and 3 for even n). */
export function median(x: NumArray): number {
  return quantile(x, 0.5, 7);
}

export interface RankResult {
  /** 1-based average ranks (ties share the mean of the ranks they span), in the input order. */
  ranks: Float64Array;
  /** Σ (t³ − t) over tie groups of size t — the ingredient of rank-test tie corrections. */
  tieSum: number;
  /** Number of tie groups with t ≥ 2. */
  tieGroups: number;
}

/** Average ("mid") ranks, O(n log n). NaN is rejected. */
export function averageRanks(x: NumArray): RankResult {
  const n = x.length;
  assertFinite(x, 'averageRanks');
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Int32Array#sort with a comparator is a typed, in-place sort; ties resolved below, so stability is moot.
  idx.sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let tieGroups = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = x[idx[i]!]!;
    while (j < n && x[idx[j]!]! === v) j++;
    const t = j - i;
    const r = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let q = i; q < j; q++) ranks[idx[q]!] = r;
    if (t > 1) {
      tieSum += t * t * t - t;
      tieGroups++;
    }
    i = j;
  }
  return { ranks, tieSum, tieGroups };
}

export interface Summary {
  n: number;
  mean: number;
  sd: number;
  cv: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Five-number summary plus mean, sd (n − 1) and CV; CV is NaN when the mean is 0. Quantiles are type 7. */
export function summary(x: NumArray): Summary {
  assertLength(x.length, 2, 'summary');
  const sorted = Float64Array.from(x).sort();
  assertFinite(sorted, 'summary');
  const m = mean(sorted);
  const s = sd(sorted, 1);
  return {
    n: x.length,
    mean: m,
    sd: s,
    cv: m === 0 ? Number.NaN : s / m,
    min: sorted[0]!,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
  };
}

/** A column of a row-major matrix (rows × cols) as a fresh Float64Array. */
export function column(data: NumArray, rows: number, cols: number, j: number): Float64Array {
  checkMatrix(data, rows, cols);
  if (!Number.isInteger(j) || j < 0 || j >= cols) {
    throw new SolverError('R736', { column: j, columns: cols });
  }
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = data[i * cols + j]!;
  return out;
}

function checkMatrix(data: NumArray, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new SolverError('R737', { values: data.length, rows, cols });
  }
}

/** Column means of a row-major rows × cols matrix. */
export function columnMeans(data: NumArray, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = mean(column(data, rows, cols, j));
  return out;
}

/** Column standard deviations (denominator rows − ddof) of a row-major matrix. */
export function columnSds(data: NumArray, rows: number, cols: number, ddof = 1): Float64Array {
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = sd(column(data, rows, cols, j), ddof);
  return out;
}

/**
 * Per-column coefficient of variation (Eq. 4) of a row-major respondents × items matrix: one CV per item,
 * sd with denominator rows − ddof (default n − 1).
 */
export function columnCvs(data: NumArray, rows: number, cols: number, ddof = 1): Float64Array {
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = cv(column(data, rows, cols, j), ddof);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Screening: keep `count` items per group by lowest / highest score. The rule is data, so "keep the lowest CV
// per cluster" (seed 000, Table 5), "keep the highest mean" or "keep two per cluster" need no new code.

export interface ScreeningRule {
  /** Name of the score, for reporting only (e.g. 'cv', 'mean'). */
  by: string;
  keep: 'lowest' | 'highest';
  /** Items kept per group (a group smaller than this keeps all its items). */
  count: number;
}

export interface ScreeningDecision {
  item: number;
  group: number;
  score: number;
  /** 1-based position of the item within its group in the rule's order (1 = first to keep). */
  rankInGroup: number;
  keep: boolean;
}

/**
 * Decide, per group, which items to keep. `groups[i]` is item i's group label (any integers), `scores[i]` its
 * score. Ties in score are broken by the smaller item index so the decision is deterministic; the returned
 * `tiedAtCut` lists groups where a tie straddles the keep/drop boundary, so callers can report them.
 */
export function screenByScore(
  groups: ArrayLike<number>,
  scores: NumArray,
  rule: ScreeningRule,
): { decisions: ScreeningDecision[]; tiedAtCut: number[] } {
  const n = groups.length;
  if (scores.length !== n) {
    throw new SolverError('R740', { groups: n, scores: scores.length });
  }
  if (rule.keep !== 'lowest' && rule.keep !== 'highest') {
    throw new SolverError('R741', { case: 'keep', keep: String(rule.keep) });
  }
  if (!Number.isInteger(rule.count) || rule.count < 1) {
    throw new SolverError('R741', { case: 'count', count: rule.count });
  }
  assertFinite(scores, `screening score '${rule.by}'`);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (!Number.isInteger(g)) throw new SolverError('R742', { group: g, item: i });
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  const sign = rule.keep === 'lowest' ? 1 : -1;
  const decisions: ScreeningDecision[] = new Array(n);
  const tiedAtCut: number[] = [];
  for (const [g, list] of [...members.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => sign * (scores[a]! - scores[b]!) || a - b);
    list.forEach((item, pos) => {
      decisions[item] = { item, group: g, score: scores[item]!, rankInGroup: pos + 1, keep: pos < rule.count };
    });
    if (list.length > rule.count && scores[list[rule.count - 1]!] === scores[list[rule.count]!]) tiedAtCut.push(g);
  }
  return { decisions, tiedAtCut };
}
