// Random-effects spatial panel models by maximum likelihood, and the spatial Hausman test of fixed against random
// effects — the ML branch of splm::sphtest, which compares spml(model = "within") with spml(model = "random").
//
//   SAR-RE  y = ρ(I_T⊗W)y + Zβ + u,  u = (ι_T⊗I_N)μ + ν                    (splm::spreml, lag = TRUE, errors "re")
//   SEM-RE  y = Zβ + u,  u = λ(I_T⊗W)u + ε,  ε = (ι_T⊗I_N)μ + ν           (Kapoor–Kelejian–Prucha; errors "sem2re")
//
// Z = [1, X] (an intercept is added), μ ~ (0, σ²_μ I_N), ν ~ (0, σ² I_NT), φ = σ²_μ/σ². With time-major stacking,
// J̄ = J_T/T and E = I_T − J̄, the error covariance and its inverse factor over the Kronecker structure:
//   SAR-RE  Ω = σ²(φJ_T + I_T)⊗I_N,        Ω⁻¹ = σ⁻²(ωJ̄ + E)⊗I_N,      ω = 1/(1 + Tφ)
//   SEM-RE  Ω = σ²(φJ_T + I_T)⊗(B'B)⁻¹,    Ω⁻¹ = σ⁻²(ωJ̄ + E)⊗B'B,       B = I_N − λW
// so every quadratic form a'Ω⁻¹b splits into a within part (deviations from unit means) plus ω times a between
// part (unit means), of the spatially filtered columns. With the base columns M = [y, Z] and their lags WM, the
// within and between cross-products Gw, Gb of [M, WM] are formed once (O(NT·k²)); the GLS system at any (ω, ρ) is
// then a (k+2)×(k+2) combination C(ω, ρ) = A(ρ)'(Gw + ωGb)A(ρ) (A filters y for SAR, every column for SEM), and
//   S(ω, ρ) = min_β [1, −β] C [1, −β]'  = e'(ωJ̄ + E)e (the GLS sum of squares), σ̂² = S/NT,
//   ℓ(φ, ρ) = −NT/2·(ln 2π + 1 − ln NT) + T·ln|I − ρW| + N/2·ln ω − NT/2·ln S   (splm's concentrated likelihood).
// No NT×NT matrix and no I_T⊗W is ever formed.
//
// Estimation: ℓ is profiled — for each ρ the cheap k×k problem in φ is maximised over ln φ (a grid over splm's
// box [1e-8, 1e8] then Brent), and the profile in ρ is maximised by Brent on the admissible interval of ρ, so the
// log-determinant is evaluated only O(40) times. splm runs nlminb on (φ, ρ) in the box φ ∈ [1e-8, 1e8],
// ρ ∈ [−0.999, 0.999]; we use the log-determinant's admissible interval for ρ (as fitSpatialPanel) instead.
//
// Covariances follow splm: β gets the GLS covariance σ̂²(Z'Ω̃⁻¹Z)⁻¹ at the estimated (φ, ρ) (conditional on them —
// for SAR-RE it ignores the correlation of β with ρ, as splm does), and (φ, ρ) get the inverse of minus the
// Hessian of the concentrated likelihood ℓ(φ, ρ) — splm approximates that Hessian by finite differences (nlme's
// fdHess); here it is exact: with u = [1, −β̂], S_i = u'C_i u and S_ij = u'C_ij u − 2(C_i u)_z' C_zz⁻¹ (C_j u)_z
// (envelope theorem), and d²ln|I − ρW|/dρ² = −tr(G²), G = W(I − ρW)⁻¹.
//
// Hausman (splm::sphtest.splm): on the coefficients the two fits share (the regressors; not the intercept, ρ/λ
// or φ), H = |d'(V_RE − V_FE)⁻¹d| with d = β_FE − β_RE, χ² with as many degrees of freedom as shared
// coefficients. splm takes the absolute value when V_RE − V_FE is not positive definite; so do we, with a warning.
import {
  RANDOM_MODEL_WORDS,
  type RandomSpatialModel,
  SPATIAL_MODELS,
  spatialModel,
} from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { warningLine } from '../../diagnostics/index.ts';
import { brentMaximize } from './brent.ts';
import { panelLag } from './csr.ts';
import { type GTraceOptions, gTraces, gTracesFromEigen } from './gtraces.ts';
import { assertFullRank, cholesky, cholSolve, crossprod, dot, invert, invertSymmetric } from './linalg.ts';
import { createLogDet, type LogDet, type LogDetOptions } from './logdet.ts';
import type { CoefRow, SpatialPanelData, SpatialPanelFit } from './models.ts';
import { chisqUpper, normalTwoSided } from './pvalues.ts';

