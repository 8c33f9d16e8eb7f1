// Specification tests for static spatial panels (seed 001, Table 3):
// - LM-lag, LM-error and their locally robust versions (Anselin et al. 1996 / Elhorst 2010, panel form), computed
//   as splm::slmtest does: OLS on the within-transformed data (or pooled data), e its residuals, σ² = e'e/NT,
//   T_W = tr(W'W + W²), J = (Wŷ)'M(Wŷ)/σ² + T·T_W,
//     LM_lag = (e'Wy/σ²)²/J,  LM_err = (e'We/σ²)²/(T·T_W),
//     RLM_lag = (e'Wy/σ² − e'We/σ²)²/(J − T·T_W),  RLM_err = (e'We/σ² − T·T_W/J·e'Wy/σ²)²/(T·T_W(1 − T·T_W/J)),
//   each χ²(1). W acts period by period on the time-major vectors (never I_T ⊗ W).
// - Wald and LR tests of the SDM against the SAR (θ = 0) and the SEM (θ + ρβ = 0, delta method), χ²(q) with q the
//   number of Durbin terms.
// - LR tests of the unit and the period fixed effects (two-way model against time-only / unit-only effects),
//   χ²(N − 1) and χ²(T − 1), as in Elhorst's spatial-panel toolbox.
// The Hausman test of seed 001's Table 3 needs random-effects spatial models: see random.ts (spatialHausman).
import { SPATIAL_MODELS } from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { type CsrMatrix, csrGet, panelLag } from './csr.ts';
import {
  cholesky,
  cholSolve,
  crossprod,
  crossprodVec,
  dot,
  invertSymmetric,
  matVec,
  assertFullRank,
} from './linalg.ts';
import { fitSpatialPanel, type SpatialPanelData, type SpatialPanelFit, type SpatialPanelOptions } from './models.ts';
import { type FixedEffect, demean, demeanColumns } from './panel.ts';
import { chisqUpper } from './pvalues.ts';

export interface TestResult {
  name: string;
  statistic: number;
  df: number;
  pValue: number;
}

function chi(name: string, statistic: number, df: number): TestResult {
  return { name, statistic, df, pValue: chisqUpper(statistic, df) };
}

export interface LMTestInput {
  y: Float64Array;
  /** Row-major NT×k regressors (time-major rows). */
  X: Float64Array;
  names: readonly string[];
  W: CsrMatrix;
  N: number;
  T: number;
  /** Transformation before OLS: 'none' = pooled OLS. Default 'none'. */
  effect?: FixedEffect;
  /** Add an intercept column (only meaningful for effect 'none'; default true there, false otherwise). */
  intercept?: boolean;
}

export interface LMTests {
  lmLag: TestResult;
  lmError: TestResult;
  robustLmLag: TestResult;
  robustLmError: TestResult;
}

/** Panel LM tests of spatial lag and spatial error dependence (splm::slmtest). */
export function panelLMTests(inp: LMTestInput): LMTests {
  const { N, T, W } = inp;
  const NT = N * T;
  const effect = inp.effect ?? 'none';
  const k0 = inp.names.length;
  if (inp.y.length !== NT || inp.X.length !== NT * k0) throw new SolverError('R585', { NT });
  if (W.n !== N) throw new SolverError('R586', { w: W.n, N });
  const icpt = inp.intercept ?? effect === 'none';
  const k = k0 + (icpt ? 1 : 0);
  const X = new Float64Array(NT * k);
  for (let r = 0; r < NT; r++) {
    if (icpt) X[r * k] = 1;
    for (let c = 0; c < k0; c++) X[r * k + c + (icpt ? 1 : 0)] = inp.X[r * k0 + c]!;
  }
  const Xt = effect === 'none' ? X : demeanColumns(X, k, N, T, effect);
  const yt = effect === 'none' ? Float64Array.from(inp.y) : demean(inp.y, N, T, effect);
  const XX = crossprod(Xt, k, Xt, k, NT);
  assertFullRank(XX, k, icpt ? ['(Intercept)', ...inp.names] : inp.names);
  const L = cholesky(XX, k)!;
  const b = cholSolve(L, k, crossprodVec(Xt, k, yt, NT));
  const yhat = matVec(Xt, NT, k, b);
  const e = new Float64Array(NT);
  for (let r = 0; r < NT; r++) e[r] = yt[r]! - yhat[r]!;
  const s2 = dot(e, e) / NT;
  // T_W = tr(W'W + W²) = Σ w_ij² + Σ w_ij w_ji
  let TW = 0;
  for (let i = 0; i < N; i++) {
    for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) {
      const v = W.val[p]!;
      TW += v * v + v * csrGet(W, W.col[p]!, i);
    }
  }
  const Wyhat = panelLag(W, yhat, T);
  const Xwy = crossprodVec(Xt, k, Wyhat, NT);
  const proj = dot(Xwy, cholSolve(L, k, Xwy));
  const J = (dot(Wyhat, Wyhat) - proj) / s2 + T * TW;
  const ey = dot(e, panelLag(W, yt, T)) / s2;
  const ee = dot(e, panelLag(W, e, T)) / s2;
  const TTW = T * TW;
  return {
    lmLag: chi('LM-lag', (ey * ey) / J, 1),
    lmError: chi('LM-error', (ee * ee) / TTW, 1),
    robustLmLag: chi('Robust LM-lag', ((ey - ee) * (ey - ee)) / (J - TTW), 1),
    robustLmError: chi('Robust LM-error', (ee - (TTW / J) * ey) ** 2 / (TTW * (1 - TTW / J)), 1),
  };
}

