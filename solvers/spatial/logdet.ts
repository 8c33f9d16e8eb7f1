// ln|I − ρW| for the concentrated likelihoods, and traces tr(W^k) for effects.
//
// Methods (chosen automatically, overridable):
// - 'eigen' (N ≤ eigenMaxN, default 400, and W similar to a symmetric matrix): eigenvalues once, then
//   ln|I − ρW| = Σ ln|1 − ρλ_i| exactly for every ρ. (Asked for explicitly it also handles other W, with complex
//   eigenvalues from a general dense decomposition.)
//   Also gives the admissible interval (1/λ_min, 1/λ_max) exactly (over the real parts, as spatialreg).
// - 'lu' (larger N): sparse LU of I − ρW with a minimum-degree ordering computed once (sparselu.ts); each
//   evaluation is one numeric factorisation — exact to rounding. Interval (−1/r, 1/r), r = spectral radius bound
//   (1 for row-standardised W), the interval on which the unpivoted factorisation is guaranteed stable.
// - 'mc': Barry & Pace (1999) Monte Carlo: ln|I − ρW| = −Σ_{k≥1} ρ^k tr(W^k)/k with tr(W^k) estimated by
//   Hutchinson probes (Rademacher, seeded), tr(W) and tr(W²) exact. `errorBound(ρ)` = truncation bound
//   N·r^{m+1}|ρ|^{m+1}/((m+1)(1 − r|ρ|)) plus 3 standard errors of the probe average. Cheap for huge N,
//   approximate (SDPDmod uses this above N = 1000 with m = p = 30).
import { SolverError } from '../errors.ts';
import { createRng } from '../random.ts';
import { type CsrMatrix, csrGet, csrMatVec, csrRowSums, csrTranspose } from './csr.ts';
import { type Eigenvalues, weightsEigenvalues } from './eigen.ts';
import { SparseLU } from './sparselu.ts';
import { symmetrizingScale } from './weights.ts';

export type LogDetMethod = 'auto' | 'eigen' | 'lu' | 'mc';

export interface LogDetOptions {
  method?: LogDetMethod;
  /** Largest N for which 'auto' picks 'eigen'. Default 400. */
  eigenMaxN?: number;
  /** Override the admissible interval for ρ (open interval). */
  interval?: [number, number];
  /** Monte Carlo settings: series order m (default 30), probes p (default 30), seed (default 12345). */
  mc?: { order?: number; probes?: number; seed?: number };
}

export interface LogDet {
  method: 'eigen' | 'lu' | 'mc';
  /** Open interval of admissible ρ (I − ρW invertible, containing 0). */
  interval: [number, number];
  /** ln|det(I − ρW)|. */
  logdet(rho: number): number;
  /** Eigenvalues when method is 'eigen'. */
  eigen?: Eigenvalues;
  /** The sparse factorisation when method is 'lu' (holds the last ρ factored). */
  lu?: SparseLU;
  /** Absolute error bound of logdet(ρ) for 'mc' (0 for exact methods). */
  errorBound(rho: number): number;
}

/** Upper bound on the spectral radius: min(max row sum, max column sum) of |W| (exact for row-standardised W). */
export function spectralRadiusBound(W: CsrMatrix): number {
  const absW = { ...W, val: W.val.map(Math.abs) };
  const rs = csrRowSums(absW);
  const cs = csrRowSums(csrTranspose(absW));
  let r = 0;
  let c = 0;
  for (let i = 0; i < W.n; i++) {
    r = Math.max(r, rs[i]!);
    c = Math.max(c, cs[i]!);
  }
  const b = Math.min(r, c);
  // row sums of a row-standardised W are 1 only up to rounding; report the exact 1
  return Math.abs(b - 1) < 1e-12 ? 1 : b;
}