export type { RandomSpatialModel };

export interface RandomEffectsOptions {
  /** 'sar': spatial lag with random unit effects; 'sem': KKP spatial error with random unit effects. */
  model: RandomSpatialModel;
  logdet?: LogDetOptions;
  /** Search interval for ρ/λ (default: the admissible interval of the log-determinant). */
  interval?: [number, number];
  /** Box for φ = σ²_μ/σ². Default [1e-8, 1e8] (splm's bounds). */
  phiBounds?: [number, number];
  /** Brent tolerance (ρ and ln φ). Default 1e-10. */
  tol?: number;
  /** Traces of G for the Hessian (tr G²); eigenvalues are used when the log-determinant has them. */
  traces?: GTraceOptions;
}

export interface RandomEffectsFit {
  model: RandomSpatialModel;
  N: number;
  T: number;
  /** '(Intercept)' then the regressors. */
  names: string[];
  beta: Float64Array;
  /** ρ (lag, splm's "lambda") or λ (error, splm's "rho"). */
  rho: number;
  rhoName: 'rho' | 'lambda';
  /** φ = σ²_μ / σ². */
  phi: number;
  /** Idiosyncratic variance σ² (splm's sigma2$idios). */
  sigma2: number;
  /** σ²_μ = φσ² (splm's sigma2$id). */
  sigma2Mu: number;
  /** Quasi-demeaning weight 1 − 1/√(1 + Tφ). */
  theta: number;
  /** β rows, then the ρ/λ row, then the φ row. */
  coefficients: CoefRow[];
  /** Covariance of β, row-major (k+1)×(k+1) (GLS, conditional on φ and ρ/λ; as splm). */
  vcov: Float64Array;
  /** Covariance of (φ, ρ/λ), row-major 2×2: inverse of minus the Hessian of the concentrated log-likelihood. */
  vcovSpatial: Float64Array;
  logLik: number;
  /** Composite errors: y − ρWy − Zβ (lag) or y − Zβ (error), time-major. */
  residuals: Float64Array;
  interval: [number, number];
  phiBounds: [number, number];
  logdetMethod: LogDet['method'];
  /** Brent iterations of the outer search over ρ/λ. */
  iterations: number;
  warnings: string[];
}

const INTERCEPT = '(Intercept)';

function checkData(d: SpatialPanelData): void {
  const { N, T, W } = d;
  if (!(Number.isInteger(N) && N > 1 && Number.isInteger(T) && T >= 1)) {
    throw new SolverError('R540', { case: 'static', N, T });
  }
  if (T < 2) {
    throw new SolverError('R550', { T });
  }
  if (W.n !== N) {
    throw new SolverError('R541', { w: W.n, N });
  }
  const k = d.names.length;
  if (d.y.length !== N * T) throw new SolverError('R542', { case: 'y', length: d.y.length, N, T });
  if (d.X.length !== N * T * k) throw new SolverError('R542', { case: 'X', length: d.X.length, N, T, k });
  if (new Set(d.names).size !== k) throw new SolverError('R543', { case: 'distinct' });
  if (d.names.includes(INTERCEPT)) {
    throw new SolverError('R543', { case: 'intercept', intercept: INTERCEPT });
  }
  const at = (r: number) => ({ unit: W.names[r % N]!, period: String(Math.floor(r / N) + 1), phrase: 'at' as const });
  for (let r = 0; r < N * T; r++) {
    if (!Number.isFinite(d.y[r]!)) throw new SolverError('R544', { value: d.y[r]!, ...at(r) });
    for (let c = 0; c < k; c++) {
      const v = d.X[r * k + c]!;
      if (!Number.isFinite(v)) throw new SolverError('R544', { regressor: d.names[c]!, value: v, ...at(r) });
    }
  }
}

