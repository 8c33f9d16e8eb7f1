// Global Moran's I with its moments under normality and under randomisation (Cliff & Ord 1981), reported the
// way spdep::moran.test reports it: I, E[I] = −1/(n − 1), Var[I], the standard deviate z = (I − E[I])/√Var[I]
// and a p-value for alternative 'greater' (spdep's default), 'less' or 'two.sided'.
//
// Seed 001's Table 2 (Moran's I of carbon intensity by year) is `moranByPeriod` on a time-major panel; its
// p-values are two-sided (z = 2.827 ↔ p = 0.005), so pass alternative: 'two.sided' to reproduce that layout.
//
// Islands: with zeroPolicy false (spdep's default) a unit without neighbours is an error naming the units; with
// zeroPolicy true their lag is 0 and, with adjustN (default, as spdep), n is reduced by the number of islands in
// the constants (the kurtosis still uses the full length, as spdep does).
import { SolverError } from '../errors.ts';
import { type CsrMatrix, csrMatVec, csrRowSums, csrTranspose } from './csr.ts';
import { type Alternative, zPValue } from './pvalues.ts';

export interface MoranOptions {
  /** Variance under randomisation (true, default) or normality (false). */
  randomisation?: boolean;
  /** Default 'greater'. */
  alternative?: Alternative;
  /** Allow units without neighbours. Default false. */
  zeroPolicy?: boolean;
  /** Reduce n by the number of islands (spdep's adjust.n). Default true. */
  adjustN?: boolean;
}

export interface MoranResult {
  I: number;
  expectation: number;
  variance: number;
  /** Standard deviate (I − E[I]) / √Var[I]. */
  z: number;
  pValue: number;
  alternative: Alternative;
  randomisation: boolean;
  /** n used in the moments (after adjustN). */
  n: number;
  /** Sample kurtosis n·Σz⁴ / (Σz²)². */
  kurtosis: number;
}

/** Weights constants S0, S1, S2 and the effective n; computed once per W. */
export interface MoranConstants {
  n: number;
  S0: number;
  S1: number;
  S2: number;
  islands: string[];
}

export function moranConstants(W: CsrMatrix, opts: Pick<MoranOptions, 'zeroPolicy' | 'adjustN'> = {}): MoranConstants {
  const n = W.n;
  const isl: string[] = [];
  for (let i = 0; i < n; i++) if (W.rowPtr[i + 1] === W.rowPtr[i]) isl.push(W.names[i]!);
  if (isl.length && !opts.zeroPolicy) {
    throw new SolverError('R523', { islands: isl, remedy: 'zeroPolicy' });
  }
  const Wt = csrTranspose(W);
  let S0 = 0;
  let S1 = 0;
  // S1 = ½ Σ_ij (w_ij + w_ji)²: walk the union pattern of W and Wᵀ row by row (both have sorted columns).
  for (let i = 0; i < n; i++) {
    let p = W.rowPtr[i]!;
    const pe = W.rowPtr[i + 1]!;
    let q = Wt.rowPtr[i]!;
    const qe = Wt.rowPtr[i + 1]!;
    while (p < pe || q < qe) {
      const cp = p < pe ? W.col[p]! : n;
      const cq = q < qe ? Wt.col[q]! : n;
      let s: number;
      if (cp === cq) s = W.val[p++]! + Wt.val[q++]!;
      else if (cp < cq) s = W.val[p++]!;
      else s = Wt.val[q++]!;
      S1 += s * s;
    }
  }
  S1 *= 0.5;
  const rs = csrRowSums(W);
  const cs = csrRowSums(Wt);
  let S2 = 0;
  for (let i = 0; i < n; i++) {
    S0 += rs[i]!;
    const s = rs[i]! + cs[i]!;
    S2 += s * s;
  }
  const adjust = opts.adjustN ?? true;
  return { n: adjust ? n - isl.length : n, S0, S1, S2, islands: isl };
}

function moranCore(
  x: ArrayLike<number>,
  off: number,
  W: CsrMatrix,
  wc: MoranConstants,
  opts: MoranOptions,
  scratch: Float64Array,
  lag: Float64Array,
): MoranResult {
  const len = W.n;
  let mean = 0;
  for (let i = 0; i < len; i++) {
    const v = x[off + i]!;
    if (!Number.isFinite(v)) throw new SolverError('R590', { value: v, unit: W.names[i]! });
    mean += v;
  }
  mean /= len;
  let zz = 0;
  let z4 = 0;
  for (let i = 0; i < len; i++) {
    const z = x[off + i]! - mean;
    scratch[i] = z;
    zz += z * z;
    z4 += z * z * z * z;
  }
  if (zz === 0) throw new SolverError('R591');
  csrMatVec(W, scratch, lag);
  let zlz = 0;
  for (let i = 0; i < len; i++) zlz += scratch[i]! * lag[i]!;
  const { n, S0, S1, S2 } = wc;
  const I = (n / S0) * (zlz / zz);
  const K = (len * z4) / (zz * zz);
  const EI = -1 / (n - 1);
  const S02 = S0 * S0;
  const nn = n * n;
  const randomisation = opts.randomisation ?? true;
  let VI: number;
  if (randomisation) {
    const a = n * (S1 * (nn - 3 * n + 3) - n * S2 + 3 * S02);
    const b = K * (S1 * (nn - n) - 2 * n * S2 + 6 * S02);
    VI = (a - b) / ((n - 1) * (n - 2) * (n - 3) * S02) - EI * EI;
  } else {
    VI = (nn * S1 - n * S2 + 3 * S02) / (S02 * (nn - 1)) - EI * EI;
  }
  const z = (I - EI) / Math.sqrt(VI);
  const alternative = opts.alternative ?? 'greater';
  return {
    I,
    expectation: EI,
    variance: VI,
    z,
    pValue: zPValue(z, alternative),
    alternative,
    randomisation,
    n,
    kurtosis: K,
  };
}

/** Global Moran's I test of one cross-section x (length N, in W's unit order). */
export function moranTest(x: ArrayLike<number>, W: CsrMatrix, opts: MoranOptions = {}): MoranResult {
  if (x.length !== W.n) throw new SolverError('R592', { case: 'vector', values: x.length, n: W.n });
  if (W.n < 4) throw new SolverError('R593', { n: W.n });
  const wc = moranConstants(W, opts);
  return moranCore(x, 0, W, wc, opts, new Float64Array(W.n), new Float64Array(W.n));
}

/** Moran's I of each period of a time-major panel vector (length N·T): one result per period. */
export function moranByPeriod(y: ArrayLike<number>, W: CsrMatrix, T: number, opts: MoranOptions = {}): MoranResult[] {
  const N = W.n;
  if (y.length !== N * T) throw new SolverError('R592', { case: 'panel', values: y.length, N, T });
  if (N < 4) throw new SolverError('R593', { n: N });
  const wc = moranConstants(W, opts);
  const s = new Float64Array(N);
  const l = new Float64Array(N);
  const out: MoranResult[] = [];
  for (let t = 0; t < T; t++) out.push(moranCore(y, t * N, W, wc, opts, s, l));
  return out;
}
