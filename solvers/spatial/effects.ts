// Direct, indirect and total effects (LeSage & Pace 2009, ch. 2.7) with inference by simulation, as
// splm::impacts / spatialreg and SDPDmod::impactsSDPDm compute them — but without an N×N inverse per draw.
//
// For a lag model the effect of regressor x_r is S_r(W) = (I − ρW)⁻¹(β_r I + θ_r W) (θ_r = 0 when x_r has no
// Durbin term — also the SAR case); direct = tr(S_r)/N, total = 1ᵀS_r 1/N, indirect = total − direct. So
//   direct = β_r·a(ρ) + θ_r·b(ρ),  total = β_r·c(ρ) + θ_r·d(ρ)
// with a = tr((I − ρW)⁻¹)/N, b = tr((I − ρW)⁻¹W)/N, c = 1ᵀ(I − ρW)⁻¹1/N, d = 1ᵀ(I − ρW)⁻¹W1/N. These are scalar
// functions of ρ evaluated exactly from the eigenvalues when the fit has them (a = mean 1/(1 − ρλ),
// b = mean λ/(1 − ρλ)), otherwise from power series in the traces tr(W^k) (logdet.ts; exact for N ≤ 2000,
// Hutchinson estimates above) truncated at `order` terms with the bound |ρ|^{q+1}/(1 − |ρ|) reported. For a
// row-standardised W without islands c = d = 1/(1 − ρ); otherwise the moments 1ᵀW^k1/N are summed exactly.
//
// Inference: `draws` samples of (β, θ, ρ) from N(θ̂, V̂) (the fit's full covariance, seeded, bit-reproducible);
// draws with ρ outside the admissible interval are rejected and counted. Reported per effect: the value at the
// estimates, the simulation mean and standard deviation, z = mean/sd, the two-sided normal p-value (SDPDmod's
// convention) and the 2.5 %/97.5 % simulation quantiles.
// Error models: SEM direct = β, indirect = 0; SDEM direct = β, indirect = θ, with exact (delta-free, linear)
// standard errors from the covariance matrix.
import { SPATIAL_MODELS } from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { warningLine } from '../../diagnostics/index.ts';
import { createRng } from '../random.ts';
import { type CsrMatrix, csrMatVec, csrRowSums } from './csr.ts';
import type { Eigenvalues } from './eigen.ts';
import { cholesky } from './linalg.ts';
import { powerTraces } from './logdet.ts';
import { combineTraces, type TraceSource } from './traces.ts';
import type { SpatialPanelFit } from './models.ts';
import { normalTwoSided } from './pvalues.ts';

export interface EffectStat {
  /** Value at the point estimates. */
  estimate: number;
  /** Simulation mean (equals estimate for error models). */
  mean: number;
  /** Simulation standard deviation (exact standard error for error models). */
  sd: number;
  z: number;
  p: number;
  lower95: number;
  upper95: number;
}

export interface ImpactRow {
  name: string;
  direct: EffectStat;
  indirect: EffectStat;
  total: EffectStat;
}

export interface ImpactOptions {
  /** Number of simulation draws. Default 1000. */
  draws?: number;
  seed?: number;
  /** 'eigen' (needs fit.eigen), 'series' (traces), or 'auto'. */
  method?: 'auto' | 'eigen' | 'series';
  /** Series order for the trace method; default chosen from the largest |ρ| drawn so the bound is < 1e-12. */
  order?: number;
  /** Traces tr(W^k) for the series: exact (N·order sparse mat-vecs) or Hutchinson; 'auto' picks exact when cheap. */
  traces?: 'auto' | 'exact' | 'mc';
  /** Hutchinson probes for traces 'mc'. Default 200. */
  probes?: number;
}

export interface ImpactsResult {
  rows: ImpactRow[];
  method: 'eigen' | 'series' | 'linear';
  draws: number;
  rejected: number;
  /** Truncation bound of a(ρ) at ρ̂ for the series method (0 otherwise). */
  truncationBound: number;
  warnings: string[];
}

/** The four scalar multipliers a, b, c, d as functions of ρ. */
export interface Multipliers {
  (rho: number): { a: number; b: number; c: number; d: number };
  method: 'eigen' | 'series';
  /** Truncation bound of the series at ρ (0 for eigenvalues). */
  bound(rho: number): number;
  /** Standard error of a(ρ) from estimated traces (0 when the traces are exact). */
  traceSE(rho: number): number;
}

function rowStochastic(W: CsrMatrix): boolean {
  const rs = csrRowSums(W);
  return rs.every((v) => Math.abs(v - 1) < 1e-12);
}

