// Maximum-likelihood static spatial panel models with fixed effects (Elhorst 2014, ch. 3; Lee & Yu 2010):
//
//   SAR   y = ρ(I_T⊗W)y + Xβ + μ + α + ε            SDM   y = ρ(I_T⊗W)y + Xβ + (I_T⊗W)Xθ + μ + α + ε
//   SEM   y = Xβ + μ + α + u,  u = λ(I_T⊗W)u + ε      SDEM  y = Xβ + (I_T⊗W)Xθ + μ + α + u, u = λ(I_T⊗W)u + ε
//
// with unit effects μ and/or period effects α removed by the within transformation (panel.ts). Conventions follow
// splm::spml and SDPDmod::SDPDm, which agree on them: the Durbin terms WX are formed from the raw X and then
// demeaned; the spatial lag of the dependent variable is W applied to the demeaned y; σ² = e'e/NT.
//
// Estimation: β and σ² are concentrated out, the concentrated log-likelihood in ρ (or λ) is maximised by Brent's
// method on the admissible interval (logdet.ts chooses eigenvalues / sparse LU / Monte Carlo for ln|I − ρW|).
//   lag:   ℓc(ρ) = −(NT/2)·ln(e0'e0 − 2ρ e0'ed + ρ² ed'ed) + T·ln|I − ρW|   (e0, ed: OLS residuals of y, Wy on Z)
//   error: ℓc(λ) = T·ln|I − λW| − (NT/2)·ln SSE(λ), SSE from OLS of (I − λW)y on (I − λW)Z, via k×k cross-products.
// Standard errors invert the analytic information matrix of (β, ρ, σ²) (as splm and SDPDmod), with
// G = W(I − ρW)⁻¹:  I_ββ = Z'Z/σ², I_βρ = Z'(I_T⊗G)Zβ/σ², I_ρρ = ‖(I_T⊗G)Zβ‖²/σ² + T(tr G² + tr GᵀG),
// I_ρσ² = T tr G/σ², I_σ²σ² = NT/(2σ⁴); for error models I_ββ = Z*'Z*/σ² and the β block is separate.
// Traces come from gtraces.ts (exact for N ≤ 2000, seeded Hutchinson with control variates above).
//
// Lee–Yu (option leeYu): individual effects → σ² · T/(T − 1) and the information and log-likelihood on T − 1
// periods (splm's LeeYu = TRUE); time effects → σ² · N/(N − 1), N − 1 units; two-way effects (lag models) → the
// bias correction of the direct approach as SDPDmod (LYtrans = TRUE): θ̃ = θ̂ + T·I(θ̂)⁻¹·(0, 1/(1 − ρ), 1/(2σ²))
// then σ̃² · T/(T − 1), standard errors from I(θ̃); the log-likelihood stays the one at θ̂.
// I(θ̂) is inverted exactly. SDPDm inverts Matrix::nearPD(I/NT) instead, which alters I when its eigenvalue ratio is
// below 1e-6 (badly scaled regressors): its correction and uncorrected SEs then depend on the regressors' units
// (spec/conformance/spatial/ne_china.R; with nearPD removed SDPDm equals this code).
//
// R² (`r2`) as splm and SDPDmod define it: 1 − Σe²/Σ(y − ȳ)² with e the residual including the estimated fixed
// effects — for lag models e = Q(y − ρWy − Zβ), for error models e = Q(y − Zβ) (no spatial filtering). `corr2`
// is SDPDmod's squared correlation of the demeaned y with (I − ρW)⁻¹Zβ (lag models) or splm's squared
// correlation of the demeaned y with Zβ (error models).
import { SPATIAL_MODELS, type SpatialModel, spatialLabelsWhere, spatialModel } from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { warningLine } from '../../diagnostics/index.ts';
import { maximizeConcentrated } from './concentrated.ts';
import { type CsrMatrix, panelLag } from './csr.ts';
import { type DurbinSelection, durbinIndex, durbinTerms, writeRegressorBlock } from './durbin.ts';
import type { Eigenvalues } from './eigen.ts';
import { type GTraces, gTraces } from './gtraces.ts';
import type { TraceSource } from './traces.ts';
import {
  assertFullRank,
  cholesky,
  cholSolve,
  crossprod,
  crossprodVec,
  dot,
  invertSymmetric,
  matVec,
} from './linalg.ts';
import {
  createLogDet,
  isApproximateLogDet,
  type LogDet,
  type LogDetOptions,
  type LogDetReport,
  logDetReport,
} from './logdet.ts';
import { fromLocal, localView, toLocal } from './locality.ts';
import { type FixedEffect, demean, demeanColumns, panelMeans } from './panel.ts';
import { normalTwoSided } from './pvalues.ts';

