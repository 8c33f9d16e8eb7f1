// Silhouette coefficient (seed 000, Eq. 1–3; Rousseeuw 1987) and the choice of k by the best mean silhouette.
//
// For point i in cluster W_i: a(i) = mean distance to the other members of W_i, b(i) = the smallest mean
// distance to the members of another cluster, s(i) = (b − a) / max(a, b) — Eq. 3's three cases in one line.
// Eq. 1–3 leave a one-member cluster undefined (a(i) is 0/0); like scikit-learn (and Rousseeuw) we score it 0.
// A point with a = b = 0 (duplicates across clusters) also scores 0, as scikit-learn's nan_to_num does.
// Distances are Euclidean, O(n² d) time; memory O(n k) (streamed), or an n × n matrix reused across k in chooseK
// when n is small.
import { SolverError } from './errors.ts';
import { countDistinct, kmeans, pointSet, type KMeansOptions, type KMeansResult, type PointSet } from './kmeans.ts';

/** Full symmetric n × n Euclidean distance matrix, row-major. */
export function pairwiseDistances(points: PointSet): Float64Array {
  const { data, n, d } = pointSet(points.data, points.n, points.d);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const e = data[oi + t]! - data[oj + t]!;
        s += e * e;
      }
      const v = Math.sqrt(s);
      D[i * n + j] = v;
      D[j * n + i] = v;
    }
  }
  return D;
}

function checkLabels(labels: ArrayLike<number>, n: number): { k: number; sizes: Int32Array; dense: Int32Array } {
  if (labels.length !== n) {
    throw new SolverError('R710', { case: 'length', labels: labels.length, n });
  }
  // Map arbitrary integer labels to 0..k−1 in order of first appearance.
  const map = new Map<number, number>();
  const dense = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l)) throw new SolverError('R710', { case: 'label', label: l, point: i });
    let m = map.get(l);
    if (m === undefined) map.set(l, (m = map.size));
    dense[i] = m;
  }
  const k = map.size;
  if (k < 2 || k > n - 1) {
    throw new SolverError('R711', { case: 'clusters', k, n });
  }
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[dense[i]!]!++;
  return { k, sizes, dense };
}

/** Per-point silhouette values from a precomputed n × n distance matrix. */
export function silhouetteSamplesFromDistances(D: Float64Array, n: number, labels: ArrayLike<number>): Float64Array {
  if (D.length !== n * n) throw new SolverError('R712', { entries: D.length, expected: n * n });
  const { k, sizes, dense } = checkLabels(labels, n);
  const out = new Float64Array(n);
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const row = i * n;
    for (let j = 0; j < n; j++) if (j !== i) sums[dense[j]!]! += D[row + j]!;
    out[i] = fromSums(sums, 0, dense[i]!, sizes, k);
  }
  return out;
}

/**
 * Per-point silhouette values (Eq. 1 and 3), Euclidean distance. Streams over the upper triangle of the
 * distance matrix (each distance computed once, added to both points' per-cluster sums), so memory is
 * O(n k), not O(n²): 5,000 points need 0.2 MB rather than a 200 MB matrix.
 */
export function silhouetteSamples(points: PointSet, labels: ArrayLike<number>): Float64Array {
  const { data, n, d } = pointSet(points.data, points.n, points.d);
  const { k, sizes, dense } = checkLabels(labels, n);
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const li = dense[i]!;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const e = data[oi + t]! - data[oj + t]!;
        s += e * e;
      }
      const v = Math.sqrt(s);
      sums[i * k + dense[j]!]! += v;
      sums[j * k + li]! += v;
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = fromSums(sums, i * k, dense[i]!, sizes, k);
  return out;
}

// s(i) from point i's per-cluster distance sums (starting at offset o).
function fromSums(sums: Float64Array, o: number, own: number, sizes: Int32Array, k: number): number {
  if (sizes[own] === 1) return 0; // one-member cluster: undefined in Eq. 1–3, 0 by convention (scikit-learn, Rousseeuw)
  const a = sums[o + own]! / (sizes[own]! - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) {
    if (c === own) continue;
    const m = sums[o + c]! / sizes[c]!;
    if (m < b) b = m;
  }
  const den = Math.max(a, b);
  return den > 0 ? (b - a) / den : 0;
}

/** Mean silhouette (Eq. 2) over all points. */
export function silhouetteScore(points: PointSet, labels: ArrayLike<number>): number {
  return meanOf(silhouetteSamples(points, labels));
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

export interface ChooseKRow {
  k: number;
  /** Mean silhouette of the best-inertia k-means partition for this k. */
  silhouette: number;
  inertia: number;
  labels: Int32Array;
  result: KMeansResult;
}

export interface ChooseKResult {
  /** One row per k tried, in increasing k. */
  table: ChooseKRow[];
  /** k with the highest mean silhouette; ties (within `tieTolerance`) → the smaller k. */
  bestK: number;
  best: ChooseKRow;
  /** k values in [kMin, kMax] not tried because they exceed the number of distinct points. */
  skipped: number[];
}

export interface ChooseKOptions extends KMeansOptions {
  /** Silhouettes closer than this count as tied (default 1e-12, i.e. only rounding noise). */
  tieTolerance?: number;
}

/**
 * Cluster with k-means for every k in kMin..kMax (each with its own restarts, seed = opts.seed + k so a row
 * does not depend on which other k were tried) and pick the k with the largest mean silhouette.
 * Requires 2 ≤ kMin ≤ kMax ≤ n − 1 (the silhouette's range). k above the number of distinct points is skipped.
 */
export function chooseK(points: PointSet, kMin: number, kMax: number, opts: ChooseKOptions): ChooseKResult {
  const { n } = pointSet(points.data, points.n, points.d);
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax > n - 1 || kMin > kMax) {
    throw new SolverError('R711', { case: 'range', kMin, kMax, n });
  }
  const tieTol = opts.tieTolerance ?? 1e-12;
  const distinct = countDistinct(points);
  // The n × n matrix is reused across k when it is small (≤ 2,048 points = 32 MB); otherwise each k streams.
  const D = n <= 2048 ? pairwiseDistances(points) : null;
  const table: ChooseKRow[] = [];
  const skipped: number[] = [];
  for (let k = kMin; k <= kMax; k++) {
    if (k > distinct) {
      skipped.push(k);
      continue;
    }
    const result = kmeans(points, k, { ...opts, seed: opts.seed + k });
    const samples = D ? silhouetteSamplesFromDistances(D, n, result.labels) : silhouetteSamples(points, result.labels);
    const silhouette = meanOf(samples);
    table.push({ k, silhouette, inertia: result.inertia, labels: result.labels, result });
  }
  if (table.length === 0) {
    throw new SolverError('R711', { case: 'distinct', kMin, kMax, distinct });
  }
  const best = pickBestK(table, tieTol);
  return { table, bestK: best.k, best, skipped };
}

/**
 * The row with the largest silhouette; rows are scanned in increasing k and a later row replaces the current
 * best only if it beats it by more than `tieTolerance`, so ties go to the smaller k.
 */
export function pickBestK<R extends { k: number; silhouette: number }>(rows: R[], tieTolerance = 1e-12): R {
  if (rows.length === 0) throw new SolverError('R711', { case: 'none' });
  const sorted = [...rows].sort((a, b) => a.k - b.k);
  let best = sorted[0]!;
  for (const row of sorted) if (row.silhouette > best.silhouette + tieTolerance) best = row;
  return best;
}
