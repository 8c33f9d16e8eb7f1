// Spatial weights matrices: builders, standardisation, diagnostics and alignment to panel units.
//
// Every builder returns a CsrMatrix (csr.ts) carrying unit names. Distances are great-circle (haversine, km,
// mean Earth radius 6371.0088 km) when coordinates are longitude/latitude in degrees, Euclidean otherwise.
// The O(N²) builders (kNN, distance band, inverse distance) scan one point at a time with O(N) scratch memory,
// so memory stays O(N + nnz) — fine to N ≈ 10⁴ (10⁸ distance evaluations, about a second).
//
// The economic-geographic matrices of seed 001 (§3.2):
// - economic distance (economicDistanceWeights): w_ij = 1 / |x̄_i − x̄_j| for i ≠ j, x̄ a unit's sample mean of
//   an economic indicator (usually real GDP per capita), the form used throughout the Chinese regional
//   literature the paper builds on;
// - economic-geographic nested matrix (nestedWeights): W = φ·W_d + (1 − φ)·W_e, W_d the inverse geographic
//   distance matrix, W_e the economic distance matrix, each row-standardised before mixing and the mix
//   row-standardised again; φ = 0.5 by default. This is the nested form of Shao, Li and Han (2016, Economic
//   Research Journal 51(9), "Economic policy choice of haze pollution control in China: a spatial spillover
//   perspective"), which seed 001 does not spell out; φ is a parameter so other readings are one setting away;
// - economic-geographic distance matrix (economicGeographicWeights): W* = W_d · diag(x̄_1/x̄, …, x̄_N/x̄), i.e.
//   w*_ij = w_d,ij · x̄_j / x̄ (x̄ the mean over units), after Lin, Long and Wu (2005, China Economic Quarterly
//   4(S1)); neighbours with larger economies weigh more. Row-standardised afterwards.
import { SolverError } from '../errors.ts';
import { type CsrMatrix, csrAdd, csrFromTriplets, csrGet, csrMapValues, csrRowSums, nnz } from './csr.ts';

export type { CsrMatrix } from './csr.ts';
export { panelLag, csrMatVec, csrTranspose, csrToDense, csrRowSums, nnz } from './csr.ts';

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

// ---------------------------------------------------------------------------------------------------------------
// From edges and dense rows

export interface Edge {
  from: string;
  to: string;
  /** Defaults to 1. */
  weight?: number;
}

export interface EdgeOptions {
  /** Also add the reverse edge (to → from) with the same weight. Default false. */
  symmetric?: boolean;
  /** What to do when the same (from, to) pair appears twice. Default 'error'. */
  duplicates?: 'error' | 'sum';
}

function indexNames(units: readonly string[]): Map<string, number> {
  const idx = new Map<string, number>();
  units.forEach((u, i) => {
    if (idx.has(u)) throw new SolverError('R501', { case: 'units', unit: u });
    idx.set(u, i);
  });
  return idx;
}

/**
 * Weights from an edge list over named units. An edge naming a unit outside `units` raises W_UNKNOWN_UNIT with
 * the edge number and the closest known names.
 */
export function weightsFromEdges(units: readonly string[], edges: Iterable<Edge>, opts: EdgeOptions = {}): CsrMatrix {
  const idx = indexNames(units);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const seen = new Set<number>();
  const n = units.length;
  const look = (name: string, k: number, side: 'from' | 'to'): number => {
    const i = idx.get(name);
    if (i === undefined) {
      throw new SolverError('R508', { edge: k + 1, side, unit: name, units });
    }
    return i;
  };
  let k = 0;
  const add = (i: number, j: number, w: number, edgeNo: number) => {
    const key = i * n + j;
    if (seen.has(key) && (opts.duplicates ?? 'error') === 'error') {
      throw new SolverError('R509', { edge: edgeNo + 1, from: units[i]!, to: units[j]! });
    }
    seen.add(key);
    rows.push(i);
    cols.push(j);
    vals.push(w);
  };
  for (const e of edges) {
    const i = look(e.from, k, 'from');
    const j = look(e.to, k, 'to');
    const w = e.weight ?? 1;
    if (!Number.isFinite(w))
      throw new SolverError('R504', { case: 'edge', edge: k + 1, from: e.from, to: e.to, value: w });
    if (i === j) throw new SolverError('R510', { edge: k + 1, unit: e.from });
    add(i, j, w, k);
    if (opts.symmetric && !seen.has(j * n + i)) add(j, i, w, k);
    k++;
  }
  return csrFromTriplets(n, rows, cols, vals, units);
}