export type { SpatialModel };

export interface SpatialPanelData {
  /** Dependent variable, length N·T, time-major (all units at period 1, then period 2, …). */
  y: Float64Array;
  /** Regressors, row-major NT×k (no intercept with fixed effects). */
  X: Float64Array;
  /** Names of the k regressors. */
  names: readonly string[];
  /** Weights over the N units, in the panel's unit order (see alignWeights). */
  W: CsrMatrix;
  N: number;
  T: number;
}

export interface SpatialPanelOptions {
  model: SpatialModel;
  /** Fixed effects removed by the within transformation. Default 'individual' (as splm). */
  effect?: FixedEffect;
  /** Regressors that get a W·x term in a Durbin model (SDM, SDEM): true (all, default), or a list of names. */
  durbin?: DurbinSelection;
  /** Lee–Yu corrections (see the header). Default false. */
  leeYu?: boolean;
  logdet?: LogDetOptions;
  /** Search interval for ρ/λ (default: the admissible interval of the log-determinant). */
  interval?: [number, number];
  /** Brent tolerance on ρ. Default 1e-10. */
  tol?: number;
  /** Traces of G for the information matrix. */
  traces?: { method?: 'auto' | 'exact' | 'hutchinson' | 'series'; exactMaxN?: number; probes?: number; seed?: number };
}

export interface CoefRow {
  name: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
}

export interface SpatialPanelFit {
  model: SpatialModel;
  effect: FixedEffect;
  leeYu: boolean;
  N: number;
  T: number;
  /** Names of β: the regressors, then W*name for each Durbin term. */
  names: string[];
  beta: Float64Array;
  /** ρ (lag models) or λ (error models). */
  rho: number;
  rhoName: 'rho' | 'lambda';
  sigma2: number;
  /** β rows then the ρ/λ row. */
  coefficients: CoefRow[];
  /** Covariance of (β, ρ/λ, σ²), row-major (k+2)×(k+2). */
  vcov: Float64Array;
  logLik: number;
  r2: number;
  corr2: number;
  /** Within residuals e = ỹ − ρWỹ − Z̃β (lag) or (I − λW)(ỹ − Z̃β) (error), length NT. */
  residuals: Float64Array;
  fixedEffects: { intercept: number; unit?: Float64Array; time?: Float64Array };
  /** For each regressor (by index in data.names): index of its W*x term in beta, or −1. */
  durbinOf: Int32Array;
  interval: [number, number];
  logdetMethod: LogDet['method'];
  /** The log-determinant used: method, settings and error bounds at ρ̂ (with the bound on ρ̂ for approximations). */
  logdet: LogDetReport;
  traces: GTraces;
  /** The trace estimates of an approximate log-determinant, shared with the effects (absent when exact). */
  traceSource?: TraceSource;
  iterations: number;
  warnings: string[];
  /** Kept for effects and tests. */
  W: CsrMatrix;
  eigen?: Eigenvalues;
}