/** Wald tests of an SDM fit: θ = 0 (reduces to SAR) and θ + ρβ = 0 (reduces to SEM, delta method). */
export function durbinWaldTests(sdm: SpatialPanelFit): { sar: TestResult; sem: TestResult } {
  const d = SPATIAL_MODELS[sdm.model];
  // θ = 0 and the common factor θ + ρβ = 0 are restrictions of a lag model with Durbin terms and no error term
  if (!(d.lag && d.durbin && !d.error)) throw new SolverError('R587', { model: sdm.model });
  const pairs: Array<[number, number]> = [];
  sdm.durbinOf.forEach((q, r) => {
    if (q >= 0) pairs.push([r, q]);
  });
  const m = pairs.length;
  if (!m) throw new SolverError('R588');
  const p = sdm.names.length + 2;
  const ir = sdm.names.length;
  const V = sdm.vcov;
  // θ = 0
  const th = Float64Array.from(pairs.map(([, q]) => sdm.beta[q]!));
  const Vt = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) Vt[a * m + b] = V[pairs[a]![1] * p + pairs[b]![1]]!;
  const wSar = dot(th, matVec(invertSymmetric(Vt, m, 'covariance of θ'), m, m, th));
  // g = θ + ρβ, Jacobian rows: ∂g_a/∂β_r = ρ, ∂g_a/∂θ_a = 1, ∂g_a/∂ρ = β_r
  const g = Float64Array.from(pairs.map(([r, q]) => sdm.beta[q]! + sdm.rho * sdm.beta[r]!));
  const Jm = new Float64Array(m * p);
  pairs.forEach(([r, q], a) => {
    Jm[a * p + r] = sdm.rho;
    Jm[a * p + q] = 1;
    Jm[a * p + ir] = sdm.beta[r]!;
  });
  const JV = new Float64Array(m * p);
  for (let a = 0; a < m; a++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += Jm[a * p + i]! * V[i * p + j]!;
      JV[a * p + j] = s;
    }
  const Vg = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += JV[a * p + j]! * Jm[b * p + j]!;
      Vg[a * m + b] = s;
    }
  const wSem = dot(g, matVec(invertSymmetric(Vg, m, 'covariance of θ + ρβ'), m, m, g));
  return { sar: chi('Wald SDM vs SAR (θ = 0)', wSar, m), sem: chi('Wald SDM vs SEM (θ + ρβ = 0)', wSem, m) };
}

/** Likelihood-ratio test 2(ℓ_unrestricted − ℓ_restricted) ~ χ²(df). */
export function lrTest(
  name: string,
  restricted: { logLik: number },
  unrestricted: { logLik: number },
  df: number,
): TestResult {
  return chi(name, 2 * (unrestricted.logLik - restricted.logLik), df);
}

export interface SpecificationTests {
  lm: LMTests;
  wald: { sar: TestResult; sem: TestResult };
  lr: { sar: TestResult; sem: TestResult; unitEffects: TestResult; timeEffects: TestResult };
  fits: {
    sdm: SpatialPanelFit;
    sar: SpatialPanelFit;
    sem: SpatialPanelFit;
    sdmIndividual: SpatialPanelFit;
    sdmTime: SpatialPanelFit;
  };
}

/**
 * The battery of seed 001's Table 3 for a two-way fixed-effects SDM: LM tests on the two-way within OLS, Wald and
 * LR tests of SDM vs SAR and SEM, and LR tests of the unit and period effects (SDM two-way vs SDM with only time /
 * only unit effects). `opts` are passed to every fit (model and effect are set here; leeYu is not applied).
 */
export function specificationTests(
  data: SpatialPanelData,
  opts: Omit<SpatialPanelOptions, 'model' | 'effect' | 'leeYu'> = {},
): SpecificationTests {
  const base = { ...opts, leeYu: false } as const;
  const sdm = fitSpatialPanel(data, { ...base, model: 'sdm', effect: 'twoways' });
  const sar = fitSpatialPanel(data, { ...base, model: 'sar', effect: 'twoways' });
  const sem = fitSpatialPanel(data, { ...base, model: 'sem', effect: 'twoways' });
  const sdmIndividual = fitSpatialPanel(data, { ...base, model: 'sdm', effect: 'individual' });
  const sdmTime = fitSpatialPanel(data, { ...base, model: 'sdm', effect: 'time' });
  const q = sdm.names.length - data.names.length;
  return {
    lm: panelLMTests({ ...data, effect: 'twoways' }),
    wald: durbinWaldTests(sdm),
    lr: {
      sar: lrTest('LR SDM vs SAR', sar, sdm, q),
      sem: lrTest('LR SDM vs SEM', sem, sdm, q),
      unitEffects: lrTest('LR unit fixed effects', sdmTime, sdm, data.N - 1),
      timeEffects: lrTest('LR time fixed effects', sdmIndividual, sdm, data.T - 1),
    },
    fits: { sdm, sar, sem, sdmIndividual, sdmTime },
  };
}