/**
 * Weights from dense rows: an array of N rows of length N, or one row-major Float64Array of length N². Zeros are
 * not stored.
 */
export function weightsFromDense(
  units: readonly string[],
  rows: readonly ArrayLike<number>[] | Float64Array,
): CsrMatrix {
  const n = units.length;
  indexNames(units);
  const get: (i: number, j: number) => number =
    rows instanceof Float64Array
      ? (() => {
          if (rows.length !== n * n) {
            throw new SolverError('R505', { case: 'denseValues', values: rows.length, n });
          }
          return (i: number, j: number) => rows[i * n + j]!;
        })()
      : (() => {
          if (rows.length !== n) throw new SolverError('R505', { case: 'denseRows', rows: rows.length, n });
          rows.forEach((r, i) => {
            if (r.length !== n) {
              throw new SolverError('R505', { case: 'denseRow', row: i + 1, unit: units[i]!, values: r.length, n });
            }
          });
          return (i: number, j: number) => rows[i]![j]!;
        })();
  const ri: number[] = [];
  const ci: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = get(i, j);
      if (!Number.isFinite(v))
        throw new SolverError('R504', { case: 'dense', from: units[i]!, to: units[j]!, value: v });
      if (v !== 0) {
        ri.push(i);
        ci.push(j);
        vv.push(v);
      }
    }
  }
  return csrFromTriplets(n, ri, ci, vv, units);
}

// ---------------------------------------------------------------------------------------------------------------
// Distances

export interface Coordinates {
  /** x coordinate, or longitude in degrees when lonlat. */
  x: ArrayLike<number>;
  /** y coordinate, or latitude in degrees when lonlat. */
  y: ArrayLike<number>;
  /** Great-circle (haversine) distances in km when true; Euclidean otherwise. Default false. */
  lonlat?: boolean;
}

/** Great-circle distance in km between two (lon, lat) points in degrees (haversine formula). */
export function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface PreparedCoords {
  n: number;
  /** distances from point i to all points, written into out */
  rowDistances(i: number, out: Float64Array): void;
}

function prepareCoords(units: readonly string[], c: Coordinates): PreparedCoords {
  const n = units.length;
  indexNames(units);
  if (c.x.length !== n || c.y.length !== n) {
    throw new SolverError('R511', { x: c.x.length, y: c.y.length, n });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(c.x[i]!) || !Number.isFinite(c.y[i]!)) {
      throw new SolverError('R512', { unit: units[i]!, x: c.x[i]!, y: c.y[i]! });
    }
    if (c.lonlat && (Math.abs(c.y[i]!) > 90 || Math.abs(c.x[i]!) > 360)) {
      throw new SolverError('R513', { unit: units[i]!, lon: c.x[i]!, lat: c.y[i]! });
    }
  }
  if (c.lonlat) {
    // Precompute trig terms so each pair costs a few multiplications plus one asin.
    const r = Math.PI / 180;
    const lat = Float64Array.from({ length: n }, (_, i) => c.y[i]! * r);
    const lon = Float64Array.from({ length: n }, (_, i) => c.x[i]! * r);
    const cosLat = lat.map(Math.cos);
    return {
      n,
      rowDistances(i, out) {
        const li = lat[i]!;
        const gi = lon[i]!;
        const ci = cosLat[i]!;
        for (let j = 0; j < n; j++) {
          const s1 = Math.sin((lat[j]! - li) / 2);
          const s2 = Math.sin((lon[j]! - gi) / 2);
          const a = s1 * s1 + ci * cosLat[j]! * s2 * s2;
          out[j] = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
        }
      },
    };
  }
  const xs = Float64Array.from(c.x);
  const ys = Float64Array.from(c.y);
  return {
    n,
    rowDistances(i, out) {
      const xi = xs[i]!;
      const yi = ys[i]!;
      for (let j = 0; j < n; j++) {
        const dx = xs[j]! - xi;
        const dy = ys[j]! - yi;
        out[j] = Math.sqrt(dx * dx + dy * dy);
      }
    },
  };
}

/** Dense distance matrix (row-major n×n); for small n only. */
export function distanceMatrix(units: readonly string[], coords: Coordinates): Float64Array {
  const pc = prepareCoords(units, coords);
  const n = pc.n;
  const out = new Float64Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pc.rowDistances(i, row);
    out.set(row, i * n);
  }
  return out;
}