/**
 * The spatially filtered cross-products of [y, Z] and GLS on them. Columns flagged in `f` are filtered by
 * A(s) = I − sW (y only for lag models, all for error models); `G` is a 2m×2m cross-product of [y, Z, Wy, WZ].
 * The buffers of `gls` are reused across calls (the φ profile evaluates it many times).
 */
class FilteredGls {
  private readonly m2: number;
  private readonly kz: number;
  private readonly Czz: Float64Array;
  private readonly czy: Float64Array;

  constructor(
    readonly m: number,
    private readonly f: Float64Array,
  ) {
    this.m2 = 2 * m;
    this.kz = m - 1;
    this.Czz = new Float64Array(this.kz * this.kz);
    this.czy = new Float64Array(this.kz);
  }

  /** C(s) = A(s)'GA(s) (m×m). */
  filtered(G: Float64Array, s: number): Float64Array {
    const { m, m2, f } = this;
    const C = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        C[a * m + b] =
          G[a * m2 + b]! -
          s * (f[b]! * G[a * m2 + m + b]! + f[a]! * G[(m + a) * m2 + b]!) +
          s * s * f[a]! * f[b]! * G[(m + a) * m2 + m + b]!;
      }
    }
    return C;
  }

  /** dC/ds. */
  filteredDs(G: Float64Array, s: number): Float64Array {
    const { m, m2, f } = this;
    const C = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        C[a * m + b] =
          -(f[b]! * G[a * m2 + m + b]! + f[a]! * G[(m + a) * m2 + b]!) +
          2 * s * f[a]! * f[b]! * G[(m + a) * m2 + m + b]!;
      }
    }
    return C;
  }

  /** d²C/ds². */
  filteredDss(G: Float64Array): Float64Array {
    const { m, m2, f } = this;
    const C = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) C[a * m + b] = 2 * f[a]! * f[b]! * G[(m + a) * m2 + m + b]!;
    return C;
  }

  /** GLS of the first column on the others under C: S = C₀₀ − c'C_zz⁻¹c, β, and the Cholesky factor of C_zz. */
  gls(C: Float64Array): { S: number; beta: Float64Array; L: Float64Array } | null {
    const { m, kz, Czz, czy } = this;
    for (let i = 0; i < kz; i++) {
      czy[i] = C[(i + 1) * m]!;
      for (let j = 0; j < kz; j++) Czz[i * kz + j] = C[(i + 1) * m + j + 1]!;
    }
    const L = cholesky(Czz, kz);
    if (!L) return null;
    const beta = cholSolve(L, kz, czy);
    const S = C[0]! - dot(czy, beta);
    return S > 0 ? { S, beta, L } : null;
  }
}

/** What the profile over φ reads: the within and between cross-products, the panel size and the box for ln φ. */
interface PhiProfile {
  sys: FilteredGls;
  Gw: Float64Array;
  Gb: Float64Array;
  N: number;
  T: number;
  uLo: number;
  uHi: number;
  tol: number;
  /** Scratch m×m buffer. */
  Cwork: Float64Array;
}

const PHI_GRID = 33;

