// Traces of polynomials in W for large N, without any N×N matrix: the exact low-order invariants, and seeded
// Hutchinson estimates of tr(P_k(W)) for k up to an order m with the per-probe samples kept, so that any linear
// combination Σ c_k tr(P_k) — a log-determinant series, tr(G), tr(G²), the effects' multipliers — comes with its
// own standard error from the same probes (Hutchinson 1989; Barry & Pace 1999; Pace & LeSage 2004).
//
// - Exact invariants (`lowOrderInvariants`), streamed row by row without storing W²: tr(W), tr(W²), tr(W³),
//   tr(W⁴), ‖W‖²_F, tr(WᵀW²) and ‖W²‖²_F — O(N·k²) for k neighbours per row.
// - Probes (`estimateTraces`): z with independent ±1 entries (Rademacher, seeded; E zᵀAz = tr A, variance
//   2(‖A‖²_F − Σ A_ii²)), in blocks of 8 interleaved vectors so that one pass over W serves 8 probes.
//   basis 'power': P_k = W^k. basis 'chebyshev': P_k = T_k(S/r), S = D^{1/2}WD^{−1/2} the symmetric matrix
//   similar to W (needs symmetrizingScale(W)), r the spectral radius bound, by the three-term recurrence
//   (bounded by 1 on the spectrum, so stable at any order). Orders k ≤ 4 are replaced by their exact values,
//   which removes the largest part of the variance of every series in ρ.
import { SolverError } from '../errors.ts';
import { createRng } from '../random.ts';
import { type CsrMatrix, csrTranspose } from './csr.ts';

/** Exact low-order traces of W. */
export interface Invariants {
  n: number;
  /** tr(W^k), k = 1..4. */
  t: [number, number, number, number];
  /** ‖W‖²_F, tr(WᵀW²) = Σ_ij W_ij (W²)_ij, ‖W²‖²_F. */
  f11: number;
  f12: number;
  f22: number;
}

const invariantsCache = new WeakMap<CsrMatrix, Invariants>();

/** tr(W..W⁴), ‖W‖²_F, tr(WᵀW²), ‖W²‖²_F, row by row with dense accumulators (W² is never stored). */
export function lowOrderInvariants(W: CsrMatrix): Invariants {
  const hit = invariantsCache.get(W);
  if (hit) return hit;
  const n = W.n;
  const { rowPtr, col, val } = W;
  const Wt = csrTranspose(W);
  // a = row i of W², b = row i of (Wᵀ)² = column i of W²; marks hold i + 1 for the entries touched in row i
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const markA = new Int32Array(n);
  const markB = new Int32Array(n);
  const listA = new Int32Array(n);
  const listB = new Int32Array(n);
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  let f11 = 0;
  let f12 = 0;
  let f22 = 0;
  for (let i = 0; i < n; i++) {
    let na = 0;
    let nb = 0;
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) {
      const k = col[p]!;
      const w = val[p]!;
      if (k === i) t1 += w;
      f11 += w * w;
      for (let q = rowPtr[k]!, f = rowPtr[k + 1]!; q < f; q++) {
        const j = col[q]!;
        if (markA[j] !== i + 1) {
          markA[j] = i + 1;
          a[j] = 0;
          listA[na++] = j;
        }
        a[j]! += w * val[q]!;
      }
    }
    for (let p = Wt.rowPtr[i]!, e = Wt.rowPtr[i + 1]!; p < e; p++) {
      const k = Wt.col[p]!;
      const w = Wt.val[p]!;
      for (let q = Wt.rowPtr[k]!, f = Wt.rowPtr[k + 1]!; q < f; q++) {
        const j = Wt.col[q]!;
        if (markB[j] !== i + 1) {
          markB[j] = i + 1;
          b[j] = 0;
          listB[nb++] = j;
        }
        b[j]! += w * Wt.val[q]!;
      }
    }
    if (markA[i] === i + 1) t2 += a[i]!;
    for (let q = 0; q < na; q++) {
      const j = listA[q]!;
      const v = a[j]!;
      f22 += v * v;
      if (markB[j] === i + 1) t4 += v * b[j]!;
    }
    // tr(W³) = Σ_ij (W²)_ij W_ji (W_ji from row i of Wᵀ); tr(WᵀW²) = Σ_j W_ij (W²)_ij
    for (let p = Wt.rowPtr[i]!, e = Wt.rowPtr[i + 1]!; p < e; p++) {
      const j = Wt.col[p]!;
      if (markA[j] === i + 1) t3 += a[j]! * Wt.val[p]!;
    }
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) {
      const j = col[p]!;
      if (markA[j] === i + 1) f12 += val[p]! * a[j]!;
    }
  }
  const out: Invariants = { n, t: [t1, t2, t3, t4], f11, f12, f22 };
  invariantsCache.set(W, out);
  return out;
}

