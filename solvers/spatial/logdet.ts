// ln|I − ρW| for the concentrated likelihoods, and traces tr(W^k) for effects.
//
// Methods (chosen automatically, overridable):
// - 'eigen' (N ≤ eigenMaxN, default 400, and W similar to a symmetric matrix): eigenvalues once, then
//   ln|I − ρW| = Σ ln|1 − ρλ_i| exactly for every ρ. (Asked for explicitly it also handles other W, with complex
//   eigenvalues from a general dense decomposition.)
//   Also gives the admissible interval (1/λ_min, 1/λ_max) exactly (over the real parts, as spatialreg).
// - 'lu' (N ≤ exactMaxN, default EXACT_LOGDET_MAX_N = 20,000): sparse LU of I − ρW with a minimum-degree ordering
//   computed once (sparselu.ts); each evaluation is one numeric factorisation — exact to rounding. Interval
//   (−1/r, 1/r), r = spectral radius bound (1 for row-standardised W), on which the unpivoted factorisation is
//   guaranteed stable.
// Above exactMaxN 'auto' uses an approximation computed once per fit over the whole interval, with a stated error
// bound; both rest on seeded Hutchinson traces (traces.ts, orders ≤ 4 exact) and cost O(nnz·order·probes):
// - 'chebyshev' (Pace & LeSage 2004; 'auto' when W is similar to a symmetric matrix, so its spectrum is real):
//   ln(1 − αx) interpolated at the q + 1 Chebyshev nodes x_k = cos(π(k − ½)/(q + 1)) (α = ρr, x = λ/r),
//   ln|I − ρW| ≈ Σ_j c_j(α) tr(T_j(W/r)) − (N/2)c_0(α), as spatialreg's do_ldet "Chebyshev". Since
//   ln(1 − αx) = −ln(1 + ω²) − 2Σ_k ω^k T_k(x)/k with ω = (1 − √(1 − α²))/α, the interpolation error is at most
//   2Σ_{k>q} |a_k| per eigenvalue: |error| ≤ 4N·ω^{q+1}/((q + 1)(1 − ω)), and its ρ-derivative ≤ 4Nrω′ω^q/(1 − ω).
// - 'mc' (Barry & Pace 1999; 'auto' otherwise): ln|I − ρW| = −Σ_{k≤m} ρ^k tr(W^k)/k, truncation
//   ≤ N(r|ρ|)^{m+1}/((m + 1)(1 − r|ρ|)) for any spectrum in the disc |λ| ≤ r, derivative ≤ Nr(r|ρ|)^m/(1 − r|ρ|).
// `errorBound(ρ)` = truncation + 3 standard errors of the probe average (0 for exact methods); `bounds(ρ)` splits
// it, for the value and the ρ-derivative. maximizeConcentrated (concentrated.ts) turns the derivative bound into a
// bound on ρ̂ and raises the order until the truncation part is negligible.
import { SolverError } from '../errors.ts';
import { warningLine } from '../../diagnostics/index.ts';
import { createRng } from '../random.ts';
import { type CsrMatrix, csrGet, csrMatVec, csrRowSums, csrTranspose } from './csr.ts';
import { type Eigenvalues, weightsEigenvalues } from './eigen.ts';
import { IterativeShifted, type ShiftedSolver } from './shifted.ts';
import { SparseLU } from './sparselu.ts';
import { combineTraces, type TraceEstimate, type TraceSource, traceSource } from './traces.ts';
import { symmetrizingScale } from './weights.ts';

export type LogDetMethod = 'auto' | 'eigen' | 'lu' | 'mc' | 'chebyshev';

/** Largest N for which 'auto' uses an exact log-determinant (eigenvalues or sparse LU); approximations above. */
export const EXACT_LOGDET_MAX_N = 20_000;

/** Settings of an approximation: order (default adaptive from 30 for 'mc', 10 for 'chebyshev'), probes, seed. */
export interface ApproxSettings {
  /** Series order m (mc) or Chebyshev degree q. Fixed when given; otherwise raised until the truncation is negligible. */
  order?: number;
  /** Hutchinson probes (default 16). */
  probes?: number;
  /** Default 12345. */
  seed?: number;
  /** Exact traces (N·order products with W) instead of probes: for small N and checks against references. */
  exactTraces?: boolean;
}