function eigenInterval(ev: Eigenvalues): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < ev.re.length; i++) {
    lo = Math.min(lo, ev.re[i]!);
    hi = Math.max(hi, ev.re[i]!);
  }
  if (!(hi > 0)) throw new SolverError('W_NO_POSITIVE_EIGENVALUE', 'W has no positive eigenvalue; check the weights');
  return [lo < 0 ? 1 / lo : -Infinity, 1 / hi];
}

/** ln|I − ρW| = Σ ln|1 − ρλ| from eigenvalues (complex pairs contribute ln|1 − ρλ|² together). */
export function logdetFromEigen(ev: Eigenvalues, rho: number): number {
  let s = 0;
  const { re, im } = ev;
  for (let i = 0; i < re.length; i++) {
    const a = 1 - rho * re[i]!;
    const b = rho * im[i]!;
    s += b === 0 ? Math.log(Math.abs(a)) : 0.5 * Math.log(a * a + b * b);
  }
  return s;
}

/** tr(W) and tr(W²) exactly from the sparse pattern. */
export function lowTraces(W: CsrMatrix): [number, number] {
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < W.n; i++) {
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
      const j = W.col[p]!;
      if (j === i) t1 += W.val[p]!;
      t2 += W.val[p]! * csrGet(W, j, i);
    }
  }
  return [t1, t2];
}

export interface PowerTraces {
  /** t[k] = tr(W^k) for k = 0..order (t[0] = N). */
  t: Float64Array;
  /** Standard error of each t[k] (0 where exact). */
  se: Float64Array;
  method: 'eigen' | 'exact' | 'mc';
  /** 'mc' only: per-probe values z'W^k z, row-major probes × (order + 1). */
  samples?: Float64Array;
}

/**
 * Traces tr(W^k), k = 0..order. 'eigen': Σ Re(λ^k); 'exact': column by column, N·order sparse mat-vecs;
 * 'mc': Hutchinson with Rademacher probes (seeded), exact for k ≤ 2.
 */
export function powerTraces(
  W: CsrMatrix,
  order: number,
  opts: {
    method?: 'auto' | 'eigen' | 'exact' | 'mc';
    eigen?: Eigenvalues;
    probes?: number;
    seed?: number;
    exactMaxN?: number;
  } = {},
): PowerTraces {
  const n = W.n;
  const t = new Float64Array(order + 1);
  const se = new Float64Array(order + 1);
  t[0] = n;
  let method = opts.method ?? 'auto';
  if (method === 'auto') method = opts.eigen ? 'eigen' : n <= (opts.exactMaxN ?? 2000) ? 'exact' : 'mc';
  if (method === 'eigen') {
    const ev = opts.eigen ?? weightsEigenvalues(W);
    for (let i = 0; i < n; i++) {
      // λ^k by repeated complex multiplication
      const a = ev.re[i]!;
      const b = ev.im[i]!;
      let pr = 1;
      let pi = 0;
      for (let k = 1; k <= order; k++) {
        const nr = pr * a - pi * b;
        pi = pr * b + pi * a;
        pr = nr;
        t[k]! += pr;
      }
    }
    return { t, se, method };
  }
  if (method === 'exact') {
    const v = new Float64Array(n);
    const w = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      v.fill(0);
      v[j] = 1;
      let cur = v;
      let nxt = w;
      for (let k = 1; k <= order; k++) {
        csrMatVec(W, cur, nxt);
        t[k]! += nxt[j]!;
        const tmp = cur;
        cur = nxt;
        nxt = tmp;
      }
    }
    return { t, se, method };
  }
  const probes = opts.probes ?? 50;
  const rng = createRng(opts.seed ?? 12345);
  const acc = new Float64Array(order + 1);
  const acc2 = new Float64Array(order + 1);
  const samples = new Float64Array(probes * (order + 1));
  const z = new Float64Array(n);
  let cur = new Float64Array(n);
  let nxt = new Float64Array(n);
  for (let p = 0; p < probes; p++) {
    for (let i = 0; i < n; i++) z[i] = rng.uniform() < 0.5 ? -1 : 1;
    cur.set(z);
    for (let k = 1; k <= order; k++) {
      csrMatVec(W, cur, nxt);
      let s = 0;
      for (let i = 0; i < n; i++) s += z[i]! * nxt[i]!;
      acc[k]! += s;
      acc2[k]! += s * s;
      samples[p * (order + 1) + k] = s;
      const tmp = cur;
      cur = nxt;
      nxt = tmp;
    }
  }
  const [t1, t2] = lowTraces(W);
  for (let k = 1; k <= order; k++) {
    const m = acc[k]! / probes;
    const v = probes > 1 ? Math.max(0, (acc2[k]! / probes - m * m) * (probes / (probes - 1))) : 0;
    t[k] = m;
    se[k] = Math.sqrt(v / probes);
  }
  t[1] = t1;
  se[1] = 0;
  if (order >= 2) {
    t[2] = t2;
    se[2] = 0;
  }
  return { t, se, method: 'mc', samples };
}