/** Probes per block: one pass over W updates this many interleaved vectors. */
export const PROBE_BLOCK = 8;

/** Y = A·X for B interleaved vectors (entry i of vector c at [i·B + c]); A square CSR. */
export function blockMatVec(A: CsrMatrix, X: Float64Array, B: number, Y: Float64Array): Float64Array {
  if (B === 8) return matVec8(A, X, Y);
  const { n, rowPtr, col, val } = A;
  if (B === 1) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) s += val[p]! * X[col[p]!]!;
      Y[i] = s;
    }
    return Y;
  }
  for (let i = 0; i < n; i++) {
    const o = i * B;
    for (let c = 0; c < B; c++) Y[o + c] = 0;
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) {
      const w = val[p]!;
      const j = col[p]! * B;
      for (let c = 0; c < B; c++) Y[o + c]! += w * X[j + c]!;
    }
  }
  return Y;
}

/** The 8-wide product with the accumulators in registers (the probes' hot loop). */
function matVec8(A: CsrMatrix, X: Float64Array, Y: Float64Array): Float64Array {
  const { n, rowPtr, col, val } = A;
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) {
      const w = val[p]!;
      const j = col[p]! << 3;
      s0 += w * X[j]!;
      s1 += w * X[j + 1]!;
      s2 += w * X[j + 2]!;
      s3 += w * X[j + 3]!;
      s4 += w * X[j + 4]!;
      s5 += w * X[j + 5]!;
      s6 += w * X[j + 6]!;
      s7 += w * X[j + 7]!;
    }
    const o = i << 3;
    Y[o] = s0;
    Y[o + 1] = s1;
    Y[o + 2] = s2;
    Y[o + 3] = s3;
    Y[o + 4] = s4;
    Y[o + 5] = s5;
    Y[o + 6] = s6;
    Y[o + 7] = s7;
  }
  return Y;
}

/**
 * Fill `Z` (n × B interleaved) with Rademacher probes p0 .. p0 + B − 1 of the stream `seed`. Probe p is a pure
 * function of (seed, p), whatever the block size: its own generator, 32 signs per uniform draw.
 */
export function fillProbes(Z: Float64Array, n: number, B: number, seed: number, p0: number): void {
  for (let c = 0; c < B; c++) {
    const rng = createRng((seed + 0x632be5ab * (p0 + c + 1)) | 0);
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = Math.floor(rng.uniform() * 4294967296) >>> 0;
      Z[i * B + c] = bits & 1 ? 1 : -1;
      bits >>>= 1;
    }
  }
}

export type TraceBasis = 'power' | 'chebyshev';

/** Estimates of tr(P_k), k = 0..order, with the per-probe samples for the standard error of any combination. */
export interface TraceEstimate {
  basis: TraceBasis;
  n: number;
  order: number;
  probes: number;
  seed: number;
  /** Chebyshev basis: the scale r (P_k = T_k(S/r)). 1 for the power basis. */
  scale: number;
  /** Orders 0..exactOrder are exact (their samples hold the exact value). */
  exactOrder: number;
  /** tr(P_k): the exact value, or the mean over probes. */
  t: Float64Array;
  /** Per-probe values, probes × (order + 1) row-major. */
  samples: Float64Array;
}