/** Fit a random-effects spatial lag (SAR) or KKP spatial error (SEM) panel model by maximum likelihood. */
export function fitRandomEffectsSpatialPanel(data: SpatialPanelData, opts: RandomEffectsOptions): RandomEffectsFit {
  const model = opts?.model;
  const desc = spatialModel(model);
  if (!desc?.randomAllowed) {
    throw new SolverError('R551', {
      model: String(model),
      allowed: RANDOM_MODEL_WORDS.map((m) => ({ word: m, title: SPATIAL_MODELS[m].title })),
    });
  }
  checkData(data);
  const { N, T, W } = data;
  const NT = N * T;
  const k = data.names.length;
  const kz = k + 1; // with the intercept
  const m = kz + 1; // [y, Z]
  const m2 = 2 * m; // [y, Z, Wy, WZ]
  const names = [INTERCEPT, ...data.names];
  const lag = desc.lag;
  const [phiLo, phiHi] = opts.phiBounds ?? [1e-8, 1e8];
  if (!(phiLo > 0 && phiHi > phiLo && Number.isFinite(phiHi))) {
    throw new SolverError('R552', { lower: phiLo, upper: phiHi });
  }
  const { Bm, Gw, Gb } = baseCrossProducts(data, names);

  // which columns of [y, Z] are spatially filtered: y only (lag) or all (error)
  const f = new Float64Array(m);
  if (lag) f[0] = 1;
  else f.fill(1);
  const sys = new FilteredGls(m, f);
  const tol = opts.tol ?? 1e-10;
  const uLo = Math.log(phiLo);
  const uHi = Math.log(phiHi);
  const pp: PhiProfile = { sys, Gw, Gb, N, T, uLo, uHi, tol, Cwork: new Float64Array(m * m) };

  const ld = createLogDet(W, { ...opts.logdet, interval: opts.interval ?? opts.logdet?.interval });
  let [lo, hi] = ld.interval;
  if (!Number.isFinite(lo)) lo = -1;
  if (!Number.isFinite(hi)) hi = 1;
  const shrink = 1e-9 * (hi - lo);
  const opt = brentMaximize((s) => T * ld.logdet(s) + profilePhi(pp, s).value, lo + shrink, hi - shrink, tol);
  const sHat = opt.x;
  const spatialSym = lag ? 'ρ' : 'λ';
  const prof = profilePhi(pp, sHat);
  const phi = prof.phi;
  if (!Number.isFinite(phi)) throw new SolverError('R553', { symbol: spatialSym, value: sHat });
  const warnings = boundaryWarnings(ld, [lo, hi], sHat, spatialSym, [phiLo, phiHi], phi);

  const { omega, G, fit, sigma2, vcov } = glsAtEstimate(pp, sHat, phi, spatialSym);
  const { S, beta } = fit;
  const ldHat = ld.logdet(sHat);
  const logLik =
    -(NT / 2) * (Math.log(2 * Math.PI) + 1 - Math.log(NT)) +
    T * ldHat +
    (N / 2) * Math.log(omega) -
    (NT / 2) * Math.log(S);

  const trG2 = traceG2(W, ld, sHat, opts.traces, spatialSym, warnings);
  const negH = negativeHessian(pp, G, fit, sHat, omega, trG2);
  if (!cholesky(negH, 2)) warnings.push(warningLine('W504', { symbol: spatialSym }));
  let vcovSpatial: Float64Array;
  try {
    vcovSpatial = invertSymmetric(negH, 2, 'Hessian of the concentrated log-likelihood');
  } catch {
    vcovSpatial = Float64Array.of(NaN, NaN, NaN, NaN);
  }

  // composite residuals
  const residuals = new Float64Array(NT);
  for (let r = 0; r < NT; r++) {
    let v = Bm[r * m2]! - (lag ? sHat * Bm[r * m2 + m]! : 0);
    for (let i = 0; i < kz; i++) v -= Bm[r * m2 + 1 + i]! * beta[i]!;
    residuals[r] = v;
  }

  const coefficients = coefficientRows(names, beta, vcov, [lag ? 'rho' : 'lambda', sHat], phi, vcovSpatial);

  return {
    model,
    N,
    T,
    names,
    beta,
    rho: sHat,
    rhoName: lag ? 'rho' : 'lambda',
    phi,
    sigma2,
    sigma2Mu: phi * sigma2,
    theta: 1 - Math.sqrt(omega),
    coefficients,
    vcov,
    vcovSpatial,
    logLik,
    residuals,
    interval: [lo, hi],
    phiBounds: [phiLo, phiHi],
    logdetMethod: ld.method,
    iterations: opt.iterations,
    warnings,
  };
}