/** Build a log-determinant evaluator for W. */
export function createLogDet(W: CsrMatrix, opts: LogDetOptions = {}): LogDet {
  const n = W.n;
  let method = opts.method ?? 'auto';
  // 'auto' uses eigenvalues only where they are cheap: small N and W similar to a symmetric matrix (real
  // spectrum, tridiagonal QL). A general dense eigen-decomposition costs seconds at N = 400; the LU does not.
  if (method === 'auto') method = n <= (opts.eigenMaxN ?? 400) && symmetrizingScale(W) ? 'eigen' : 'lu';
  if (method === 'eigen') {
    const ev = weightsEigenvalues(W);
    const interval = opts.interval ?? eigenInterval(ev);
    return { method, interval, eigen: ev, logdet: (rho) => logdetFromEigen(ev, rho), errorBound: () => 0 };
  }
  const r = spectralRadiusBound(W);
  if (!(r > 0)) throw new SolverError('W_EMPTY', 'W has no non-zero weight');
  const interval: [number, number] = opts.interval ?? [-1 / r, 1 / r];
  if (method === 'lu') {
    const lu = new SparseLU(W);
    return {
      method,
      interval,
      lu,
      logdet(rho) {
        lu.factor(rho);
        const { value, sign } = lu.logDet();
        if (sign < 0)
          throw new SolverError(
            'LOGDET_NEGATIVE',
            `det(I − ρW) < 0 at ρ = ${rho}: ρ is outside the admissible interval`,
          );
        return value;
      },
      errorBound: () => 0,
    };
  }
  // Monte Carlo (Barry–Pace)
  const m = opts.mc?.order ?? 30;
  const probes = opts.mc?.probes ?? 30;
  const pt = powerTraces(W, m, { method: 'mc', probes, seed: opts.mc?.seed ?? 12345 });
  return {
    method: 'mc',
    interval,
    logdet(rho) {
      let s = 0;
      let pk = 1;
      for (let k = 1; k <= m; k++) {
        pk *= rho;
        s -= (pk * pt.t[k]!) / k;
      }
      return s;
    },
    errorBound(rho) {
      const a = Math.abs(rho) * r;
      const trunc = a < 1 ? (n * Math.pow(a, m + 1)) / ((m + 1) * (1 - a)) : Infinity;
      // standard error of the probe average of the k ≥ 3 part of the series (k ≤ 2 are exact)
      const P = probes;
      let s1 = 0;
      let s2 = 0;
      for (let p = 0; p < P; p++) {
        let v = 0;
        let pk = rho * rho;
        for (let k = 3; k <= m; k++) {
          pk *= rho;
          v -= (pk * pt.samples![p * (m + 1) + k]!) / k;
        }
        s1 += v;
        s2 += v * v;
      }
      const mean = s1 / P;
      const v = P > 1 ? Math.max(0, (s2 / P - mean * mean) * (P / (P - 1))) / P : 0;
      return trunc + 3 * Math.sqrt(v);
    },
  };
}