/** Bounded max-heap of the k best (distance, index) candidates; ties broken by the lower index. */
class KBest {
  readonly d: Float64Array;
  readonly i: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.d = new Float64Array(k);
    this.i = new Int32Array(k);
  }
  /** (da, ia) is worse than (db, ib) */
  private static worse(da: number, ia: number, db: number, ib: number): boolean {
    return da > db || (da === db && ia > ib);
  }
  reset(): void {
    this.size = 0;
  }
  /** Current k-th best distance (Infinity while fewer than k). */
  bound(): number {
    return this.size < this.k ? Infinity : this.d[0]!;
  }
  offer(dist: number, j: number): void {
    const { d, i, k } = this;
    if (this.size < k) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (KBest.worse(dist, j, d[p]!, i[p]!)) {
          d[c] = d[p]!;
          i[c] = i[p]!;
          c = p;
        } else break;
      }
      d[c] = dist;
      i[c] = j;
    } else if (KBest.worse(d[0]!, i[0]!, dist, j)) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= k) break;
        let m = l;
        if (l + 1 < k && KBest.worse(d[l + 1]!, i[l + 1]!, d[l]!, i[l]!)) m = l + 1;
        if (KBest.worse(d[m]!, i[m]!, dist, j)) {
          d[c] = d[m]!;
          i[c] = i[m]!;
          c = m;
        } else break;
      }
      d[c] = dist;
      i[c] = j;
    }
  }
}

/**
 * k nearest neighbours of every point in the plane via a uniform grid (about two points per cell), visiting
 * square rings of cells until the ring cannot hold anything closer than the current k-th neighbour. Same result
 * as the exhaustive scan (same tie-breaking), in about O(N·k) time for spread-out points.
 */
function knnGridSearch(xs: Float64Array, ys: Float64Array, k: number, cols: Int32Array): boolean {
  const n = xs.length;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, xs[i]!);
    x1 = Math.max(x1, xs[i]!);
    y0 = Math.min(y0, ys[i]!);
    y1 = Math.max(y1, ys[i]!);
  }
  const w = x1 - x0;
  const hgt = y1 - y0;
  if (!(w > 0 && hgt > 0)) return false;
  const h = Math.sqrt((w * hgt * 2) / n);
  const gx = Math.min(Math.max(1, Math.ceil(w / h)), 1 << 15);
  const gy = Math.min(Math.max(1, Math.ceil(hgt / h)), 1 << 15);
  if (gx * gy > 4 * n + 16) return false;
  const cx = (x: number) => Math.min(gx - 1, Math.floor((x - x0) / h));
  const cy = (y: number) => Math.min(gy - 1, Math.floor((y - y0) / h));
  const start = new Int32Array(gx * gy + 1);
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cell[i] = cy(ys[i]!) * gx + cx(xs[i]!);
    start[cell[i]! + 1]!++;
  }
  for (let c = 0; c < gx * gy; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, gx * gy);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[cell[i]!]!++] = i;
  const best = new KBest(k);
  const maxRing = Math.max(gx, gy);
  for (let i = 0; i < n; i++) {
    best.reset();
    const xi = xs[i]!;
    const yi = ys[i]!;
    const ci = cx(xi);
    const cj = cy(yi);
    for (let r = 0; r <= maxRing; r++) {
      for (let b = cj - r; b <= cj + r; b++) {
        if (b < 0 || b >= gy) continue;
        const edgeRow = b === cj - r || b === cj + r;
        for (let a = ci - r; a <= ci + r; a += edgeRow ? 1 : 2 * r || 1) {
          if (a < 0 || a >= gx) continue;
          const c = b * gx + a;
          for (let q = start[c]!; q < start[c + 1]!; q++) {
            const j = members[q]!;
            if (j === i) continue;
            const dx = xs[j]! - xi;
            const dy = ys[j]! - yi;
            best.offer(Math.sqrt(dx * dx + dy * dy), j);
          }
        }
      }
      // every point in ring r + 1 or beyond is at least r·h away
      if (best.size === k && best.bound() < r * h) break;
    }
    for (let q = 0; q < k; q++) cols[i * k + q] = best.i[q]!;
  }
  return true;
}