/** GLS at the estimate (s, φ): the combined cross-product G = Gw + ωGb, β, σ² and the covariance σ²·C_zz⁻¹ of β. */
function glsAtEstimate(
  pp: PhiProfile,
  sHat: number,
  phi: number,
  spatialSym: string,
): {
  omega: number;
  G: Float64Array;
  fit: { S: number; beta: Float64Array; L: Float64Array };
  sigma2: number;
  vcov: Float64Array;
} {
  const { sys, Gw, Gb, N, T } = pp;
  const NT = N * T;
  const m = sys.m;
  const m2 = 2 * m;
  const kz = m - 1;
  const omega = 1 / (1 + T * phi);
  const G = new Float64Array(m2 * m2);
  for (let q = 0; q < m2 * m2; q++) G[q] = Gw[q]! + omega * Gb[q]!;
  const C = sys.filtered(G, sHat);
  const fit = sys.gls(C);
  if (!fit) throw new SolverError('R553', { symbol: spatialSym, value: sHat, phi });
  const sigma2 = fit.S / NT;
  const CzzHat = new Float64Array(kz * kz);
  for (let i = 0; i < kz; i++) for (let j = 0; j < kz; j++) CzzHat[i * kz + j] = C[(i + 1) * m + j + 1]!;
  const CzzInv = invertSymmetric(CzzHat, kz, 'GLS cross-product matrix');
  return { omega, G, fit, sigma2, vcov: CzzInv.map((v) => sigma2 * v) };
}

/** β rows, then the ρ/λ row and the φ row (standard errors from the Hessian); NaN where a variance is negative. */
function coefficientRows(
  names: string[],
  beta: Float64Array,
  vcov: Float64Array,
  [spatialName, sHat]: [string, number],
  phi: number,
  vcovSpatial: Float64Array,
): CoefRow[] {
  const kz = names.length;
  const row = (name: string, est: number, variance: number): CoefRow => {
    const se = variance >= 0 ? Math.sqrt(variance) : NaN;
    const z = est / se;
    return { name, estimate: est, se, z, p: normalTwoSided(z) };
  };
  const coefficients: CoefRow[] = names.map((nm, i) => row(nm, beta[i]!, vcov[i * kz + i]!));
  coefficients.push(row(spatialName, sHat, vcovSpatial[3]!));
  coefficients.push(row('phi', phi, vcovSpatial[0]!));
  return coefficients;
}

/** Warnings on the estimate: ρ/λ at the edge of its interval, φ at a bound of its box, an approximate log-determinant. */
function boundaryWarnings(
  ld: LogDet,
  [lo, hi]: [number, number],
  sHat: number,
  spatialSym: string,
  [phiLo, phiHi]: [number, number],
  phi: number,
): string[] {
  const warnings: string[] = [];
  if (sHat - lo < 1e-6 * (hi - lo) || hi - sHat < 1e-6 * (hi - lo)) {
    warnings.push(warningLine('W500', { case: 'edge', symbol: spatialSym, value: sHat, lo, hi }));
  }
  // the likelihood is flat in ln φ near the lower bound (ω = 1/(1 + Tφ) ≈ 1), so Brent stops anywhere within a
  // fraction of a per cent of it: within 0.1% counts as on the bound
  if (Math.log(phi) - Math.log(phiLo) < 1e-3) {
    warnings.push(warningLine('W501', { case: 'lower', phi, bound: phiLo }));
  } else if (Math.log(phiHi) - Math.log(phi) < 1e-3) {
    warnings.push(warningLine('W501', { case: 'upper', phi, bound: phiHi }));
  }
  if (ld.bounds)
    warnings.push(
      warningLine('W502', {
        case: 'bound',
        method: ld.method === 'mc' ? 'Monte Carlo' : 'Chebyshev',
        bound: ld.errorBound(sHat),
      }),
    );
  return warnings;
}