export interface TraceEstimateOptions {
  basis?: TraceBasis;
  probes?: number;
  seed?: number;
  /** Chebyshev basis: D with DW symmetric (symmetrizingScale); the recurrence runs on the symmetric similar matrix. */
  symmetrizer?: Float64Array;
  scale?: number;
  /**
   * Exact traces instead of probes: the N unit vectors e_j replace the probes (N·order products with W; for
   * small N and for checks against references). The result has probes = 0 and standard errors 0.
   */
  exact?: boolean;
  /** Called after each block of probes with the fraction done (progress reporting). */
  onProgress?: (done: number) => void;
}

/** The symmetric S = D^{1/2} W D^{−1/2} scaled by 1/r (same pattern as W). */
function scaledSymmetric(W: CsrMatrix, d: Float64Array, r: number): CsrMatrix {
  const val = new Float64Array(W.val.length);
  for (let i = 0; i < W.n; i++) {
    const si = Math.sqrt(d[i]!);
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++)
      val[p] = (si * W.val[p]!) / Math.sqrt(d[W.col[p]!]!) / r;
  }
  return { ...W, val };
}

/** The 8 column dot products of two n × 8 interleaved blocks, into acc (accumulators in registers). */
function dots8(X: Float64Array, Y: Float64Array, n: number, acc: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  for (let i = 0, o = 0; i < n; i++, o += 8) {
    s0 += X[o]! * Y[o]!;
    s1 += X[o + 1]! * Y[o + 1]!;
    s2 += X[o + 2]! * Y[o + 2]!;
    s3 += X[o + 3]! * Y[o + 3]!;
    s4 += X[o + 4]! * Y[o + 4]!;
    s5 += X[o + 5]! * Y[o + 5]!;
    s6 += X[o + 6]! * Y[o + 6]!;
    s7 += X[o + 7]! * Y[o + 7]!;
  }
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
  acc[4] = s4;
  acc[5] = s5;
  acc[6] = s6;
  acc[7] = s7;
}

/** Exact tr(P_k) for k ≤ 4 from the invariants (Chebyshev: T_2 = 2x² − 1, T_3 = 4x³ − 3x, T_4 = 8x⁴ − 8x² + 1). */
function exactLow(inv: Invariants, basis: TraceBasis, r: number): number[] {
  const n = inv.n;
  const [t1, t2, t3, t4] = inv.t;
  if (basis === 'power') return [n, t1, t2, t3, t4];
  const s1 = t1 / r;
  const s2 = t2 / (r * r);
  const s3 = t3 / r ** 3;
  const s4 = t4 / r ** 4;
  return [n, s1, 2 * s2 - n, 4 * s3 - 3 * s1, 8 * s4 - 8 * s2 + n];
}