/**
 * k-nearest-neighbour weights (binary, 1 for each of the k nearest other units; not symmetric in general).
 * Ties in distance are broken by the lower unit index. Memory O(N·k). Planar coordinates with N > 2000 use a
 * grid search; otherwise (and for lon/lat) an exhaustive scan with O(N) scratch memory.
 */
export function knnWeights(units: readonly string[], coords: Coordinates, k: number): CsrMatrix {
  const pc = prepareCoords(units, coords);
  const n = pc.n;
  if (!Number.isInteger(k) || k < 1 || k >= n) {
    throw new SolverError('R514', { k, n });
  }
  const rows = new Int32Array(n * k);
  const cols = new Int32Array(n * k);
  for (let i = 0; i < n; i++) rows.fill(i, i * k, (i + 1) * k);
  const gridDone =
    !coords.lonlat && n > 2000 && knnGridSearch(Float64Array.from(coords.x), Float64Array.from(coords.y), k, cols);
  if (!gridDone) {
    const dist = new Float64Array(n);
    const best = new KBest(k);
    for (let i = 0; i < n; i++) {
      pc.rowDistances(i, dist);
      best.reset();
      for (let j = 0; j < n; j++) if (j !== i) best.offer(dist[j]!, j);
      for (let q = 0; q < k; q++) cols[i * k + q] = best.i[q]!;
    }
  }
  return csrFromTriplets(n, rows, cols, new Float64Array(n * k).fill(1), units, true); // names: prepareCoords
}

export interface BandOptions {
  /** Neighbours satisfy lower < d ≤ upper (spdep::dnearneigh's default bounds). */
  upper: number;
  lower?: number;
}

/** Distance-band weights: 1 when lower < d_ij ≤ upper (i ≠ j). Units with no neighbour in the band are islands. */
export function distanceBandWeights(units: readonly string[], coords: Coordinates, band: BandOptions): CsrMatrix {
  const pc = prepareCoords(units, coords);
  const lower = band.lower ?? 0;
  if (!(band.upper > lower)) throw new SolverError('R515', { lower, upper: band.upper });
  const n = pc.n;
  const dist = new Float64Array(n);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    pc.rowDistances(i, dist);
    for (let j = 0; j < n; j++) {
      if (j !== i && dist[j]! > lower && dist[j]! <= band.upper) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  return csrFromTriplets(n, rows, cols, new Float64Array(rows.length).fill(1), units);
}

export interface InverseDistanceOptions {
  /** w_ij = d_ij^(−power). Default 1. */
  power?: number;
  /** Only pairs with d_ij ≤ cutoff get a weight (default: all pairs — a dense matrix). */
  cutoff?: number;
}

/** Inverse-distance weights d_ij^(−power), optionally truncated at a cutoff distance. Coincident units are an error. */
export function inverseDistanceWeights(
  units: readonly string[],
  coords: Coordinates,
  opts: InverseDistanceOptions = {},
): CsrMatrix {
  const pc = prepareCoords(units, coords);
  const power = opts.power ?? 1;
  const cutoff = opts.cutoff ?? Infinity;
  if (!(power > 0)) throw new SolverError('R516', { power });
  const n = pc.n;
  const dist = new Float64Array(n);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    pc.rowDistances(i, dist);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = dist[j]!;
      if (d === 0) {
        throw new SolverError('R517', { a: units[i]!, b: units[j]! });
      }
      if (d <= cutoff) {
        rows.push(i);
        cols.push(j);
        vals.push(power === 1 ? 1 / d : Math.pow(d, -power));
      }
    }
  }
  return csrFromTriplets(n, rows, cols, vals, units);
}

export interface EconomicDistanceOptions {
  /** w_ij = |x̄_i − x̄_j|^(−power). Default 1. */
  power?: number;
  /** Equal x̄ for two units: 'error' (default) or 'skip' the pair (weight 0). */
  ties?: 'error' | 'skip';
}

/**
 * Economic distance weights w_ij = 1 / |x̄_i − x̄_j| (i ≠ j), x̄ one value per unit (e.g. mean real GDP per
 * capita over the sample period). Dense by construction.
 */