export interface LogDetOptions {
  method?: LogDetMethod;
  /** Largest N for which 'auto' picks 'eigen'. Default 400. */
  eigenMaxN?: number;
  /** Largest N for which 'auto' picks an exact method. Default EXACT_LOGDET_MAX_N. */
  exactMaxN?: number;
  /** Override the admissible interval for ρ (open interval). */
  interval?: [number, number];
  /** Monte Carlo (Barry–Pace) settings. */
  mc?: ApproxSettings;
  /** Chebyshev (Pace–LeSage) settings. */
  chebyshev?: ApproxSettings;
  /** Progress of the trace probes (0..1). */
  onProgress?: (fraction: number) => void;
}

/** Parts of an error bound: the truncation bound, the probes' standard error, and truncation + 3 s.e. */
export interface BoundParts {
  truncation: number;
  se: number;
  total: number;
}

export interface LogDet {
  method: 'eigen' | 'lu' | 'mc' | 'chebyshev';
  /** Open interval of admissible ρ (I − ρW invertible, containing 0). */
  interval: [number, number];
  /** ln|det(I − ρW)|. */
  logdet(rho: number): number;
  /** Eigenvalues when method is 'eigen'. */
  eigen?: Eigenvalues;
  /** The sparse factorisation when method is 'lu' (holds the last ρ factored). */
  lu?: SparseLU;
  /** Solves with I − ρW: the sparse LU for exact methods, the Neumann iteration for approximations (created lazily). */
  readonly solver: ShiftedSolver;
  /** Absolute error bound of logdet(ρ): truncation + 3 standard errors (0 for exact methods). */
  errorBound(rho: number): number;
  /** Approximations: the bound of the value and of the ρ-derivative, by part. */
  bounds?(rho: number): { value: BoundParts; derivative: BoundParts };
  /** Approximations: d/dρ of the approximation. */
  derivative?(rho: number): number;
  /** Approximations: current order, probes and seed; whether the order was fixed by the caller. */
  settings?: { order: number; probes: number; seed: number; fixedOrder: boolean; spectrum: 'real' | 'any' };
  /** Approximations: the smallest order whose derivative truncation bound at ρ is ≤ target. */
  orderFor?(rho: number, derivativeTarget: number): number;
  /** Approximations: raise the order (recomputes the traces with the same probes). */
  setOrder?(order: number): void;
  /** Approximations: the shared trace estimates of W (power traces for the information matrix and effects). */
  traces?: TraceSource;
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
  if (!(hi > 0)) throw new SolverError('R524');
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

/** Largest order an adaptive approximation is raised to. */
const MAX_ORDER = 1000;

/** Chebyshev nodes x_k and T_j(x_k), j ≤ q, for degree q (row-major (q + 1) × (q + 1): [j·(q+1) + k]). */
function chebyshevNodes(q: number): { x: Float64Array; T: Float64Array } {
  const m = q + 1;
  const x = Float64Array.from({ length: m }, (_, k) => Math.cos((Math.PI * (k + 0.5)) / m));
  const T = new Float64Array(m * m);
  for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) T[j * m + k] = Math.cos((Math.PI * j * (k + 0.5)) / m);
  return { x, T };
}

/** ω = (1 − √(1 − α²))/|α| and dω/d|α| = ω/(s|α|), s = √(1 − α²) (the limits 0 and ½ at α = 0). */
function chebyshevOmega(alpha: number): { w: number; dw: number } {
  const a = Math.abs(alpha);
  if (a >= 1) return { w: 1, dw: Infinity };
  if (a < 1e-8) return { w: a / 2, dw: 0.5 };
  const s = Math.sqrt(1 - a * a);
  const w = (1 - s) / a;
  return { w, dw: w / (s * a) };
}

/** Whether createLogDet(W, opts) will be an approximation (decided without computing anything costly). */
export function isApproximateLogDet(W: CsrMatrix, opts: LogDetOptions = {}): boolean {
  const m = opts.method ?? 'auto';
  return m === 'auto' ? W.n > (opts.exactMaxN ?? EXACT_LOGDET_MAX_N) : m === 'mc' || m === 'chebyshev';
}