type CD = (rho: number) => { c: number; d: number };

/** Build the multipliers for W (eigenvalues when given, else traces of W^k up to `order`). */
export function effectMultipliers(
  W: CsrMatrix,
  opts: {
    eigen?: Eigenvalues;
    method?: 'auto' | 'eigen' | 'series';
    order?: number;
    traces?: 'auto' | 'exact' | 'mc';
    probes?: number;
    seed?: number;
    /** The trace estimates of the fit's approximate log-determinant: used instead of new probes. */
    source?: TraceSource;
  } = {},
): Multipliers {
  const n = W.n;
  const stoch = rowStochastic(W);
  let method = opts.method ?? 'auto';
  if (method === 'auto') method = opts.eigen ? 'eigen' : 'series';
  const order = opts.order ?? 100;
  const cd = totalMultipliers(W, stoch, order);
  let r = 1;
  if (!stoch) {
    const rs = csrRowSums({ ...W, val: W.val.map(Math.abs) });
    r = rs.reduce((m, v) => Math.max(m, v), 0);
  }
  const bound = (rho: number) => {
    const q = Math.abs(rho) * r;
    return q < 1 ? Math.pow(q, order + 1) / (1 - q) : Infinity;
  };
  if (method === 'eigen') {
    if (!opts.eigen) throw new SolverError('R580');
    const f = eigenMultipliers(opts.eigen, n, cd);
    f.bound = stoch ? () => 0 : bound;
    return f;
  }
  if (opts.source) {
    const te = opts.source.powerTraces(order + 1);
    const f = seriesMultipliers(te.t, n, order, cd);
    f.bound = bound;
    f.traceSE = (rho: number) => {
      const c = new Float64Array(order + 1);
      let pk = 1;
      for (let k = 0; k <= order; k++, pk *= rho) c[k] = pk / n;
      return combineTraces(te, c).se;
    };
    return f;
  }
  let tm = opts.traces ?? 'auto';
  if (tm === 'auto') tm = n * (order + 2) * Math.max(W.val.length, n) <= 1e8 ? 'exact' : 'mc';
  const tr = powerTraces(W, order + 1, { method: tm, probes: opts.probes ?? 200, seed: opts.seed ?? 4242 });
  const f = seriesMultipliers(tr.t, n, order, cd);
  f.bound = bound;
  f.traceSE = (rho: number) => (tr.samples ? probedTraceSE(tr.samples, rho, n, order) : 0);
  return f;
}

/**
 * c(ρ) and d(ρ): 1/(1 − ρ) for a row-stochastic W, otherwise power series in the exact moments 1ᵀW^k1/N
 * up to `order`.
 */
function totalMultipliers(W: CsrMatrix, stoch: boolean, order: number): CD {
  const n = W.n;
  // moments m_k = 1ᵀW^k1/N for non-row-stochastic W
  let mom: Float64Array | null = null;
  if (!stoch) {
    mom = new Float64Array(order + 2);
    let v = new Float64Array(n).fill(1);
    let w = new Float64Array(n);
    mom[0] = 1;
    for (let k = 1; k <= order + 1; k++) {
      csrMatVec(W, v, w);
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]!;
      mom[k] = s / n;
      [v, w] = [w, v];
    }
  }
  return (rho: number) => {
    if (stoch) return { c: 1 / (1 - rho), d: 1 / (1 - rho) };
    let c = 0;
    let d = 0;
    let pk = 1;
    for (let k = 0; k <= order; k++) {
      c += pk * mom![k]!;
      d += pk * mom![k + 1]!;
      pk *= rho;
    }
    return { c, d };
  };
}

/** a = mean Re 1/(1 − ρλ), b = mean Re λ/(1 − ρλ) over the eigenvalues (exact traces). */
function eigenMultipliers(ev: Eigenvalues, n: number, cd: CD): Multipliers {
  const { re, im } = ev;
  const f = ((rho: number) => {
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const dr = 1 - rho * re[i]!;
      const di = -rho * im[i]!;
      const den = dr * dr + di * di;
      a += dr / den; // Re 1/(1 − ρλ)
      b += (re[i]! * dr + im[i]! * di) / den; // Re λ/(1 − ρλ)
    }
    return { a: a / n, b: b / n, ...cd(rho) };
  }) as Multipliers;
  f.method = 'eigen';
  f.traceSE = () => 0;
  return f;
}