export function economicDistanceWeights(
  units: readonly string[],
  xbar: ArrayLike<number>,
  opts: EconomicDistanceOptions = {},
): CsrMatrix {
  const n = units.length;
  indexNames(units);
  if (xbar.length !== n) throw new SolverError('R518', { values: xbar.length, n });
  const power = opts.power ?? 1;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xbar[i]!))
      throw new SolverError('R504', { case: 'indicator', unit: units[i]!, value: xbar[i]! });
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d = Math.abs(xbar[i]! - xbar[j]!);
      if (d === 0) {
        if ((opts.ties ?? 'error') === 'error') {
          throw new SolverError('R519', { a: units[i]!, b: units[j]!, value: xbar[i]! });
        }
        continue;
      }
      rows.push(i);
      cols.push(j);
      vals.push(power === 1 ? 1 / d : Math.pow(d, -power));
    }
  }
  return csrFromTriplets(n, rows, cols, vals, units);
}

export interface NestedOptions {
  /** Weight of the geographic part, 0 ≤ φ ≤ 1. Default 0.5. */
  phi?: number;
  /** Row-standardise each part before mixing. Default true. */
  standardizeParts?: boolean;
  /** Row-standardise the mix. Default true. */
  standardizeResult?: boolean;
}

/** Economic-geographic nested matrix W = φ·W_geo + (1 − φ)·W_econ (see the header for the source). */
export function nestedWeights(Wgeo: CsrMatrix, Wecon: CsrMatrix, opts: NestedOptions = {}): CsrMatrix {
  const phi = opts.phi ?? 0.5;
  if (!(phi >= 0 && phi <= 1)) throw new SolverError('R520', { phi });
  const sp = opts.standardizeParts ?? true;
  const A = sp ? rowStandardize(Wgeo) : Wgeo;
  const B = sp ? rowStandardize(Wecon) : Wecon;
  const W = csrAdd(A, B, phi, 1 - phi);
  return (opts.standardizeResult ?? true) ? rowStandardize(W) : W;
}

/**
 * Economic-geographic distance matrix W* = W_geo · diag(x̄_j / mean(x̄)) (Lin, Long & Wu 2005), row-standardised
 * unless `standardize` is false.
 */
export function economicGeographicWeights(Wgeo: CsrMatrix, xbar: ArrayLike<number>, standardize = true): CsrMatrix {
  const n = Wgeo.n;
  if (xbar.length !== n) throw new SolverError('R518', { values: xbar.length, n });
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = xbar[i]!;
    if (!(Number.isFinite(v) && v > 0)) {
      throw new SolverError('R521', { unit: Wgeo.names[i]!, value: v });
    }
    m += v;
  }
  m /= n;
  const W = csrMapValues(Wgeo, (v, _i, j) => (v * xbar[j]!) / m);
  return standardize ? rowStandardize(W) : W;
}

// ---------------------------------------------------------------------------------------------------------------
// Standardisation and diagnostics

/** Row-standardise (each row sums to 1). Zero rows (islands) stay zero; find them with `islands`. */
export function rowStandardize(W: CsrMatrix): CsrMatrix {
  const rs = csrRowSums(W);
  return csrMapValues(W, (v, i) => (rs[i] === 0 ? 0 : v / rs[i]!));
}

/** Names of units with no neighbours (all-zero rows). */
export function islands(W: CsrMatrix): string[] {
  const out: string[] = [];
  for (let i = 0; i < W.n; i++) {
    let any = false;
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) if (W.val[p] !== 0) any = true;
    if (!any) out.push(W.names[i]!);
  }
  return out;
}

/** True if every non-island row sums to 1 within tol. */
export function isRowStandardized(W: CsrMatrix, tol = 1e-10): boolean {
  const rs = csrRowSums(W);
  for (let i = 0; i < W.n; i++) if (rs[i] !== 0 && Math.abs(rs[i]! - 1) > tol) return false;
  return true;
}

export interface SymmetryReport {
  symmetric: boolean;
  /** Largest |W_ij − W_ji|. */
  maxAbsDiff: number;
  /** Up to 10 offending pairs (by unit name). */
  pairs: Array<[string, string]>;
}

/** Check W = Wᵀ within tol; reports the offending unit pairs. */
export function checkSymmetry(W: CsrMatrix, tol = 1e-12): SymmetryReport {
  let maxAbsDiff = 0;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < W.n; i++) {
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
      const j = W.col[p]!;
      const d = Math.abs(W.val[p]! - csrGet(W, j, i));
      if (d > maxAbsDiff) maxAbsDiff = d;
      // report each unordered pair once: from its first row, or from here if (j, i) is not stored
      if (d > tol && pairs.length < 10 && (i < j || csrGet(W, j, i) === 0)) pairs.push([W.names[i]!, W.names[j]!]);
    }
  }
  return { symmetric: maxAbsDiff <= tol, maxAbsDiff, pairs };
}