/**
 * Base columns [y, 1, X] and their spatial lags (row-major NT×2m, checked for full rank of [1, X]), and their
 * within (deviations from unit means) and between (T·unit means) cross-products.
 */
function baseCrossProducts(
  data: SpatialPanelData,
  names: string[],
): { Bm: Float64Array; Gw: Float64Array; Gb: Float64Array } {
  const { N, T, W } = data;
  const NT = N * T;
  const k = data.names.length;
  const kz = k + 1;
  const m = kz + 1;
  const m2 = 2 * m;
  const Bm = new Float64Array(NT * m2);
  const Z = new Float64Array(NT * kz);
  for (let r = 0; r < NT; r++) {
    Bm[r * m2] = data.y[r]!;
    Bm[r * m2 + 1] = 1;
    Z[r * kz] = 1;
    for (let c = 0; c < k; c++) {
      const v = data.X[r * k + c]!;
      Bm[r * m2 + 2 + c] = v;
      Z[r * kz + 1 + c] = v;
    }
  }
  assertFullRank(crossprod(Z, kz, Z, kz, NT), kz, names);
  {
    const col = new Float64Array(NT);
    const lagc = new Float64Array(NT);
    for (let j = 0; j < m; j++) {
      for (let r = 0; r < NT; r++) col[r] = Bm[r * m2 + j]!;
      panelLag(W, col, T, lagc);
      for (let r = 0; r < NT; r++) Bm[r * m2 + m + j] = lagc[r]!;
    }
  }
  // within (E) and between (J̄) cross-products of the base columns: deviations from unit means, and T·means
  const means = new Float64Array(N * m2);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) {
      const r = (t * N + i) * m2;
      for (let c = 0; c < m2; c++) means[i * m2 + c]! += Bm[r + c]!;
    }
  }
  for (let q = 0; q < N * m2; q++) means[q]! /= T;
  const D = new Float64Array(NT * m2);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) {
      const r = (t * N + i) * m2;
      for (let c = 0; c < m2; c++) D[r + c] = Bm[r + c]! - means[i * m2 + c]!;
    }
  }
  const Gw = crossprod(D, m2, D, m2, NT);
  const Gb = crossprod(means, m2, means, m2, N);
  for (let q = 0; q < m2 * m2; q++) Gb[q]! *= T;
  return { Bm, Gw, Gb };
}