/** a and b as power series in the traces t_k = tr(W^k), truncated at `order` (bound and traceSE set by the caller). */
function seriesMultipliers(t: ArrayLike<number>, n: number, order: number, cd: CD): Multipliers {
  const f = ((rho: number) => {
    let a = 0;
    let b = 0;
    let pk = 1;
    for (let k = 0; k <= order; k++) {
      a += pk * t[k]!;
      b += pk * t[k + 1]!;
      pk *= rho;
    }
    return { a: a / n, b: b / n, ...cd(rho) };
  }) as Multipliers;
  f.method = 'series';
  return f;
}

/** Standard error of a(ρ) from the per-probe estimates of its estimated part Σ_{k≥3} ρ^k tr(W^k)/N (k ≤ 2 are exact). */
function probedTraceSE(samples: Float64Array, rho: number, n: number, order: number): number {
  const P = samples.length / (order + 2);
  let s1 = 0;
  let s2 = 0;
  for (let p = 0; p < P; p++) {
    let v = 0;
    let pk = rho * rho;
    for (let k = 3; k <= order; k++) {
      pk *= rho;
      v += pk * samples[p * (order + 2) + k]!;
    }
    v /= n;
    s1 += v;
    s2 += v * v;
  }
  const m = s1 / P;
  return Math.sqrt(Math.max(0, (s2 / P - m * m) * (P / (P - 1))) / P);
}

/** Effects of every regressor at given parameters (no inference): the building block, exposed for checks. */
export function impactsAt(
  mult: Multipliers,
  rho: number,
  beta: ArrayLike<number>,
  theta: ArrayLike<number>,
): Array<{ direct: number; indirect: number; total: number }> {
  const { a, b, c, d } = mult(rho);
  const out = [];
  for (let r = 0; r < beta.length; r++) {
    const dir = beta[r]! * a + theta[r]! * b;
    const tot = beta[r]! * c + theta[r]! * d;
    out.push({ direct: dir, indirect: tot - dir, total: tot });
  }
  return out;
}

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Cholesky factor of the leading m×m block of a p×p covariance, for drawing from N(θ̂, V̂). Not numerically
 * positive definite: a relative ridge of 1e-10 on the diagonal, and a warning (shared with dynamic.ts).
 */
export function drawFactor(V: Float64Array, p: number, m: number, warnings: string[]): Float64Array {
  const Vb = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Vb[i * m + j] = V[i * p + j]!;
  let L = cholesky(Vb, m);
  if (!L) {
    let tr = 0;
    for (let i = 0; i < m; i++) tr += Vb[i * m + i]!;
    for (let i = 0; i < m; i++) Vb[i * m + i]! += (1e-10 * tr) / m;
    L = cholesky(Vb, m);
    if (!L) throw new SolverError('R581');
    warnings.push(warningLine('W511'));
  }
  return L;
}