function checkData(d: SpatialPanelData): void {
  const { N, T, W } = d;
  if (!(Number.isInteger(N) && N > 1 && Number.isInteger(T) && T >= 1)) {
    throw new SolverError('R540', { case: 'static', N, T });
  }
  if (W.n !== N) {
    throw new SolverError('R541', { w: W.n, N });
  }
  const k = d.names.length;
  if (d.y.length !== N * T) throw new SolverError('R542', { case: 'y', length: d.y.length, N, T });
  if (d.X.length !== N * T * k) throw new SolverError('R542', { case: 'X', length: d.X.length, N, T, k });
  if (new Set(d.names).size !== k) throw new SolverError('R543', { case: 'distinct' });
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
 * Whether the Lee–Yu correction (option leeYu) exists for a static model with these fixed effects: for unit or
 * period effects it rescales σ² and the information (any model); for two-way effects it is SDPDmod's bias
 * correction of the direct approach, derived for lag models only.
 */
export function leeYuAvailable(model: SpatialModel, effect: FixedEffect): boolean {
  const d = SPATIAL_MODELS[model];
  return effect !== 'twoways' || (d.lag && !d.error);
}

function absorbedBy(effect: FixedEffect): string | undefined {
  if (effect === 'individual') return 'removing the unit fixed effects';
  if (effect === 'time') return 'removing the period fixed effects';
  if (effect === 'twoways') return 'removing the unit and period fixed effects';
  return undefined;
}

/**
 * Fit a static spatial panel model by maximum likelihood. With an approximate log-determinant (large N) the
 * units are first relabelled for memory locality (locality.ts) and the unit-level outputs mapped back.
 */
export function fitSpatialPanel(data: SpatialPanelData, opts: SpatialPanelOptions): SpatialPanelFit {
  if (!isApproximateLogDet(data.W, opts.logdet) || data.W.n !== data.N) return fitInOrder(data, opts);
  const view = localView(data.W);
  const k = data.names.length;
  const fit = fitInOrder(
    { ...data, W: view.W, y: toLocal(data.y, view, data.T), X: toLocal(data.X, view, data.T, k) },
    opts,
  );
  const { unit } = fit.fixedEffects;
  return {
    ...fit,
    residuals: fromLocal(fit.residuals, view, data.T),
    fixedEffects: { ...fit.fixedEffects, ...(unit ? { unit: fromLocal(unit, view, 1) } : {}) },
    W: data.W,
  };
}

/** The within-transformed regression of a static fit: raw Z = [X, WX_d], its demeaned Z̃, ỹ, Wỹ and Z̃'Z̃. */
interface WithinRegression {
  names: string[];
  durbinOf: Int32Array;
  kz: number;
  Z: Float64Array;
  Zt: Float64Array;
  yt: Float64Array;
  Wyt: Float64Array;
  ZZ: Float64Array;
  LZ: Float64Array;
}

/** The concentrated log-likelihood in ρ/λ and β(ρ/λ); WZ̃ for error models (used again by the information). */
interface Concentrated {
  objective: (r: number) => number;
  betaAt: (r: number) => Float64Array;
  WZt: Float64Array | null;
}

/** What the information matrix of (β, ρ, σ²) reads. */
interface InfoInput {
  W: CsrMatrix;
  lu: LogDet['solver'];
  traceOpts: Parameters<typeof gTraces>[2];
  lag: boolean;
  reg: WithinRegression;
  WZt: Float64Array | null;
  NT: number;
  T: number;
}

/** The reported (β, ρ, σ²), their covariance, the traces used and the log-likelihood. */
interface Reported {
  beta: Float64Array;
  rho: number;
  sigma2: number;
  vcov: Float64Array;
  traces: GTraces;
  logLik: number;
}

function fitInOrder(data: SpatialPanelData, opts: SpatialPanelOptions): SpatialPanelFit {
  checkData(data);
  const { N, T, W } = data;
  const NT = N * T;
  const { model, desc, effect, leeYu } = staticSettings(opts);
  const lag = desc.lag;
  const reg = withinRegression(data, desc, opts.durbin, effect);
  const { kz, names, Zt, yt, Wyt } = reg;

  // log-determinant and the search interval
  const ld = createLogDet(W, { ...opts.logdet, interval: opts.interval ?? opts.logdet?.interval });
  let [lo, hi] = ld.interval;
  if (!Number.isFinite(lo)) lo = -1;
  if (!Number.isFinite(hi)) hi = 1;
  const shrink = 1e-9 * (hi - lo);
  const a = lo + shrink;
  const b = hi - shrink;
  const tol = opts.tol ?? 1e-10;
  const warnings: string[] = [];

  const { objective, betaAt, WZt } = lag ? lagLikelihood(reg, ld, NT, T) : errorLikelihood(reg, W, ld, NT, T);
  const opt = maximizeConcentrated(objective, T, ld, a, b, tol);
  const rhoHat = opt.x;
  if (rhoHat - lo < 1e-6 * (hi - lo) || hi - rhoHat < 1e-6 * (hi - lo)) {
    warnings.push(warningLine('W500', { case: 'edge', symbol: lag ? 'ρ' : 'λ', value: rhoHat, lo, hi }));
  }
  const ldReport = logDetReport(ld, rhoHat, opt);
  if (ldReport.approximate) warnings.push(ldReport.warning);

  const betaHat = betaAt(rhoHat);
  // residuals at the estimate
  const resid = new Float64Array(NT);
  const fitZ = matVec(Zt, NT, kz, betaHat);
  if (lag) {
    for (let r = 0; r < NT; r++) resid[r] = yt[r]! - rhoHat * Wyt[r]! - fitZ[r]!;
  } else {
    const u = new Float64Array(NT);
    for (let r = 0; r < NT; r++) u[r] = yt[r]! - fitZ[r]!;
    const Wu = panelLag(W, u, T);
    for (let r = 0; r < NT; r++) resid[r] = u[r]! - rhoHat * Wu[r]!;
  }
  const sse = dot(resid, resid);
  const ldHat = ld.logdet(rhoHat);
  const lu = ld.solver;
  const infoIn: InfoInput = {
    W,
    lu,
    traceOpts: { ...opts.traces, ...(ld.traces ? { traces: ld.traces } : {}) },
    lag,
    reg,
    WZt,
    NT,
    T,
  };
  const est = reportedEstimates(infoIn, effect, leeYu, N, betaHat, rhoHat, sse, ldHat, [lo, hi], warnings);
  const { beta, rho, traces } = est;
  const traceWarning = tracesWarning(traces);
  if (traceWarning) warnings.push(traceWarning);
  const { fixedEffects, r2 } = fixedEffectsAndR2(data, reg.Z, kz, beta, rho, lag, effect);

  let corr2: number;
  const ytm = panelMeans(yt, N, T).grand;
  if (lag) {
    // SDPDmod: ŷ = (I − ρ̂W)⁻¹ Z̃β̂ at the ML estimate, correlated with the demeaned y (both centred at mean(ỹ))
    lu.factor(rhoHat);
    corr2 = squaredCorrelation(yt, ytm, lu.solvePanel(fitZ, T, new Float64Array(NT)), ytm);
  } else corr2 = squaredCorrelation(yt, ytm, fitZ, panelMeans(fitZ, N, T).grand);

  return {
    model,
    effect,
    leeYu,
    N,
    T,
    names,
    beta,
    rho,
    rhoName: lag ? 'rho' : 'lambda',
    sigma2: est.sigma2,
    coefficients: coefficientRows(beta, rho, est.vcov, names, lag),
    vcov: est.vcov,
    logLik: est.logLik,
    r2,
    corr2,
    residuals: resid,
    fixedEffects,
    durbinOf: reg.durbinOf,
    interval: [lo, hi],
    logdetMethod: ld.method,
    logdet: ldReport,
    traces,
    ...(ld.traces ? { traceSource: ld.traces } : {}),
    iterations: opt.iterations,
    warnings,
    W,
    eigen: ld.eigen,
  };
}

/** The model's descriptor, fixed effects and Lee–Yu setting, checked: one spatial parameter, Lee–Yu where derived. */
function staticSettings(opts: SpatialPanelOptions): {
  model: SpatialModel;
  desc: NonNullable<ReturnType<typeof spatialModel>>;
  effect: FixedEffect;
  leeYu: boolean;
} {
  const model = opts.model;
  const desc = spatialModel(model);
  if (!desc) throw new SolverError('R545', { case: 'unknown', model: String(model) });
  // one spatial parameter: ρ (lag) or λ (error); a model with both or neither needs its own likelihood
  if (desc.lag === desc.error) throw new SolverError('R545', { case: 'noLikelihood', label: desc.label });
  const effect = opts.effect ?? 'individual';
  const leeYu = opts.leeYu ?? false;
  if (leeYu && !leeYuAvailable(model, effect)) {
    throw new SolverError('R548', { lagModels: spatialLabelsWhere((d) => d.lag && !d.error) });
  }
  return { model, desc, effect, leeYu };
}

/** Durbin terms, then the raw Z = [X, WX_d] and its within transformation (checked for full column rank). */
function withinRegression(
  data: SpatialPanelData,
  desc: NonNullable<ReturnType<typeof spatialModel>>,
  durbinSel: DurbinSelection | undefined,
  effect: FixedEffect,
): WithinRegression {
  const { N, T, W } = data;
  const NT = N * T;
  const k = data.names.length;
  const durbin = durbinTerms(desc, data.names, durbinSel);
  const kz = k + durbin.cols.length;
  if (kz === 0) throw new SolverError('R547');
  const names = [...data.names, ...durbin.names];
  const durbinOf = durbinIndex(durbin, k, k);
  const Z = new Float64Array(NT * kz);
  writeRegressorBlock(Z, kz, 0, data.X, k, W, 0, T, durbin);
  const Zt = demeanColumns(Z, kz, N, T, effect);
  const yt = demean(data.y, N, T, effect);
  const ZZ = crossprod(Zt, kz, Zt, kz, NT);
  assertFullRank(ZZ, kz, names, { absorbedBy: absorbedBy(effect) });
  const LZ = cholesky(ZZ, kz)!;
  const Wyt = panelLag(W, yt, T);
  return { names, durbinOf, kz, Z, Zt, yt, Wyt, ZZ, LZ };
}

/** Lag models: ℓc(ρ) from the residual moments of ỹ and Wỹ on Z̃, β(ρ) = b0 − ρ bd. */
function lagLikelihood(reg: WithinRegression, ld: LogDet, NT: number, T: number): Concentrated {
  const { b0, bd, e00, e0d, edd } = lagResidualMoments(reg.Zt, reg.LZ, reg.kz, reg.yt, reg.Wyt, NT);
  return {
    objective: (r) => -(NT / 2) * Math.log(e00 - 2 * r * e0d + r * r * edd) + T * ld.logdet(r),
    betaAt: (r) => b0.map((v, i) => v - r * bd[i]!),
    WZt: null,
  };
}

/** Error models: ℓc(λ) and β(λ) from OLS of (I − λW)ỹ on (I − λW)Z̃, assembled from k×k cross-products. */
function errorLikelihood(reg: WithinRegression, W: CsrMatrix, ld: LogDet, NT: number, T: number): Concentrated {
  const { kz, Zt, yt, Wyt, ZZ } = reg;
  const WZt = new Float64Array(NT * kz);
  const col = new Float64Array(NT);
  const lagc = new Float64Array(NT);
  for (let c = 0; c < kz; c++) {
    for (let r = 0; r < NT; r++) col[r] = Zt[r * kz + c]!;
    panelLag(W, col, T, lagc);
    for (let r = 0; r < NT; r++) WZt[r * kz + c] = lagc[r]!;
  }
  const A1 = crossprod(Zt, kz, WZt, kz, NT);
  const A2 = crossprod(WZt, kz, WZt, kz, NT);
  const c0 = crossprodVec(Zt, kz, yt, NT);
  const c1 = crossprodVec(Zt, kz, Wyt, NT);
  const c2 = crossprodVec(WZt, kz, yt, NT);
  const c3 = crossprodVec(WZt, kz, Wyt, NT);
  const s0 = dot(yt, yt);
  const s1 = dot(yt, Wyt);
  const s2 = dot(Wyt, Wyt);
  const kk = kz * kz;
  const sys = (r: number) => {
    const M = new Float64Array(kk);
    for (let i = 0; i < kz; i++) {
      for (let j = 0; j < kz; j++)
        M[i * kz + j] = ZZ[i * kz + j]! - r * (A1[i * kz + j]! + A1[j * kz + i]!) + r * r * A2[i * kz + j]!;
    }
    const v = new Float64Array(kz);
    for (let i = 0; i < kz; i++) v[i] = c0[i]! - r * (c1[i]! + c2[i]!) + r * r * c3[i]!;
    return { M, v, yy: s0 - 2 * r * s1 + r * r * s2 };
  };
  return {
    betaAt: (r) => {
      const { M, v } = sys(r);
      const L = cholesky(M, kz);
      if (!L) throw new SolverError('R549', { case: 'filtered', lambda: r });
      return cholSolve(L, kz, v);
    },
    objective: (r) => {
      const { M, v, yy } = sys(r);
      const L = cholesky(M, kz);
      if (!L) return -Infinity;
      const bb = cholSolve(L, kz, v);
      const sse = yy - dot(bb, v);
      return T * ld.logdet(r) - (NT / 2) * Math.log(sse);
    },
    WZt,
  };
}

/** Information matrix of (β, ρ, σ²) with effective T and NT (Lee–Yu individual/time adjust these). */
function informationMatrix(
  c: InfoInput,
  rho: number,
  beta: Float64Array,
  s2: number,
  Teff: number,
  NTeff: number,
): { I: Float64Array; tr: GTraces } {
  const { W, lu, NT, T } = c;
  const { kz, Zt, ZZ } = c.reg;
  lu.factor(rho);
  const tr = gTraces(W, lu, c.traceOpts);
  const p = kz + 2;
  const I = new Float64Array(p * p);
  const ir = kz;
  const is = kz + 1;
  if (c.lag) {
    const zb = matVec(Zt, NT, kz, beta);
    const v = new Float64Array(NT);
    panelLag(W, lu.solvePanel(zb, T, new Float64Array(NT)), T, v);
    const zv = crossprodVec(Zt, kz, v, NT);
    for (let i = 0; i < kz; i++) {
      for (let j = 0; j < kz; j++) I[i * p + j] = ZZ[i * kz + j]! / s2;
      I[i * p + ir] = I[ir * p + i] = zv[i]! / s2;
    }
    I[ir * p + ir] = dot(v, v) / s2 + Teff * (tr.trG2 + tr.trGtG);
  } else {
    // Z* = Z̃ − λWZ̃
    const Zs = new Float64Array(NT * kz);
    for (let q = 0; q < NT * kz; q++) Zs[q] = Zt[q]! - rho * c.WZt![q]!;
    const ZsZs = crossprod(Zs, kz, Zs, kz, NT);
    for (let i = 0; i < kz; i++) for (let j = 0; j < kz; j++) I[i * p + j] = ZsZs[i * kz + j]! / s2;
    I[ir * p + ir] = Teff * (tr.trG2 + tr.trGtG);
  }
  I[ir * p + is] = I[is * p + ir] = (Teff * tr.trG) / s2;
  I[is * p + is] = NTeff / (2 * s2 * s2);
  return { I, tr };
}

/**
 * The reported estimates: the ML estimate, or its Lee–Yu version (individual: T − 1 periods; time: N − 1 units;
 * two-way: SDPDmod's bias correction of the direct approach), with the covariance and log-likelihood that go
 * with it.
 */
function reportedEstimates(
  c: InfoInput,
  effect: FixedEffect,
  leeYu: boolean,
  N: number,
  betaHat: Float64Array,
  rhoHat: number,
  sse: number,
  ldHat: number,
  [lo, hi]: [number, number],
  warnings: string[],
): Reported {
  const { T, NT } = c;
  const kz = c.reg.kz;
  const sigma2ML = sse / NT;
  let beta = betaHat;
  let rho = rhoHat;
  let sigma2 = sigma2ML;
  const p = kz + 2;
  if (leeYu && effect === 'individual') {
    sigma2 = (sigma2ML * T) / (T - 1);
    const r = informationMatrix(c, rho, beta, sigma2, T - 1, N * (T - 1));
    const vcov = invertSymmetric(r.I, p, 'information matrix');
    const logLik = (T - 1) * ldHat - ((N * (T - 1)) / 2) * Math.log(2 * Math.PI * sigma2) - sse / (2 * sigma2);
    return { beta, rho, sigma2, vcov, traces: r.tr, logLik };
  }
  if (leeYu && effect === 'time') {
    sigma2 = (sigma2ML * N) / (N - 1);
    const r = informationMatrix(c, rho, beta, sigma2, T, (N - 1) * T);
    const vcov = invertSymmetric(r.I, p, 'information matrix');
    const logLik = T * ldHat - (((N - 1) * T) / 2) * Math.log(2 * Math.PI * sigma2) - sse / (2 * sigma2);
    return { beta, rho, sigma2, vcov, traces: r.tr, logLik };
  }
  if (leeYu && effect === 'twoways') {
    // SDPDmod's bias correction of the direct approach (static, two-way)
    const r0 = informationMatrix(c, rho, beta, sigma2, T, NT);
    const Iinv = invertSymmetric(r0.I, p, 'information matrix');
    const av = new Float64Array(p);
    av[kz] = 1 / (1 - rho);
    av[kz + 1] = 1 / (2 * sigma2);
    const theta = new Float64Array(p);
    for (let i = 0; i < kz; i++) theta[i] = beta[i]!;
    theta[kz] = rho;
    theta[kz + 1] = sigma2;
    const corr = matVec(Iinv, p, p, av);
    for (let i = 0; i < p; i++) theta[i]! += T * corr[i]!;
    theta[kz + 1]! *= T / (T - 1);
    beta = theta.slice(0, kz);
    rho = theta[kz]!;
    sigma2 = theta[kz + 1]!;
    if (!(rho > lo && rho < hi)) warnings.push(warningLine('W500', { case: 'corrected', rho }));
    const r1 = informationMatrix(c, rho, beta, sigma2, T, NT);
    const vcov = invertSymmetric(r1.I, p, 'information matrix');
    const logLik = T * ldHat - (NT / 2) * Math.log(2 * Math.PI * sigma2ML) - sse / (2 * sigma2ML);
    return { beta, rho, sigma2, vcov, traces: r1.tr, logLik };
  }
  const r = informationMatrix(c, rho, beta, sigma2, T, NT);
  const vcov = invertSymmetric(r.I, p, 'information matrix');
  const logLik = T * ldHat - (NT / 2) * Math.log(2 * Math.PI * sigma2) - sse / (2 * sigma2);
  return { beta, rho, sigma2, vcov, traces: r.tr, logLik };
}

/** The W503 warning when the traces of G were estimated rather than computed exactly. */
function tracesWarning(traces: GTraces): string | undefined {
  if (traces.method === 'exact') return undefined;
  const rel = Math.max(
    traces.se.trGtG / Math.abs(traces.trGtG),
    traces.se.trG2 / Math.max(Math.abs(traces.trG2), 1e-300),
  );
  return warningLine('W503', { case: 'static', probes: traces.probes!, rel, series: traces.method === 'series' });
}

/** Fixed effects and R² with the reported parameters, from the raw y − ρWy − Zβ (lag) or y − Zβ (error). */
function fixedEffectsAndR2(
  data: SpatialPanelData,
  Z: Float64Array,
  kz: number,
  beta: Float64Array,
  rho: number,
  lag: boolean,
  effect: FixedEffect,
): { fixedEffects: SpatialPanelFit['fixedEffects']; r2: number } {
  const { N, T, W } = data;
  const NT = N * T;
  const Wy = panelLag(W, data.y, T);
  const zbRaw = matVec(Z, NT, kz, beta);
  const base = new Float64Array(NT); // y − ρWy − Zβ (lag) or y − Zβ (error), raw
  for (let r = 0; r < NT; r++) base[r] = data.y[r]! - (lag ? rho * Wy[r]! : 0) - zbRaw[r]!;
  const bm = panelMeans(base, N, T);
  const fixedEffects: SpatialPanelFit['fixedEffects'] = { intercept: bm.grand };
  if (effect === 'individual' || effect === 'twoways') fixedEffects.unit = bm.unit.map((v) => v - bm.grand);
  if (effect === 'time' || effect === 'twoways') fixedEffects.time = bm.time.map((v) => v - bm.grand);
  const eFull = demean(base, N, T, effect);
  const ym = panelMeans(data.y, N, T).grand;
  let tss = 0;
  for (let r = 0; r < NT; r++) tss += (data.y[r]! - ym) * (data.y[r]! - ym);
  return { fixedEffects, r2: 1 - dot(eFull, eFull) / tss };
}

/** Squared correlation of a and b, centred at am and bm. */
function squaredCorrelation(a: Float64Array, am: number, b: Float64Array, bm: number): number {
  let s12 = 0;
  let s11 = 0;
  let s22 = 0;
  for (let r = 0; r < a.length; r++) {
    const u1 = a[r]! - am;
    const u2 = b[r]! - bm;
    s12 += u1 * u2;
    s11 += u1 * u1;
    s22 += u2 * u2;
  }
  return (s12 * s12) / (s11 * s22);
}

/** β rows, then the ρ/λ row, with normal z statistics. */
function coefficientRows(
  beta: Float64Array,
  rho: number,
  vcov: Float64Array,
  names: string[],
  lag: boolean,
): CoefRow[] {
  const kz = beta.length;
  const p = kz + 2;
  const coefficients: CoefRow[] = [];
  for (let i = 0; i <= kz; i++) {
    const est = i < kz ? beta[i]! : rho;
    const se = Math.sqrt(vcov[i * p + i]!);
    const z = est / se;
    coefficients.push({
      name: i < kz ? names[i]! : lag ? 'rho' : 'lambda',
      estimate: est,
      se,
      z,
      p: normalTwoSided(z),
    });
  }
  return coefficients;
}

/**
 * The concentrated likelihood of a lag model in ρ: with b0 = (Z'Z)⁻¹Z'y and bd = (Z'Z)⁻¹Z'Wy, the residual of
 * ρ is e0 − ρ·ed (e0 = y − Z b0, ed = Wy − Z bd), so e'e = e00 − 2ρ e0d + ρ² edd and β(ρ) = b0 − ρ bd.
 * Shared by the static (models.ts) and dynamic (dynamic.ts) fits.
 */
export function lagResidualMoments(
  Zt: Float64Array,
  LZ: Float64Array,
  kz: number,
  yt: ArrayLike<number>,
  Wyt: ArrayLike<number>,
  NT: number,
): { b0: Float64Array; bd: Float64Array; e00: number; e0d: number; edd: number } {
  const b0 = cholSolve(LZ, kz, crossprodVec(Zt, kz, yt, NT));
  const bd = cholSolve(LZ, kz, crossprodVec(Zt, kz, Wyt, NT));
  const fit0 = matVec(Zt, NT, kz, b0);
  const fitd = matVec(Zt, NT, kz, bd);
  let e00 = 0;
  let e0d = 0;
  let edd = 0;
  for (let r = 0; r < NT; r++) {
    const e0 = yt[r]! - fit0[r]!;
    const ed = Wyt[r]! - fitd[r]!;
    e00 += e0 * e0;
    e0d += e0 * ed;
    edd += ed * ed;
  }
  return { b0, bd, e00, e0d, edd };
}