/** Hutchinson estimates of tr(P_k(W)), k = 0..order, exact for k ≤ 4. */
export function estimateTraces(W: CsrMatrix, order: number, opts: TraceEstimateOptions = {}): TraceEstimate {
  const n = W.n;
  const basis = opts.basis ?? 'power';
  const probes = opts.probes ?? 16;
  const seed = opts.seed ?? 12345;
  if (!(Number.isInteger(order) && order >= 1)) throw new SolverError('R915', { case: 'order', order });
  let A = W;
  const r = basis === 'chebyshev' ? (opts.scale ?? 1) : 1;
  if (basis === 'chebyshev') {
    if (!opts.symmetrizer) throw new SolverError('R916');
    A = scaledSymmetric(W, opts.symmetrizer, r);
  }
  const exact = exactLow(lowOrderInvariants(W), basis, r);
  if (opts.exact) return exactTraces(A, exact, basis, order, seed, r);
  if (!(Number.isInteger(probes) && probes >= 2)) throw new SolverError('R917', { probes });
  const exactOrder = Math.min(4, order);
  const m = order + 1;
  const samples = new Float64Array(probes * m);
  const B = PROBE_BLOCK;
  const Z = new Float64Array(n * B);
  let prev = new Float64Array(n * B);
  let cur = new Float64Array(n * B);
  let next = new Float64Array(n * B);
  const acc = new Float64Array(B);
  // orders ≤ 4 are exact: no probe is needed
  for (let p0 = 0; order > exactOrder && p0 < probes; p0 += B) {
    const nb = Math.min(B, probes - p0);
    fillProbes(Z, n, B, seed, p0);
    prev.set(Z);
    blockMatVec(A, Z, B, cur);
    for (let k = 1; k <= order; k++) {
      if (k > exactOrder) {
        dots8(Z, cur, n, acc);
        for (let c = 0; c < nb; c++) samples[(p0 + c) * m + k] = acc[c]!;
      }
      if (k === order) break;
      blockMatVec(A, cur, B, next);
      if (basis === 'chebyshev') for (let q = 0; q < next.length; q++) next[q] = 2 * next[q]! - prev[q]!;
      const tmp = prev;
      prev = cur;
      cur = next;
      next = tmp;
    }
    opts.onProgress?.(Math.min(1, (p0 + nb) / probes));
  }
  const t = new Float64Array(m);
  for (let k = 0; k <= order; k++) {
    if (k <= exactOrder) {
      t[k] = exact[k]!;
      for (let p = 0; p < probes; p++) samples[p * m + k] = exact[k]!;
    } else {
      let s = 0;
      for (let p = 0; p < probes; p++) s += samples[p * m + k]!;
      t[k] = s / probes;
    }
  }
  return { basis, n, order, probes, seed, scale: r, exactOrder, t, samples };
}

/** tr(P_k), k ≤ order, column by column in blocks of 8 unit vectors (orders ≤ 4 from the invariants). */
function exactTraces(
  A: CsrMatrix,
  low: number[],
  basis: TraceBasis,
  order: number,
  seed: number,
  r: number,
): TraceEstimate {
  const n = A.n;
  const B = PROBE_BLOCK;
  const t = new Float64Array(order + 1);
  let prev = new Float64Array(n * B);
  let cur = new Float64Array(n * B);
  let next = new Float64Array(n * B);
  const Z = new Float64Array(n * B);
  for (let j0 = 0; order > 4 && j0 < n; j0 += B) {
    const w = Math.min(B, n - j0);
    Z.fill(0);
    for (let c = 0; c < w; c++) Z[(j0 + c) * B + c] = 1;
    prev.set(Z);
    blockMatVec(A, Z, B, cur);
    for (let k = 1; k <= order; k++) {
      for (let c = 0; c < w; c++) t[k]! += cur[(j0 + c) * B + c]!;
      if (k === order) break;
      blockMatVec(A, cur, B, next);
      if (basis === 'chebyshev') for (let q = 0; q < next.length; q++) next[q] = 2 * next[q]! - prev[q]!;
      const tmp = prev;
      prev = cur;
      cur = next;
      next = tmp;
    }
  }
  for (let k = 0; k <= Math.min(4, order); k++) t[k] = low[k]!;
  return { basis, n, order, probes: 0, seed, scale: r, exactOrder: order, t, samples: new Float64Array(0) };
}

/** Σ_k c_k tr(P_k) and its standard error over the probes (c may be shorter than order + 1; longer is an error). */
export function combineTraces(te: TraceEstimate, c: ArrayLike<number>): { value: number; se: number } {
  const m = te.order + 1;
  if (c.length > m) throw new SolverError('R915', { case: 'combination', order: c.length - 1, max: te.order });
  let value = 0;
  for (let k = 0; k < c.length; k++) value += c[k]! * te.t[k]!;
  const P = te.probes;
  if (te.exactOrder >= c.length - 1 || P < 2) return { value, se: 0 };
  let s1 = 0;
  let s2 = 0;
  for (let p = 0; p < P; p++) {
    let v = 0;
    for (let k = te.exactOrder + 1; k < c.length; k++) v += c[k]! * te.samples[p * m + k]!;
    s1 += v;
    s2 += v * v;
  }
  const mean = s1 / P;
  const variance = Math.max(0, (s2 - P * mean * mean) / (P - 1));
  return { value, se: Math.sqrt(variance / P) };
}