/** Build a log-determinant evaluator for W. */
export function createLogDet(W: CsrMatrix, opts: LogDetOptions = {}): LogDet {
  const n = W.n;
  let method = opts.method ?? 'auto';
  const exactMaxN = opts.exactMaxN ?? EXACT_LOGDET_MAX_N;
  let symmetrizer: Float64Array | null | undefined;
  const symm = () => (symmetrizer === undefined ? (symmetrizer = symmetrizingScale(W)) : symmetrizer);
  // 'auto' uses eigenvalues only where they are cheap: small N and W similar to a symmetric matrix (real
  // spectrum, tridiagonal QL). A general dense eigen-decomposition costs seconds at N = 400; the LU does not.
  if (method === 'auto') {
    if (n <= exactMaxN) method = n <= (opts.eigenMaxN ?? 400) && symm() ? 'eigen' : 'lu';
    else method = symm() ? 'chebyshev' : 'mc';
  }
  if (method === 'eigen') {
    const ev = weightsEigenvalues(W);
    const interval = opts.interval ?? eigenInterval(ev);
    let lu: SparseLU | undefined;
    return {
      method,
      interval,
      eigen: ev,
      logdet: (rho) => logdetFromEigen(ev, rho),
      errorBound: () => 0,
      get solver() {
        return (lu ??= new SparseLU(W));
      },
    };
  }
  const r = spectralRadiusBound(W);
  if (!(r > 0)) throw new SolverError('R525');
  const interval: [number, number] = opts.interval ?? [-1 / r, 1 / r];
  if (method === 'lu') {
    const lu = new SparseLU(W);
    return {
      method,
      interval,
      lu,
      solver: lu,
      logdet(rho) {
        lu.factor(rho);
        const { value, sign } = lu.logDet();
        if (sign < 0) throw new SolverError('R906', { rho });
        return value;
      },
      errorBound: () => 0,
    };
  }
  if (method !== 'mc' && method !== 'chebyshev') throw new SolverError('R909', { method: String(method) });
  if (method === 'chebyshev' && !symm()) throw new SolverError('R910');
  return approximateLogDet(W, method, r, interval, method === 'chebyshev' ? symm() : null, opts);
}