/** Point estimate with the mean, s.d., z, p and 95 % interval of its simulation draws (shared with dynamic.ts). */
export function summarizeDraws(estimate: number, sims: Float64Array): EffectStat {
  const n = sims.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += sims[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (sims[i]! - m) * (sims[i]! - m);
  const sd = Math.sqrt(v / (n - 1));
  const sorted = sims.slice().sort();
  const z = m / sd;
  return {
    estimate,
    mean: m,
    sd,
    z,
    p: normalTwoSided(z),
    lower95: quantile(sorted, 0.025),
    upper95: quantile(sorted, 0.975),
  };
}

function linearStat(est: number, variance: number): EffectStat {
  const sd = Math.sqrt(Math.max(variance, 0));
  const z = est / sd;
  return {
    estimate: est,
    mean: est,
    sd,
    z,
    p: normalTwoSided(z),
    lower95: est - 1.959963984540054 * sd,
    upper95: est + 1.959963984540054 * sd,
  };
}

/** LeSage–Pace impacts of a fitted model, one row per regressor (Durbin terms are folded into their variable). */
export function spatialImpacts(fit: SpatialPanelFit, opts: ImpactOptions = {}): ImpactsResult {
  const k = fit.durbinOf.length;
  const kz = fit.names.length;
  const p = kz + 2;
  const V = fit.vcov;
  const names = fit.names.slice(0, k);
  const warnings: string[] = [];
  // without ρ·Wy there is no spatial multiplier: direct = β, indirect = θ (the W·x coefficient), exactly
  if (!SPATIAL_MODELS[fit.model].lag) {
    const rows = names.map((name, r) => {
      const q = fit.durbinOf[r]!;
      const b = fit.beta[r]!;
      const th = q >= 0 ? fit.beta[q]! : 0;
      const vb = V[r * p + r]!;
      const vt = q >= 0 ? V[q * p + q]! : 0;
      const cbt = q >= 0 ? V[r * p + q]! : 0;
      return {
        name,
        direct: linearStat(b, vb),
        indirect: q >= 0 ? linearStat(th, vt) : linearStat(0, 0),
        total: linearStat(b + th, vb + vt + 2 * cbt),
      };
    });
    return { rows, method: 'linear', draws: 0, rejected: 0, truncationBound: 0, warnings };
  }
  const thetaOf = (beta: ArrayLike<number>) => {
    const th = new Float64Array(k);
    for (let r = 0; r < k; r++) th[r] = fit.durbinOf[r]! >= 0 ? beta[fit.durbinOf[r]!]! : 0;
    return th;
  };

  // draws of (β, ρ) from N(θ̂, V̂): Cholesky of the leading (kz+1) block
  const m = kz + 1;
  const L = drawFactor(V, p, m, warnings);
  const nd = opts.draws ?? 1000;
  if (!(Number.isInteger(nd) && nd >= 2)) throw new SolverError('R582', { draws: nd });
  const rng = createRng(opts.seed ?? 1);
  const [lo, hi] = fit.interval;
  const z = new Float64Array(m);
  const draws = new Float64Array(nd * m);
  let rejected = 0;
  let rhoMax = Math.abs(fit.rho);
  for (let s = 0; s < nd;) {
    for (let i = 0; i < m; i++) z[i] = rng.normal();
    const row = draws.subarray(s * m, (s + 1) * m);
    for (let i = 0; i < m; i++) {
      let v = i < kz ? fit.beta[i]! : fit.rho;
      for (let j = 0; j <= i; j++) v += L[i * m + j]! * z[j]!;
      row[i] = v;
    }
    const rho = row[kz]!;
    if (!(rho > lo && rho < hi)) {
      rejected++;
      if (rejected > 10 * nd) throw new SolverError('R583');
      continue;
    }
    rhoMax = Math.max(rhoMax, Math.abs(rho));
    s++;
  }

  // series order: smallest q with (|ρ|max·r)^{q+1}/(1 − |ρ|max·r) < 1e-12 over all draws (r = 1 row-standardised)
  let order = opts.order;
  if (order === undefined) {
    const q = Math.min(rhoMax, 0.999);
    order = Math.min(2000, Math.max(10, Math.ceil(Math.log(1e-12 * (1 - q)) / Math.log(q))));
  }
  const mult = effectMultipliers(fit.W, {
    eigen: fit.eigen,
    method: opts.method,
    order,
    traces: opts.traces,
    probes: opts.probes,
    seed: opts.seed,
    ...(fit.traceSource && !opts.traces ? { source: fit.traceSource } : {}),
  });
  const point = impactsAt(mult, fit.rho, fit.beta.subarray(0, k), thetaOf(fit.beta));
  const truncationBound = mult.bound(fit.rho);
  if (mult.method === 'series' && truncationBound > 1e-8) {
    warnings.push(warningLine('W512', { case: 'estimate', order, bound: truncationBound }));
  }
  const tse = mult.traceSE(fit.rho);
  if (tse > 0) {
    const a = mult(fit.rho).a;
    warnings.push(warningLine('W513', { case: 'static', rel: tse / a }));
  }

  const sims = {
    d: Array.from({ length: k }, () => new Float64Array(nd)),
    i: Array.from({ length: k }, () => new Float64Array(nd)),
    t: Array.from({ length: k }, () => new Float64Array(nd)),
  };
  for (let s = 0; s < nd; s++) {
    const row = draws.subarray(s * m, (s + 1) * m);
    const eff = impactsAt(mult, row[kz]!, row.subarray(0, k), thetaOf(row));
    for (let r = 0; r < k; r++) {
      sims.d[r]![s] = eff[r]!.direct;
      sims.i[r]![s] = eff[r]!.indirect;
      sims.t[r]![s] = eff[r]!.total;
    }
  }
  if (rejected) warnings.push(warningLine('W514', { rejected, lo, hi }));
  const rows = names.map((name, r) => ({
    name,
    direct: summarizeDraws(point[r]!.direct, sims.d[r]!),
    indirect: summarizeDraws(point[r]!.indirect, sims.i[r]!),
    total: summarizeDraws(point[r]!.total, sims.t[r]!),
  }));
  return { rows, method: mult.method, draws: nd, rejected, truncationBound, warnings };
}