/**
 * A positive diagonal D with D·W symmetric (d_i W_ij = d_j W_ji), or null if none exists. When it exists W is
 * similar to the symmetric D^{1/2} W D^{-1/2}, so its eigenvalues are real — the case of a row-standardised
 * symmetric matrix (d = the original row sums). Found by propagating ratios over each connected component.
 */
export function symmetrizingScale(W: CsrMatrix, tol = 1e-10): Float64Array | null {
  const n = W.n;
  const d = new Float64Array(n);
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (d[s] !== 0) continue;
    d[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
        const j = W.col[p]!;
        const wij = W.val[p]!;
        const wji = csrGet(W, j, i);
        if (j === i) continue;
        if (wij === 0 && wji === 0) continue;
        if (wij === 0 || wji === 0 || wij / wji <= 0) return null;
        const dj = (d[i]! * wij) / wji;
        if (d[j] === 0) {
          d[j] = dj;
          stack.push(j);
        } else if (Math.abs(d[j]! - dj) > tol * Math.max(d[j]!, dj)) return null;
      }
    }
  }
  return d;
}

export interface WeightsSummary {
  n: number;
  nnz: number;
  minNeighbours: number;
  meanNeighbours: number;
  maxNeighbours: number;
  islands: string[];
  symmetric: boolean;
  rowStandardized: boolean;
}

export function weightsSummary(W: CsrMatrix): WeightsSummary {
  let mn = Infinity;
  let mx = 0;
  for (let i = 0; i < W.n; i++) {
    const c = W.rowPtr[i + 1]! - W.rowPtr[i]!;
    if (c < mn) mn = c;
    if (c > mx) mx = c;
  }
  return {
    n: W.n,
    nnz: nnz(W),
    minNeighbours: W.n ? mn : 0,
    meanNeighbours: W.n ? nnz(W) / W.n : 0,
    maxNeighbours: mx,
    islands: islands(W),
    symmetric: checkSymmetry(W).symmetric,
    rowStandardized: isRowStandardized(W),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Alignment to the units of a data set

export interface AlignOptions {
  /** Units in W but not in the data: 'error' (default) or 'drop' them (rows and columns removed). */
  extra?: 'error' | 'drop';
}

/**
 * Reorder W to the data's unit order, matching by name. Raises W_UNIT_MISSING listing every data unit absent from
 * W (and, unless extra = 'drop', W units absent from the data). Dropping units does not re-standardise: call
 * rowStandardize afterwards if wanted.
 */
export function alignWeights(W: CsrMatrix, dataUnits: readonly string[], opts: AlignOptions = {}): CsrMatrix {
  const hit = aligned.get(W);
  if (hit && hit.units === dataUnits && hit.extra === (opts.extra ?? 'error')) return hit.W;
  const wIdx = new Map<string, number>();
  W.names.forEach((nm, i) => wIdx.set(nm, i));
  const dIdx = indexNames(dataUnits);
  const missing = dataUnits.filter((u) => !wIdx.has(u));
  const extra = W.names.filter((u) => !dIdx.has(u));
  if (missing.length || (extra.length && (opts.extra ?? 'error') === 'error')) {
    throw new SolverError('R522', { missing, extra: (opts.extra ?? 'error') === 'error' ? extra : [] });
  }
  const n = dataUnits.length;
  const perm = dataUnits.map((u) => wIdx.get(u)!); // new index → old index
  const inv = new Int32Array(W.n).fill(-1); // old → new
  perm.forEach((old, nw) => (inv[old] = nw));
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let nw = 0; nw < n; nw++) {
    const old = perm[nw]!;
    for (let p = W.rowPtr[old]!, e = W.rowPtr[old + 1]!; p < e; p++) {
      const c = inv[W.col[p]!]!;
      if (c < 0) continue;
      rows.push(nw);
      cols.push(c);
      vals.push(W.val[p]!);
    }
  }
  const out = csrFromTriplets(n, rows, cols, vals, dataUnits, true); // names checked by indexNames above
  aligned.set(W, { units: dataUnits, extra: opts.extra ?? 'error', W: out });
  return out;
}

/** The last alignment of each W (a fit and its effects, tests and variants align the same W to the same units). */
const aligned = new WeakMap<CsrMatrix, { units: readonly string[]; extra: string; W: CsrMatrix }>();