/** Profile over φ at fixed s: maximise N/2·ln ω − NT/2·ln S(ω, s) over u = ln φ. */
function profilePhi(pp: PhiProfile, s: number): { phi: number; value: number } {
  const { sys, N, T, uLo, uHi, tol, Cwork } = pp;
  const NT = N * T;
  const mm = Cwork.length;
  const Cw = sys.filtered(pp.Gw, s);
  const Cb = sys.filtered(pp.Gb, s);
  const g = (u: number): number => {
    const omega = 1 / (1 + T * Math.exp(u));
    for (let q = 0; q < mm; q++) Cwork[q] = Cw[q]! + omega * Cb[q]!;
    const r = sys.gls(Cwork);
    return r ? (N / 2) * Math.log(omega) - (NT / 2) * Math.log(r.S) : -Infinity;
  };
  // a grid over the whole box guards against a second local maximum; Brent refines between the grid
  // neighbours of the best grid point
  let best = 0;
  let bestV = -Infinity;
  const step = (uHi - uLo) / (PHI_GRID - 1);
  for (let j = 0; j < PHI_GRID; j++) {
    const v = g(uLo + j * step);
    if (v > bestV) {
      bestV = v;
      best = j;
    }
  }
  if (bestV === -Infinity) return { phi: NaN, value: -Infinity };
  const a = uLo + Math.max(best - 1, 0) * step;
  const b = uLo + Math.min(best + 1, PHI_GRID - 1) * step;
  const opt = brentMaximize(g, a, b, tol);
  // the box edges themselves are admissible (Brent only visits interior points)
  let u = opt.x;
  let value = opt.fx;
  for (const edge of [uLo, uHi]) {
    const v = g(edge);
    if (v > value) {
      value = v;
      u = edge;
    }
  }
  return { phi: Math.exp(u), value };
}

/** tr(G²) at s: from the eigenvalues when the log-determinant has them, else exact or probed traces. */
function traceG2(
  W: SpatialPanelData['W'],
  ld: LogDet,
  s: number,
  traceOpts: GTraceOptions | undefined,
  spatialSym: string,
  warnings: string[],
): number {
  if (ld.eigen) return gTracesFromEigen(ld.eigen, s).trG2;
  const lu = ld.solver;
  lu.factor(s);
  const tr = gTraces(W, lu, { ...traceOpts, ...(ld.traces ? { traces: ld.traces } : {}) });
  if (tr.method !== 'exact') {
    warnings.push(
      warningLine('W503', {
        case: 'random',
        probes: tr.probes!,
        rel: tr.se.trG2 / Math.max(Math.abs(tr.trG2), 1e-300),
        symbol: spatialSym,
      }),
    );
  }
  return tr.trG2;
}

/** Minus the exact Hessian of the concentrated ℓ(φ, s) at the estimate, row-major 2×2 over (φ, s). */
function negativeHessian(
  pp: PhiProfile,
  G: Float64Array,
  fit: { S: number; beta: Float64Array; L: Float64Array },
  sHat: number,
  omega: number,
  trG2: number,
): Float64Array {
  const { sys, N, T } = pp;
  const NT = N * T;
  const { S, beta } = fit;
  const kz = beta.length;
  const m = kz + 1;
  const u = new Float64Array(m);
  u[0] = 1;
  for (let i = 0; i < kz; i++) u[i + 1] = -beta[i]!;
  const quad = (A: Float64Array) => {
    let v = 0;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) v += u[a]! * A[a * m + b]! * u[b]!;
    return v;
  };
  const zpart = (A: Float64Array) => {
    const z = new Float64Array(kz);
    for (let i = 0; i < kz; i++) {
      let v = 0;
      for (let b = 0; b < m; b++) v += A[(i + 1) * m + b]! * u[b]!;
      z[i] = v;
    }
    return z;
  };
  const cross = (x: Float64Array, y: Float64Array) => dot(x, cholSolve(fit.L, kz, y));
  const Cw_ = sys.filtered(pp.Gb, sHat); // dC/dω
  const Cs = sys.filteredDs(G, sHat);
  const Cws = sys.filteredDs(pp.Gb, sHat);
  const Css = sys.filteredDss(G);
  const zw = zpart(Cw_);
  const zs = zpart(Cs);
  const Sw = quad(Cw_);
  const Ss = quad(Cs);
  const Sww = -2 * cross(zw, zw);
  const Sws = quad(Cws) - 2 * cross(zw, zs);
  const Sss = quad(Css) - 2 * cross(zs, zs);
  const dw = -T * omega * omega; // dω/dφ
  const d2w = 2 * T * T * omega * omega * omega; // d²ω/dφ²
  const hw = N / (2 * omega) - ((NT / 2) * Sw) / S; // ∂ℓ/∂ω
  const hww = -N / (2 * omega * omega) - (NT / 2) * (Sww / S - (Sw * Sw) / (S * S));
  const Hpp = hww * dw * dw + hw * d2w;
  const Hps = -(NT / 2) * (Sws / S - (Sw * Ss) / (S * S)) * dw;
  const Hss = -T * trG2 - (NT / 2) * (Sss / S - (Ss * Ss) / (S * S));
  return Float64Array.of(-Hpp, -Hps, -Hps, -Hss);
}