/**
 * Power traces tr(W^k), k = 0..order, from a Chebyshev-basis estimate: x^k = 2^{1−k} Σ_{j ≡ k (2)} C(k, (k−j)/2)·T_j
 * (the j = 0 term halved) — positive weights summing to 1, so no cancellation — scaled by r^k. Samples convert
 * linearly, so standard errors carry over.
 */
export function chebyshevToPower(te: TraceEstimate): TraceEstimate {
  if (te.basis === 'power') return te;
  const m = te.order + 1;
  const r = te.scale;
  // weights w[k][j] computed in log space to stay finite at high order
  const lf = new Float64Array(m + 1);
  for (let i = 1; i <= m; i++) lf[i] = lf[i - 1]! + Math.log(i);
  const conv = (src: Float64Array, off: number, dst: Float64Array, doff: number) => {
    for (let k = 0; k <= te.order; k++) {
      let s = 0;
      for (let j = k % 2; j <= k; j += 2) {
        const h = (k - j) / 2;
        const w = Math.exp((1 - k) * Math.LN2 + lf[k]! - lf[h]! - lf[k - h]!) * (j === 0 ? 0.5 : 1);
        s += w * src[off + j]!;
      }
      dst[doff + k] = k === 0 ? te.n : s * r ** k;
    }
  };
  const t = new Float64Array(m);
  conv(te.t, 0, t, 0);
  const samples = new Float64Array(te.samples.length);
  for (let p = 0; p < te.probes; p++) conv(te.samples, p * m, samples, p * m);
  return { ...te, basis: 'power', scale: 1, t, samples };
}

/**
 * Trace estimates of one W with fixed probes, extended on demand: `get(order)` recomputes with the same probe
 * streams (so lower orders are unchanged bit for bit) when a higher order is asked for. Shared by the
 * log-determinant, the traces of the information matrix and the effects of a fit through `traceSource`.
 */
export class TraceSource {
  private est: TraceEstimate | null = null;
  private power: TraceEstimate | null = null;
  constructor(
    readonly W: CsrMatrix,
    readonly opts: TraceEstimateOptions & { basis: TraceBasis; probes: number; seed: number },
  ) {}

  get order(): number {
    return this.est?.order ?? 0;
  }

  /** Estimates in the source's basis, of order ≥ `order`. */
  get(order: number): TraceEstimate {
    if (!this.est || this.est.order < order) {
      // grow geometrically so repeated small raises do not repeat the work many times
      const m = this.est ? Math.max(order, Math.ceil(1.5 * this.est.order)) : order;
      this.est = estimateTraces(this.W, m, this.opts);
      this.power = null;
    }
    return this.est;
  }

  /** Power traces tr(W^k), k ≤ order (converted from the Chebyshev basis when that is the source's). */
  powerTraces(order: number): TraceEstimate {
    const e = this.get(order);
    this.power ??= chebyshevToPower(e);
    return this.power;
  }
}

const sources = new WeakMap<CsrMatrix, Map<string, TraceSource>>();

/** The shared TraceSource of W for these settings (one per W, basis, probes and seed). */
export function traceSource(
  W: CsrMatrix,
  opts: TraceEstimateOptions & { basis: TraceBasis; probes: number; seed: number },
): TraceSource {
  let m = sources.get(W);
  if (!m) sources.set(W, (m = new Map()));
  const key = `${opts.basis}:${opts.exact ? 'exact' : opts.probes}:${opts.seed}:${opts.scale ?? 1}:${opts.symmetrizer ? 's' : ''}`;
  let s = m.get(key);
  if (!s) m.set(key, (s = new TraceSource(W, opts)));
  return s;
}