/** The Chebyshev and Monte Carlo approximations (see the header). */
function approximateLogDet(
  W: CsrMatrix,
  method: 'mc' | 'chebyshev',
  r: number,
  interval: [number, number],
  symmetrizer: Float64Array | null,
  opts: LogDetOptions,
): LogDet {
  const n = W.n;
  const set = (method === 'mc' ? opts.mc : opts.chebyshev) ?? {};
  const probes = set.exactTraces ? 0 : (set.probes ?? 16);
  const seed = set.seed ?? 12345;
  const fixedOrder = set.order !== undefined;
  let order = set.order ?? (method === 'mc' ? 30 : 10);
  if (!(Number.isInteger(order) && order >= 1 && order <= MAX_ORDER))
    throw new SolverError('R911', { method, order, max: MAX_ORDER });
  const source = traceSource(W, {
    basis: method === 'mc' ? 'power' : 'chebyshev',
    probes,
    seed,
    scale: r,
    ...(set.exactTraces ? { exact: true } : {}),
    ...(symmetrizer ? { symmetrizer } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  let te: TraceEstimate = source.get(order);
  // the Taylor bound holds for any spectrum in the disc |λ| ≤ r; the Chebyshev bound needs a real spectrum
  const spectrum: 'real' | 'any' = method === 'mc' ? 'any' : 'real';
  let solver: ShiftedSolver | undefined;
  const parts = (truncation: number, se: number): BoundParts => ({
    truncation,
    se,
    total: truncation + 3 * se,
  });

  // coefficient vectors of the value and the derivative in tr(P_k), k = 0..order
  let coef: (rho: number) => { c: Float64Array; d: Float64Array };
  let truncation: (rho: number, m: number) => { value: number; derivative: number };
  if (method === 'mc') {
    coef = (rho) => {
      const c = new Float64Array(order + 1);
      const d = new Float64Array(order + 1);
      let pk = 1;
      for (let k = 1; k <= order; k++) {
        d[k] = -pk;
        pk *= rho;
        c[k] = -pk / k;
      }
      return { c, d };
    };
    truncation = (rho, m) => {
      const q = Math.abs(rho) * r;
      if (q >= 1) return { value: Infinity, derivative: Infinity };
      return { value: (n * q ** (m + 1)) / ((m + 1) * (1 - q)), derivative: (n * r * q ** m) / (1 - q) };
    };
  } else {
    let nodes = chebyshevNodes(order);
    coef = (rho) => {
      const m = order + 1;
      if (nodes.x.length !== m) nodes = chebyshevNodes(order);
      const alpha = rho * r;
      const c = new Float64Array(m);
      const d = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const xk = nodes.x[k]!;
        const f = Math.log(1 - alpha * xk);
        const g = (-xk / (1 - alpha * xk)) * r;
        for (let j = 0; j < m; j++) {
          c[j]! += f * nodes.T[j * m + k]!;
          d[j]! += g * nodes.T[j * m + k]!;
        }
      }
      // (2/(q + 1))·Σ_k, with the j = 0 term entering as c_0·N − (N/2)c_0
      for (let j = 0; j < m; j++) {
        const s = (2 / m) * (j === 0 ? 0.5 : 1);
        c[j]! *= s;
        d[j]! *= s;
      }
      return { c, d };
    };
    truncation = (rho, m) => {
      const { w, dw } = chebyshevOmega(rho * r);
      if (w >= 1) return { value: Infinity, derivative: Infinity };
      return {
        value: (4 * n * w ** (m + 1)) / ((m + 1) * (1 - w)),
        derivative: (4 * n * r * dw * w ** m) / (1 - w),
      };
    };
  }
  const ld: LogDet = {
    method,
    interval,
    logdet(rho) {
      if (!(Math.abs(rho) * r < 1)) throw new SolverError('R912', { rho, method });
      const { c } = coef(rho);
      let s = 0;
      for (let k = 0; k <= order; k++) s += c[k]! * te.t[k]!;
      return s;
    },
    derivative(rho) {
      const { d } = coef(rho);
      let s = 0;
      for (let k = 0; k <= order; k++) s += d[k]! * te.t[k]!;
      return s;
    },
    bounds(rho) {
      const { c, d } = coef(rho);
      const tr = truncation(rho, order);
      const v = combineTraces(te, c);
      const dv = combineTraces(te, d);
      return { value: parts(tr.value, v.se), derivative: parts(tr.derivative, dv.se) };
    },
    errorBound(rho) {
      return this.bounds!(rho).value.total;
    },
    get settings() {
      return { order, probes, seed, fixedOrder, spectrum };
    },
    orderFor(rho, target) {
      let m = order;
      while (m < MAX_ORDER && truncation(rho, m).derivative > target) m++;
      return m;
    },
    setOrder(m) {
      order = Math.min(MAX_ORDER, Math.max(1, Math.round(m)));
      te = source.get(order);
    },
    traces: source,
    get solver() {
      return (solver ??= new IterativeShifted(W));
    },
  };
  return ld;
}

/** What a fit reports about its log-determinant. */
export interface LogDetReport {
  method: LogDet['method'];
  approximate: boolean;
  /** Approximations: order (series order m or Chebyshev degree q), probes and seed. */
  order?: number;
  probes?: number;
  seed?: number;
  /** Bound on the error of ln|I − ρ̂W| (truncation + 3 s.e.; 0 when exact). */
  bound: number;
  boundParts?: BoundParts;
  /** First-order bound on |ρ̂ − ρ̂(exact)| (0 when exact). */
  rhoBound: number;
  /** One sentence for tables and reports. */
  description: string;
  /** A few words for a regression table's statistics ('Monte Carlo (m = 30, 16 probes), ρ ± 1.4e-5'). */
  short: string;
  /** The LOGDET_APPROXIMATE warning (approximations only). */
  warning: string;
}

const METHOD_NAMES: Record<LogDet['method'], string> = {
  eigen: 'exact (eigenvalues)',
  lu: 'exact (sparse LU)',
  chebyshev: 'Chebyshev approximation (Pace & LeSage 2004)',
  mc: 'Monte Carlo approximation (Barry & Pace 1999)',
};

/** The report of a log-determinant at the estimate, with the ρ bound of maximizeConcentrated. */
export function logDetReport(ld: LogDet, rhoHat: number, opt: { rhoBound: number }): LogDetReport {
  const name = METHOD_NAMES[ld.method];
  if (!ld.bounds || !ld.settings)
    return {
      method: ld.method,
      approximate: false,
      bound: 0,
      rhoBound: 0,
      description: name,
      short: name,
      warning: '',
    };
  const s = ld.settings;
  const v = ld.bounds(rhoHat).value;
  const e = (x: number) => (Number.isFinite(x) ? x.toExponential(1) : '∞');
  const what = `${ld.method === 'mc' ? `series order ${s.order}` : `degree ${s.order}`}, ${s.probes ? `${s.probes} probes (seed ${s.seed})` : 'exact traces'}`;
  const description = `${name}, ${what}: |error| ≤ ${e(v.total)} at ρ̂ (truncation ${e(v.truncation)} + 3 × s.e. ${e(v.se)}); ρ̂ within ±${e(opt.rhoBound)} of the exact-log-determinant estimate`;
  return {
    method: ld.method,
    approximate: true,
    order: s.order,
    probes: s.probes,
    seed: s.seed,
    bound: v.total,
    boundParts: v,
    rhoBound: opt.rhoBound,
    description,
    short: `${ld.method === 'mc' ? `Monte Carlo (m = ${s.order}` : `Chebyshev (q = ${s.order}`}, ${s.probes ? `${s.probes} probes` : 'exact traces'}), ρ ± ${e(opt.rhoBound)}`,
    warning: warningLine('W502', { case: 'report', description }),
  };
}