export interface SpatialHausmanResult {
  /** |d'(V_RE − V_FE)⁻¹d|. */
  statistic: number;
  df: number;
  /** P(χ²_df > statistic). */
  pValue: number;
  /** The shared coefficients the test is computed on, in the fixed-effects fit's order. */
  names: string[];
  /** d = β_FE − β_RE on those coefficients. */
  difference: Float64Array;
  /** V_RE − V_FE on those coefficients, row-major df×df. */
  vcovDifference: Float64Array;
  method: string;
  warnings: string[];
}

/**
 * Hausman test of fixed against random unit effects for spatial panel models (splm::sphtest, ML): `fe` from
 * fitSpatialPanel with individual effects, `re` from fitRandomEffectsSpatialPanel, same model and panel.
 */
export function spatialHausman(fe: SpatialPanelFit, re: RandomEffectsFit): SpatialHausmanResult {
  if (!fe || !re || !fe.beta || !fe.vcov || !re.beta || !re.vcov) {
    throw new SolverError('R554');
  }
  if (fe.effect !== 'individual') {
    throw new SolverError('R555', { effect: fe.effect });
  }
  if (fe.model !== re.model) {
    throw new SolverError('R556', {
      fe: SPATIAL_MODELS[fe.model].label,
      re: SPATIAL_MODELS[re.model].label,
      allowed: RANDOM_MODEL_WORDS,
    });
  }
  if (fe.N !== re.N || fe.T !== re.T) {
    throw new SolverError('R557', { feN: fe.N, feT: fe.T, reN: re.N, reT: re.T });
  }
  const pf = fe.names.length + 2;
  const kr = re.names.length;
  const iFe: number[] = [];
  const iRe: number[] = [];
  fe.names.forEach((nm, i) => {
    const j = re.names.indexOf(nm);
    if (j >= 0) {
      iFe.push(i);
      iRe.push(j);
    }
  });
  const df = iFe.length;
  if (df === 0) throw new SolverError('R558');
  const names = iFe.map((i) => fe.names[i]!);
  const d = new Float64Array(df);
  const V = new Float64Array(df * df);
  for (let a = 0; a < df; a++) {
    d[a] = fe.beta[iFe[a]!]! - re.beta[iRe[a]!]!;
    for (let b = 0; b < df; b++) V[a * df + b] = re.vcov[iRe[a]! * kr + iRe[b]!]! - fe.vcov[iFe[a]! * pf + iFe[b]!]!;
  }
  let Vinv: Float64Array;
  try {
    Vinv = invert(V, df, 'V_RE − V_FE');
  } catch (e) {
    if (e instanceof SolverError && e.code === 'R900') {
      throw new SolverError('R559');
    }
    throw e;
  }
  let q = 0;
  for (let a = 0; a < df; a++) for (let b = 0; b < df; b++) q += d[a]! * Vinv[a * df + b]! * d[b]!;
  const warnings: string[] = [];
  if (!cholesky(V, df)) {
    warnings.push(warningLine('W505'));
  }
  const statistic = Math.abs(q);
  return {
    statistic,
    df,
    pValue: chisqUpper(statistic, df),
    names,
    difference: d,
    vcovDifference: V,
    method: 'Hausman test for spatial models (fixed vs random unit effects, ML)',
    warnings,
  };
}
