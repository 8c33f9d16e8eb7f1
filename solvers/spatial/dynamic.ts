// Dynamic spatial panel models with fixed effects (seed 001, Eq. 2): quasi-ML of Yu, de Jong & Lee (2008) and
// Lee & Yu (2010) with their bias correction, as SDPDmod::SDPDm(..., dynamic = TRUE) computes it.
//
//   y_t = τ y_{t−1} + η W y_{t−1} + ρ W y_t + X_t β + W X_t θ + μ + α_t + ε_t,   t = 2..T
//
// The first period only supplies y_{t−1}, so t runs over T − 1 periods. With Z = [y_{t−1}, W y_{t−1}, X, WX] the
// model is the static lag model in Z (models.ts), estimated on within-transformed data:
// - 'individual': unit means removed (N units).
// - 'twoways' with the Lee–Yu correction and row-standardised W: SDPDm removes the period effects with the
//   orthonormal F (N × (N − 1), the eigenvectors of I − 11ᵀ/N) — y*_t = Fᵀy_t, W* = FᵀWF — then unit means.
//   Nothing here forms F: since W1 = 1, FᵀW^kF = (FᵀWF)^k, so every inner product of transformed vectors is that
//   of the two-way demeaned N-vectors (Fᵀa)ᵀ(Fᵀb) = aᵀJb (J = I − 11ᵀ/N), W*y* ↔ J W ỹ, and every trace of a
//   function of W* is the trace over W with the Perron root λ = 1 left out: ln|I − ρW*| = ln|I − ρW| − ln(1 − ρ),
//   tr f(W*) = tr f(W) − f(1), tr(G*G*ᵀ) = tr(GGᵀ) − ‖Gᵀ1‖²/N. The effective cross-section is n = N − 1.
// - 'twoways' otherwise (no correction, or W not row-standardised): two-way demeaning, n = N (as SDPDm).
//
// Estimation: ρ maximises −(nt/2)·ln(e0'e0 − 2ρ e0'ed + ρ² ed'ed) + t·ln|I − ρW(*)| (Brent; exact log-determinant
// from logdet.ts, where SDPDm uses a 0.001 grid), β = b0 − ρ bd, σ² = e'e/(nt).
// Variance (SDPDm's, Yu–de Jong–Lee Theorem 2): Σ = I(θ)/(nt) with the information matrix of models.ts in the
// transformed space, Ω the 4th-moment term, V = (Σ⁻¹ + Σ⁻¹ΩΣ⁻¹)/(nt), se = √|V_ii|, where
//   Ω_ρρ = κ Σ_i G_ii²/n, Ω_ρσ² = κ tr G/(2σ²n), Ω_σ²σ² = κ/(4σ⁴), κ = (μ4 − 3σ⁴)/σ⁴,
// μ4 = mean 4th power of y − (I − ρW)⁻¹Zβ. At the ML estimate SDPDm first passes Σ through Matrix::nearPD (eigen-
// components below 1e-6 of the largest are raised to 1e-8 of it — a unit-dependent step that on Cigar changes the
// uncorrected standard errors and, through Σ⁻¹, the bias correction); reproduced by `nearPositiveDefinite` and
// reported as INFO_NEARPD ('none' turns it off).
// Basis: in the F-transformed case μ4 and Σ_i (FᵀGF)_ii² depend on which orthonormal F is used (SDPDm: whatever
// LAPACK's eigen() returns; its standard errors move by up to 0.5 % corrected / 18 % uncorrected with the basis).
// Here they are replaced by their averages over a uniformly random basis, exact in invariants:
//   E Σ_j (f_jᵀr_t)⁴ = 3‖r_t‖⁴/(n + 2),   E Σ_j (f_jᵀGf_j)² = ((tr G*)² + tr G*² + tr G*G*ᵀ)/(n + 2).
// Lee–Yu bias correction (biasCorrection 'lee_yu', SDPDm LYtrans = TRUE, individual or two-way effects):
//   θ̃ = θ̂ + Σ⁻¹ b / t, with A = S(τI + ηW), S = (I − ρW)⁻¹, G = WS, B = A without its eigen-components whose real
//   part exceeds 1 − 1/n (m of them), and b_τ = tr((I − B)⁻¹S)/n, b_η = tr(W(I − B)⁻¹S)/n,
//   b_ρ = τ tr(G(I − B)⁻¹S)/n + η tr(GW(I − B)⁻¹S)/n + tr(G)/n, b_σ² = 1/(2σ²), plus t/(2(1 − ρ))·m/n on b_τ, b_η, b_ρ.
//   With m = 0, (I − A)⁻¹S = ((1 − τ)I − (ρ + η)W)⁻¹, so the traces need one more sparse factorisation and no
//   eigenvalues; eigenvalues are used when the fit has them, or when the bound max Re a(λ) over the spectral disc
//   (a(λ) = (τ + ηλ)/(1 − ρλ)) cannot exclude m > 0. SDPDm's quirks are kept: with only W y_{t−1} its coefficient
//   gets the τ-style terms; with only y_{t−1} the m/n term is not added. The corrected fit's variance is computed
//   at θ̃ without nearPD; σ̃² is the corrected σ² (no T/(T − 1) factor in the dynamic model).
// Log-likelihood as SDPDm: with the correction, f2_sar_dyn (raw data with unit means removed, N·t observations,
// t·ln|I − ρW(*)|) at the reported parameters; without, the concentrated model's at the ML estimate. R² and the
// squared correlation follow SDPDm too (see the fixture script spec/conformance/spatial/dynamic.R).
// Effects (dynamicImpacts): short term (I − ρW)⁻¹(βI + θW), long term ((1 − τ)I − (ρ + η)W)⁻¹(βI + θW), direct =
// mean diagonal, total = mean row sum, by simulation from N(θ̃, V) as impactsSDPDm, through the scalar multipliers
// of effects.ts (no N×N inverse per draw).
// Differences from SDPDm, all deliberate: exact log-determinant; row-standardisation is tested to 1e-12 (SDPDm
// requires rowSums(W) == 1 exactly); the rotation average above; complex unstable eigenvalue pairs are removed as
// pairs (SDPDm takes real parts of eigenvectors); `vcov` is always the covariance (SDPDm's varcov without the
// correction is nt times too large, and impactsSDPDm draws from it).
import { DYNAMIC_MODEL_WORDS, type DynamicSpatialModel, spatialModel } from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { warningLine } from '../../diagnostics/index.ts';
import { createRng } from '../random.ts';
import { maximizeConcentrated } from './concentrated.ts';
import { type CsrMatrix, csrMatVec, csrRowSums, csrTransposeMatVec, panelLag } from './csr.ts';
import { type DurbinSelection, durbinIndex, durbinTerms, writeRegressorBlock } from './durbin.ts';
import { type Eigenvalues, weightsEigenvalues } from './eigen.ts';
import { type EffectStat, drawFactor, effectMultipliers, summarizeDraws } from './effects.ts';
import { denseGreen, forGreenColumns, gTraces, seriesGTraces } from './gtraces.ts';
import { assertFullRank, cholesky, crossprod, crossprodVec, dot, invertSymmetric, matVec } from './linalg.ts';
import {
  createLogDet,
  isApproximateLogDet,
  type LogDet,
  type LogDetReport,
  logDetReport,
  lowTraces,
  type LogDetOptions,
  spectralRadiusBound,
} from './logdet.ts';
import { fromLocal, localView, toLocal } from './locality.ts';
import { type CoefRow, lagResidualMoments, type SpatialPanelData } from './models.ts';
import { demean, demeanColumns } from './panel.ts';
import { normalTwoSided } from './pvalues.ts';
import type { ShiftedSolver } from './shifted.ts';
import { combineTraces, type TraceSource } from './traces.ts';

export type DynamicEffect = 'individual' | 'twoways';
export type BiasCorrection = 'lee_yu' | 'none';

/** As SpatialPanelData, with T counting every period including the first (whose y only enters as a lag). */
export interface DynamicPanelData extends SpatialPanelData {
  /** Period labels (length T). Numeric labels must be evenly spaced: a gap breaks y_{t−1}. */
  periods?: readonly (number | string)[];
}

export interface DynamicPanelOptions {
  model: DynamicSpatialModel;
  /** Default 'individual' (as SDPDm). */
  effect?: DynamicEffect;
  /** Include y_{t−1}. Default true. */
  timeLag?: boolean;
  /** Include W y_{t−1}. Default true. */
  spaceTimeLag?: boolean;
  /** 'lee_yu' (default, SDPDm LYtrans = TRUE) or 'none' (LYtrans = FALSE: plain within transformation, ML). */
  biasCorrection?: BiasCorrection;
  /** Regressors with a W·x term in a Durbin model (SDM): true (all, default) or a list of names. */
  durbin?: DurbinSelection;
  /** Name of the dependent variable for the lag names tlag(y), W*tlag(y). Default 'y'. */
  yName?: string;
  /** SDPDm's Matrix::nearPD of the information matrix at the ML estimate: 'nearPD' (default) or 'none'. */
  informationRegularisation?: 'nearPD' | 'none';
  logdet?: LogDetOptions;
  /** Search interval for ρ (default: the admissible interval of ln|I − ρW|). */
  interval?: [number, number];
  /** Brent tolerance on ρ. Default 1e-10. */
  tol?: number;
  /**
   * Traces of G and of the bias terms: exact (N ≤ exactMaxN, default 2000), seeded Hutchinson probes, or (with an
   * approximate log-determinant, the default there) power series in the shared trace estimates.
   */
  traces?: { method?: 'auto' | 'exact' | 'hutchinson'; exactMaxN?: number; probes?: number; seed?: number };
  /** Largest N for which eigenvalues of W are computed (dense, O(N³)) when the bias correction needs them. Default 1000. */
  eigenMaxN?: number;
}

export interface DynamicEstimates {
  /** Coefficients of Z = [tlag(y), W*tlag(y), X, W*X], in `names` order. */
  beta: Float64Array;
  rho: number;
  sigma2: number;
  /** β rows then the ρ row. */
  coefficients: CoefRow[];
  /** Covariance of (β, ρ, σ²), row-major (k+2)×(k+2). */
  vcov: Float64Array;
  logLik: number;
}

export interface DynamicSpatialPanelFit extends DynamicEstimates {
  model: DynamicSpatialModel;
  effect: DynamicEffect;
  biasCorrection: BiasCorrection;
  timeLag: boolean;
  spaceTimeLag: boolean;
  /** Lee–Yu orthonormal removal of the period effects (two-way, corrected, row-standardised W): n = N − 1. */
  transformed: boolean;
  N: number;
  /** Periods used (the data's T − 1). */
  T: number;
  names: string[];
  rhoName: 'rho';
  /** Index in beta of tlag(y) / W*tlag(y) (−1 if absent) and of the first regressor. */
  lagIndex: { tlag: number; wtlag: number; x: number };
  /** For each regressor (by index in data.names): index of its W*x term in beta, or −1. */
  durbinOf: Int32Array;
  /** SDPDm's R² and squared correlation (rsqr, adjrsqr). */
  r2: number;
  corr2: number;
  /** Residuals of the transformed model at the reported estimates, ỹ − ρWỹ − Z̃β, time-major N·(T − 1). */
  residuals: Float64Array;
  /** The ML estimates before the Lee–Yu correction (biasCorrection 'lee_yu' only). */
  uncorrected?: DynamicEstimates;
  /** θ̃ − θ̂ over (β, ρ, σ²) (biasCorrection 'lee_yu'). */
  correction?: Float64Array;
  /** Eigenvalues of A removed by the correction (m). */
  unstableRoots: number;
  /** nearPD changed the information matrix at the ML estimate. */
  informationRegularised: boolean;
  interval: [number, number];
  logdetMethod: LogDet['method'];
  /** The log-determinant used: method, settings and error bounds at ρ̂ (with the bound on ρ̂ for approximations). */
  logdet: LogDetReport;
  traceMethod: 'exact' | 'hutchinson' | 'series';
  biasTraceMethod: 'eigen' | 'exact' | 'hutchinson' | 'series' | 'none';
  /** The trace estimates of an approximate log-determinant, shared with the effects (absent when exact). */
  traceSource?: TraceSource;
  iterations: number;
  warnings: string[];
  W: CsrMatrix;
  eigen?: Eigenvalues;
}

// ---------------------------------------------------------------------------------------------------------------
// small dense helpers

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi: values descending, vectors as columns. */
function jacobiEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        tot += x;
        if (i !== j) off += x;
      }
    }
    if (off <= 1e-30 * tot || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

function normInf(A: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(A[i * n + j]!);
    m = Math.max(m, s);
  }
  return m;
}

/**
 * Matrix::nearPD with its defaults (Higham 2002 with Dykstra's correction; eig.tol 1e-6, conv.tol 1e-7,
 * posd.tol 1e-8, keepDiag FALSE, do2eigen TRUE), for a symmetric n×n matrix. `changed` reports whether anything
 * beyond rounding happened (an eigen-component dropped or raised).
 */
export function nearPositiveDefinite(
  A: Float64Array,
  n: number,
): { matrix: Float64Array; changed: boolean; iterations: number } {
  let X = Float64Array.from(A);
  const DS = new Float64Array(n * n);
  let changed = false;
  let it = 0;
  for (let conv = Infinity; it < 100 && !(conv <= 1e-7);) {
    const Y = X;
    const R = new Float64Array(n * n);
    for (let q = 0; q < n * n; q++) R[q] = Y[q]! - DS[q]!;
    const { values: d, vectors: Q } = jacobiEigen(R, n);
    if (!(d[0]! > 0)) throw new SolverError('R572');
    const Xn = new Float64Array(n * n);
    for (let c = 0; c < n; c++) {
      if (!(d[c]! > 1e-6 * d[0]!)) {
        changed = true;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const qi = Q[i * n + c]! * d[c]!;
        for (let j = 0; j < n; j++) Xn[i * n + j]! += qi * Q[j * n + c]!;
      }
    }
    for (let q = 0; q < n * n; q++) DS[q] = Xn[q]! - R[q]!;
    const diff = new Float64Array(n * n);
    for (let q = 0; q < n * n; q++) diff[q] = Y[q]! - Xn[q]!;
    conv = normInf(diff, n) / normInf(Y, n);
    X = Xn;
    it++;
  }
  const { values: d, vectors: Q } = jacobiEigen(X, n);
  const eps = 1e-8 * Math.abs(d[0]!);
  if (d[n - 1]! < eps) {
    changed = true;
    const od = Float64Array.from({ length: n }, (_, i) => X[i * n + i]!);
    const Xn = new Float64Array(n * n);
    for (let c = 0; c < n; c++) {
      const dc = Math.max(d[c]!, eps);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Xn[i * n + j]! += Q[i * n + c]! * dc * Q[j * n + c]!;
    }
    const D = Float64Array.from({ length: n }, (_, i) => Math.sqrt(Math.max(eps, od[i]!) / Xn[i * n + i]!));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Xn[i * n + j]! *= D[i]! * D[j]!;
    X = Xn;
  }
  return { matrix: X, changed, iterations: it };
}

function mul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k]!;
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j]! += a * B[k * n + j]!;
    }
  }
  return C;
}

/** Subtract the period means of a time-major panel vector in place (J on each period block). */
function centrePeriods(x: Float64Array, N: number, T: number): Float64Array {
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += x[t * N + i]!;
    s /= N;
    for (let i = 0; i < N; i++) x[t * N + i]! -= s;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------------------------
// traces

interface GInfo {
  trG: number;
  trG2: number;
  trGtG: number;
  /** ‖Gᵀ1‖². */
  colSum2: number;
  /** diag(G) (exact, or estimated with Hutchinson); only when asked for. */
  diag?: Float64Array;
  /** Σ_i G_ii² corrected for the probe noise ('series'); otherwise computed from diag. */
  diagSquares?: number;
  /** Dense G, row-major (exact path only). */
  G?: Float64Array;
  method: 'exact' | 'hutchinson' | 'series';
  /** Largest relative standard error of the estimated traces (0 when exact). */
  relSE: number;
}

/** Exact traces of G = W(I − ρW)⁻¹ at the ρ the LU holds: G column by column by blocked solves, kept densely. */
function denseG(W: CsrMatrix, lu: ShiftedSolver, wantDiag: boolean): GInfo {
  const n = W.n;
  const G = denseGreen(W, lu);
  let trG = 0;
  let trG2 = 0;
  let trGtG = 0;
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    trG += G[i * n + i]!;
    for (let j = 0; j < n; j++) {
      const v = G[i * n + j]!;
      trGtG += v * v;
      col[j]! += v;
      if (j <= i) trG2 += (j === i ? 1 : 2) * v * G[j * n + i]!;
    }
  }
  const diag = wantDiag ? Float64Array.from({ length: n }, (_, i) => G[i * n + i]!) : undefined;
  return { trG, trG2, trGtG, colSum2: dot(col, col), diag, G, method: 'exact', relSE: 0 };
}

/** Hutchinson traces (gtraces.ts), ‖Gᵀ1‖² by one transposed solve, diag(G) by probing around diag(W + ρW²). */
function probedG(W: CsrMatrix, lu: ShiftedSolver, wantDiag: boolean, probes: number, seed: number): GInfo {
  const n = W.n;
  const rho = lu.currentRho;
  const gt = gTraces(W, lu, { method: 'hutchinson', probes, seed });
  const w1 = csrTransposeMatVec(W, new Float64Array(n).fill(1), new Float64Array(n));
  const g1 = lu.solveTranspose(w1, new Float64Array(n));
  let diag: Float64Array | undefined;
  if (wantDiag) {
    // exact diag(W) and diag(W²), then E[z ⊙ (G − W − ρW²)z] by Rademacher probes (seeded)
    diag = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
        const j = W.col[p]!;
        if (j === i) diag[i]! += W.val[p]!;
        for (let q = W.rowPtr[j]!, f = W.rowPtr[j + 1]!; q < f; q++)
          if (W.col[q] === i) diag[i]! += rho * W.val[p]! * W.val[q]!;
      }
    }
    const rng = createRng(seed + 1);
    const z = new Float64Array(n);
    const a = new Float64Array(n);
    const g = new Float64Array(n);
    const w = new Float64Array(n);
    const w2 = new Float64Array(n);
    const acc = new Float64Array(n);
    for (let p = 0; p < probes; p++) {
      for (let i = 0; i < n; i++) z[i] = rng.uniform() < 0.5 ? -1 : 1;
      lu.solve(z, a);
      csrMatVec(W, a, g);
      csrMatVec(W, z, w);
      csrMatVec(W, w, w2);
      for (let i = 0; i < n; i++) acc[i]! += z[i]! * (g[i]! - w[i]! - rho * w2[i]!);
    }
    for (let i = 0; i < n; i++) diag[i]! += acc[i]! / probes;
  }
  const relSE = Math.max(gt.se.trGtG / Math.abs(gt.trGtG), gt.se.trG2 / Math.max(Math.abs(gt.trG2), 1e-300));
  return { trG: gt.trG, trG2: gt.trG2, trGtG: gt.trGtG, colSum2: dot(g1, g1), diag, method: 'hutchinson', relSE };
}

/** Large N: gtraces.ts 'series' (tr G, tr G² from the power traces; tr GᵀG and diag(G) from one set of probe solves). */
function seriesG(W: CsrMatrix, lu: ShiftedSolver, source: TraceSource, wantDiag: boolean, seed: number): GInfo {
  const n = W.n;
  const gt = seriesGTraces(W, lu, source, seed, { diag: wantDiag });
  const w1 = csrTransposeMatVec(W, new Float64Array(n).fill(1), new Float64Array(n));
  const g1 = lu.solveTranspose(w1, new Float64Array(n));
  const relSE = Math.max(gt.se.trGtG / Math.abs(gt.trGtG), gt.se.trG2 / Math.max(Math.abs(gt.trG2), 1e-300));
  return {
    trG: gt.trG,
    trG2: gt.trG2,
    trGtG: gt.trGtG,
    colSum2: dot(g1, g1),
    ...(gt.diag ? { diag: gt.diag, diagSquares: gt.diagSquares! } : {}),
    method: 'series',
    relSE,
  };
}

interface BiasTraces {
  /** tr((I − B)⁻¹S), tr(W(I − B)⁻¹S), tr(G(I − B)⁻¹S), tr(GW(I − B)⁻¹S) over the (restricted) space. */
  tM: number;
  tWM: number;
  tGM: number;
  tGWM: number;
  unstable: number;
  complexUnstable: boolean;
  method: 'eigen' | 'exact' | 'hutchinson';
}

/** Bias traces from eigenvalues (λ = 1 left out once when `dropPerron`), removing unstable components of A. */
function biasTracesEigen(
  ev: Eigenvalues,
  rho: number,
  tau: number,
  eta: number,
  n: number,
  dropPerron: boolean,
): BiasTraces {
  const thr = 1 - 1 / n;
  let skip = -1;
  if (dropPerron) {
    let best = Infinity;
    for (let i = 0; i < ev.re.length; i++) {
      const d = Math.hypot(ev.re[i]! - 1, ev.im[i]!);
      if (d < best) {
        best = d;
        skip = i;
      }
    }
  }
  let tM = 0;
  let tWM = 0;
  let tGM = 0;
  let tGWM = 0;
  let unstable = 0;
  let complexUnstable = false;
  for (let i = 0; i < ev.re.length; i++) {
    if (i === skip) continue;
    const lr = ev.re[i]!;
    const li = ev.im[i]!;
    // s = 1/(1 − ρλ), a = s(τ + ηλ), h = 1/(1 − a) (or 1 when removed), q = h·s; accumulate q, λq, gq, gλq with g = λs
    const dr = 1 - rho * lr;
    const di = -rho * li;
    const den = dr * dr + di * di;
    const sr = dr / den;
    const si = -di / den;
    const nr = tau + eta * lr;
    const ni = eta * li;
    const ar = sr * nr - si * ni;
    const ai = sr * ni + si * nr;
    let hr = 1;
    let hi = 0;
    if (ar > thr) {
      unstable++;
      if (li !== 0) complexUnstable = true;
    } else {
      const br = 1 - ar;
      const bi = -ai;
      const bd = br * br + bi * bi;
      hr = br / bd;
      hi = -bi / bd;
    }
    const qr = hr * sr - hi * si;
    const qi = hr * si + hi * sr;
    const lqr = lr * qr - li * qi;
    const lqi = lr * qi + li * qr;
    const gr = lr * sr - li * si;
    const gi = lr * si + li * sr;
    tM += qr;
    tWM += lqr;
    tGM += gr * qr - gi * qi;
    tGWM += gr * lqr - gi * lqi;
  }
  return { tM, tWM, tGM, tGWM, unstable, complexUnstable, method: 'eigen' };
}

/**
 * Bias traces with no unstable components (m = 0): M = ((1 − τ)I − κW)⁻¹ = (I − μW)⁻¹/(1 − τ), κ = ρ + η,
 * μ = κ/(1 − τ), column by column with G (dense, at ρ) already known: tr(GM) = Σ_ij G_ji M_ij.
 */
function biasTracesExact(
  W: CsrMatrix,
  lu: ShiftedSolver,
  G: Float64Array,
  tau: number,
  kappa: number,
): { tM: number; tWM: number; tGM: number; tGWM: number } {
  const n = W.n;
  const c0 = 1 - tau;
  lu.factor(kappa / c0);
  let tM = 0;
  let tWM = 0;
  let tGM = 0;
  let tGWM = 0;
  forGreenColumns(W, lu, (j0, m, sol, wsol) => {
    for (let c = 0; c < m; c++) {
      const j = j0 + c;
      tM += sol[j * m + c]!;
      tWM += wsol[j * m + c]!;
      let a = 0;
      let b = 0;
      const row = j * n;
      for (let i = 0; i < n; i++) {
        const g = G[row + i]!;
        a += g * sol[i * m + c]!;
        b += g * wsol[i * m + c]!;
      }
      tGM += a;
      tGWM += b;
    }
  });
  return { tM: tM / c0, tWM: tWM / c0, tGM: tGM / c0, tGWM: tGWM / c0 };
}

/** The same traces by Hutchinson probes with control variates on the W and W² terms (exact traces). */
/**
 * The bias traces as power series in the shared trace estimates (m = 0, large N): with M = (I − μW)⁻¹/(1 − τ) and
 * h_k = Σ_{a+b=k} ρ^a μ^b, tr M = Σ μ^k t_k/(1 − τ), tr WM = Σ μ^k t_{k+1}/(1 − τ), tr GM = Σ h_k t_{k+1}/(1 − τ),
 * tr GWM = Σ h_k t_{k+2}/(1 − τ); truncated where the tail Nr²Σ_{k≥K}(k + 1)q^k, q = r·max(|ρ|, |μ|) < 1, is below
 * 1e-10·N.
 */
function biasTracesSeries(
  W: CsrMatrix,
  source: TraceSource,
  rho: number,
  tau: number,
  kappa: number,
): { tM: number; tWM: number; tGM: number; tGWM: number; relSE: number } {
  const n = W.n;
  const c0 = 1 - tau;
  const mu = kappa / c0;
  const r = spectralRadiusBound(W);
  const q = r * Math.max(Math.abs(rho), Math.abs(mu));
  if (!(q < 1)) throw new SolverError('R573', { q });
  const tail = (K: number) => (n * r * r * q ** K * (K + 1 - K * q)) / ((1 - q) * (1 - q));
  let m = Math.max(source.order, 3);
  while (m < 1000 && tail(m - 2) > 1e-10 * n) m++;
  const te = source.powerTraces(m);
  const cM = new Float64Array(m + 1);
  const cWM = new Float64Array(m + 1);
  const cGM = new Float64Array(m + 1);
  const cGWM = new Float64Array(m + 1);
  let muk = 1;
  let h = 0;
  for (let k = 0; k <= m; k++) {
    h = k === 0 ? 1 : rho * h + muk; // h_k = ρh_{k−1} + μ^k (muk = μ^k here)
    cM[k] = muk / c0;
    if (k + 1 <= m) {
      cWM[k + 1] = muk / c0;
      cGM[k + 1] = h / c0;
    }
    if (k + 2 <= m) cGWM[k + 2] = h / c0;
    muk *= mu;
  }
  const out = [cM, cWM, cGM, cGWM].map((c) => combineTraces(te, c));
  const relSE = Math.max(...out.map((o) => o.se / Math.max(Math.abs(o.value), 1e-300)));
  return { tM: out[0]!.value, tWM: out[1]!.value, tGM: out[2]!.value, tGWM: out[3]!.value, relSE };
}

function biasTracesProbed(
  W: CsrMatrix,
  lu: ShiftedSolver,
  rho: number,
  tau: number,
  kappa: number,
  probes: number,
  seed: number,
): { tM: number; tWM: number; tGM: number; tGWM: number; relSE: number } {
  const n = W.n;
  const c0 = 1 - tau;
  const mu = kappa / c0;
  const rng = createRng(seed);
  const Z = new Float64Array(probes * n);
  for (let q = 0; q < Z.length; q++) Z[q] = rng.uniform() < 0.5 ? -1 : 1;
  const U = new Float64Array(probes * n);
  const WU = new Float64Array(probes * n);
  lu.factor(mu);
  for (let p = 0; p < probes; p++) {
    lu.solve(Z, U, p * n, p * n);
    csrMatVec(W, U, WU, p * n, p * n);
  }
  lu.factor(rho);
  const [t1, t2] = lowTraces(W);
  // control variates: coefficients of W and W² in R = (I − μW)⁻¹, WR, GR = WSR and GWR (traces exact)
  const cv = [
    [mu, mu * mu],
    [1, mu],
    [1, rho + mu],
    [0, 1],
  ] as const;
  const samples = [
    new Float64Array(probes),
    new Float64Array(probes),
    new Float64Array(probes),
    new Float64Array(probes),
  ];
  const a = new Float64Array(n);
  const g = new Float64Array(n);
  const wz = new Float64Array(n);
  const w2z = new Float64Array(n);
  for (let p = 0; p < probes; p++) {
    const z = Z.subarray(p * n, (p + 1) * n);
    const u = U.subarray(p * n, (p + 1) * n);
    const wu = WU.subarray(p * n, (p + 1) * n);
    csrMatVec(W, z, wz);
    csrMatVec(W, wz, w2z);
    const zw = dot(z, wz);
    const zw2 = dot(z, w2z);
    lu.solve(u, a);
    csrMatVec(W, a, g);
    const zgm = dot(z, g);
    lu.solve(wu, a);
    csrMatVec(W, a, g);
    const zgwm = dot(z, g);
    // u = (I − μW)⁻¹z = (1 − τ)·Mz: the samples estimate traces of (1 − τ)·(…), divided out below
    const raw = [dot(z, u), dot(z, wu), zgm, zgwm];
    for (let q = 0; q < 4; q++) samples[q]![p] = raw[q]! - cv[q]![0] * zw - cv[q]![1] * zw2;
  }
  const out: number[] = [];
  let relSE = 0;
  for (let q = 0; q < 4; q++) {
    const s = samples[q]!;
    let m = 0;
    for (const v of s) m += v;
    m /= probes;
    let v2 = 0;
    for (const v of s) v2 += (v - m) * (v - m);
    const se = probes > 1 ? Math.sqrt(v2 / (probes - 1) / probes) : 0;
    const est = (m + cv[q]![0] * t1 + cv[q]![1] * t2) / c0;
    out.push(est);
    relSE = Math.max(relSE, se / c0 / Math.max(Math.abs(est), 1e-300));
  }
  return { tM: out[0]!, tWM: out[1]!, tGM: out[2]!, tGWM: out[3]!, relSE };
}

// ---------------------------------------------------------------------------------------------------------------
// input checks

function checkDynamicData(d: DynamicPanelData): void {
  const { N, T, W } = d;
  if (!(Number.isInteger(N) && N > 1 && Number.isInteger(T))) {
    throw new SolverError('R540', { case: 'dynamic', N, T });
  }
  if (T < 3) {
    throw new SolverError('R560', { T });
  }
  if (W.n !== N) {
    throw new SolverError('R541', { w: W.n, N });
  }
  const k = d.names.length;
  if (d.y.length !== N * T) throw new SolverError('R542', { case: 'y', length: d.y.length, N, T });
  if (d.X.length !== N * T * k) throw new SolverError('R542', { case: 'X', length: d.X.length, N, T, k });
  if (new Set(d.names).size !== k) throw new SolverError('R543', { case: 'distinct' });
  const label = (t: number) => (d.periods ? String(d.periods[t]) : `${t + 1}`);
  if (d.periods) {
    if (d.periods.length !== T) throw new SolverError('R561', { labels: d.periods.length, T });
    const num = d.periods.map((p) => (typeof p === 'number' ? p : String(p).trim() === '' ? NaN : Number(p)));
    if (num.every((v) => Number.isFinite(v))) {
      for (let t = 1; t < T; t++) {
        if (!(num[t]! > num[t - 1]!)) {
          throw new SolverError('R562', { period: label(t), previous: label(t - 1) });
        }
      }
      let step = Infinity;
      for (let t = 1; t < T; t++) step = Math.min(step, num[t]! - num[t - 1]!);
      for (let t = 1; t < T; t++) {
        const gap = num[t]! - num[t - 1]!;
        if (gap > step * (1 + 1e-9)) {
          const missing =
            Number.isInteger(step) && Number.isInteger(num[t - 1]!)
              ? Array.from({ length: Math.min(5, Math.round(gap / step) - 1) }, (_, q) => num[t - 1]! + (q + 1) * step)
              : [];
          throw new SolverError('R563', { period: label(t), previous: label(t - 1), missing });
        }
      }
    }
  }
  const at = (r: number) => ({ unit: W.names[r % N]!, period: label(Math.floor(r / N)) });
  for (let r = 0; r < N * T; r++) {
    const v = d.y[r]!;
    if (Number.isNaN(v)) {
      throw new SolverError('R564', at(r));
    }
    if (!Number.isFinite(v)) throw new SolverError('R544', { value: v, ...at(r), phrase: 'for' });
    for (let c = 0; c < k; c++) {
      const x = d.X[r * k + c]!;
      if (Number.isNaN(x)) {
        throw new SolverError('R564', { regressor: d.names[c]!, ...at(r) });
      }
      if (!Number.isFinite(x))
        throw new SolverError('R544', { regressor: d.names[c]!, value: x, ...at(r), phrase: 'for' });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the fit

/**
 * Fit a dynamic spatial (Durbin) panel model by quasi-ML, with the Lee–Yu bias correction by default. With an
 * approximate log-determinant (large N) the units are relabelled for memory locality (locality.ts) and the
 * residuals mapped back.
 */
export function fitDynamicSpatialPanel(data: DynamicPanelData, opts: DynamicPanelOptions): DynamicSpatialPanelFit {
  if (!isApproximateLogDet(data.W, opts.logdet) || data.W.n !== data.N) return fitDynamicInOrder(data, opts);
  const view = localView(data.W);
  const fit = fitDynamicInOrder(
    {
      ...data,
      W: view.W,
      y: toLocal(data.y, view, data.T),
      X: toLocal(data.X, view, data.T, data.names.length),
    },
    opts,
  );
  return { ...fit, residuals: fromLocal(fit.residuals, view, fit.T), W: data.W };
}

/** The dynamic model's checked settings. */
interface DynamicSettings {
  model: DynamicSpatialModel;
  desc: NonNullable<ReturnType<typeof spatialModel>>;
  effect: DynamicEffect;
  bc: BiasCorrection;
  /** y_{t−1} and W y_{t−1} included. */
  tl: boolean;
  stl: boolean;
  lee: boolean;
}

/** The regression over periods 2..T after the within transformation (n = nEff units, t periods). */
interface DynamicRegression {
  N: number;
  t: number;
  NT: number;
  nEff: number;
  NTe: number;
  kz: number;
  names: string[];
  lagIndex: { tlag: number; wtlag: number; x: number };
  durbinOf: Int32Array;
  /** Period effects removed by the Lee–Yu orthonormal transformation (see the header). */
  transformed: boolean;
  y1: Float64Array;
  Z: Float64Array;
  Zt: Float64Array;
  yt: Float64Array;
  Wyt: Float64Array;
  ZZ: Float64Array;
  LZ: Float64Array;
}

/** How the traces of G and of the bias terms are computed. */
interface TraceSettings {
  method: 'exact' | 'hutchinson' | 'series';
  probes: number;
  seed: number;
}

/** Σ = I(θ)/(nt), Ω, tr G and (I − ρW)⁻¹Z̃β at one point, with dense G on the exact path. */
interface PointInfo {
  S: Float64Array;
  O: Float64Array;
  trG: number;
  yhat: Float64Array;
  G: Float64Array | undefined;
  relSE: number;
}

/** What the information at a point reads. */
interface InfoInput {
  W: CsrMatrix;
  lu: ShiftedSolver;
  ld: LogDet;
  reg: DynamicRegression;
  ts: TraceSettings;
}

function fitDynamicInOrder(data: DynamicPanelData, opts: DynamicPanelOptions): DynamicSpatialPanelFit {
  checkDynamicData(data);
  const st = dynamicSettings(opts);
  const { model, effect, bc, tl, stl, lee } = st;
  const { N, W } = data;
  const warnings: string[] = [];
  const reg = dynamicRegression(data, st, opts, warnings);
  const { t, NTe, kz, names, lagIndex, durbinOf, transformed } = reg;

  const { ld, lo, hi, ldStar, opt, rhoHat, betaHat, ldReport } = dynamicML(reg, W, opts, warnings);
  const eHat = dynamicResiduals(reg, rhoHat, betaHat);
  const sigma2Hat = dot(eHat, eHat) / NTe;

  // information matrix Σ = I(θ)/(nt) and the 4th-moment term Ω at (ρ, β, σ²)
  const lu = ld.solver;
  const ts = traceSettings(opts.traces ?? {}, N, ld);
  const infoIn: InfoInput = { W, lu, ld, reg, ts };
  const p = kz + 2;
  const logLikAt = dynamicLogLik(reg, W, ldStar, lee, warnings);

  // at the ML estimate
  const info0 = pointInformation(infoIn, rhoHat, betaHat, sigma2Hat);
  let traceRelSE = info0.relSE;
  const { S0, informationRegularised } = regularisedInformation(info0.S, p, opts, lee, warnings);
  const S0i = invertSymmetric(S0, p, 'information matrix');
  const V0 = sandwichVariance(S0i, info0.O, p, NTe);
  const est0: DynamicEstimates = {
    beta: betaHat,
    rho: rhoHat,
    sigma2: sigma2Hat,
    coefficients: dynamicCoefRows(betaHat, rhoHat, V0, names),
    vcov: V0,
    logLik: logLikAt(rhoHat, betaHat, sigma2Hat),
  };

  let eigen = ld.eigen;
  let unstableRoots = 0;
  let biasTraceMethod: DynamicSpatialPanelFit['biasTraceMethod'] = 'none';
  let result = est0;
  let correction: Float64Array | undefined;
  let eFinal = eHat;
  let yhatFinal = info0.yhat;
  if (lee) {
    const c = leeYuCorrection(infoIn, st, opts.eigenMaxN, eigen, info0, S0i, est0, [lo, hi], warnings);
    traceRelSE = Math.max(traceRelSE, c.relSE);
    eigen = c.eigen;
    unstableRoots = c.unstableRoots;
    biasTraceMethod = c.biasTraceMethod;
    correction = c.correction;
    const { beta: beta1, rho: rho1, sigma2: sigma21 } = c;
    const info1 = pointInformation(infoIn, rho1, beta1, sigma21);
    traceRelSE = Math.max(traceRelSE, info1.relSE);
    const V1 = sandwichVariance(invertSymmetric(info1.S, p, 'information matrix'), info1.O, p, NTe);
    result = {
      beta: beta1,
      rho: rho1,
      sigma2: sigma21,
      coefficients: dynamicCoefRows(beta1, rho1, V1, names),
      vcov: V1,
      logLik: logLikAt(rho1, beta1, sigma21),
    };
    eFinal = dynamicResiduals(reg, rho1, beta1);
    yhatFinal = info1.yhat;
  }
  if (ts.method !== 'exact') {
    warnings.push(
      warningLine('W503', {
        case: 'dynamic',
        probes: ts.method === 'series' ? ld.traces!.opts.probes || 16 : ts.probes!,
        rel: traceRelSE,
        biasCorrected: lee,
      }),
    );
  }
  const { r2, corr2 } = dynamicFitStats(reg, lee, eHat, eFinal, yhatFinal);

  return {
    ...result,
    model,
    effect,
    biasCorrection: bc,
    timeLag: tl,
    spaceTimeLag: stl,
    transformed,
    N,
    T: t,
    names,
    rhoName: 'rho',
    lagIndex,
    durbinOf,
    r2,
    corr2,
    residuals: eFinal,
    uncorrected: lee ? est0 : undefined,
    correction,
    unstableRoots,
    informationRegularised,
    interval: [lo, hi],
    logdetMethod: ld.method,
    logdet: ldReport,
    traceMethod: ts.method,
    biasTraceMethod,
    iterations: opt.iterations,
    warnings,
    W,
    eigen,
    ...(ld.traces ? { traceSource: ld.traces } : {}),
  };
}

/** The model, fixed effects, bias correction and lags, checked. */
function dynamicSettings(opts: DynamicPanelOptions): DynamicSettings {
  const model = opts.model;
  const desc = spatialModel(model);
  if (!desc?.dynamicAllowed) throw new SolverError('R565', { model: String(model), allowed: DYNAMIC_MODEL_WORDS });
  const effect = opts.effect ?? 'individual';
  if (effect !== 'individual' && effect !== 'twoways') {
    throw new SolverError('R566', { effect });
  }
  const bc = opts.biasCorrection ?? 'lee_yu';
  if (bc !== 'lee_yu' && bc !== 'none') throw new SolverError('R567', { correction: bc });
  const tl = opts.timeLag ?? true;
  const stl = opts.spaceTimeLag ?? true;
  if (!tl && !stl) {
    throw new SolverError('R568');
  }
  return { model, desc, effect, bc, tl, stl, lee: bc === 'lee_yu' };
}

/**
 * Durbin terms, the raw Z = [y_{t−1}, W y_{t−1}, X, WX] over periods 2..T, and the within transformation (see
 * the header for the Lee–Yu two-way case), checked for full column rank.
 */
function dynamicRegression(
  data: DynamicPanelData,
  st: DynamicSettings,
  opts: DynamicPanelOptions,
  warnings: string[],
): DynamicRegression {
  const { tl, stl, lee, effect } = st;
  const { N, W } = data;
  const T0 = data.T;
  const t = T0 - 1;
  const NT = N * t;
  const k = data.names.length;
  const yName = opts.yName ?? 'y';
  const durbin = durbinTerms(st.desc, data.names, opts.durbin);
  const nl = (tl ? 1 : 0) + (stl ? 1 : 0);
  const kz = nl + k + durbin.cols.length;
  const lagIndex = { tlag: tl ? 0 : -1, wtlag: stl ? (tl ? 1 : 0) : -1, x: nl };
  const names = [
    ...(tl ? [`tlag(${yName})`] : []),
    ...(stl ? [`W*tlag(${yName})`] : []),
    ...data.names,
    ...durbin.names,
  ];
  const durbinOf = durbinIndex(durbin, k, nl + k);
  const y1 = data.y.slice(N);
  const ylag = data.y.slice(0, NT);
  const Wylag = panelLag(W, ylag, t);
  const Z = new Float64Array(NT * kz);
  for (let r = 0; r < NT; r++) {
    if (tl) Z[r * kz] = ylag[r]!;
    if (stl) Z[r * kz + lagIndex.wtlag] = Wylag[r]!;
  }
  writeRegressorBlock(Z, kz, nl, data.X, k, W, 1, t, durbin);

  // within transformation (see the header for the Lee–Yu two-way case)
  const rs = csrRowSums(W);
  const rowStochastic = rs.every((v) => Math.abs(v - 1) <= 1e-12);
  const transformed = lee && effect === 'twoways' && rowStochastic;
  if (lee && effect === 'twoways' && !rowStochastic) {
    warnings.push(warningLine('W506'));
  }
  const nEff = transformed ? N - 1 : N;
  const NTe = nEff * t;
  const Zt = demeanColumns(Z, kz, N, t, effect);
  const yt = demean(y1, N, t, effect);
  const Wyt = panelLag(W, yt, t);
  if (transformed) centrePeriods(Wyt, N, t);
  const ZZ = crossprod(Zt, kz, Zt, kz, NT);
  assertFullRank(ZZ, kz, names, {
    absorbedBy:
      effect === 'individual' ? 'removing the unit fixed effects' : 'removing the unit and period fixed effects',
  });
  const LZ = cholesky(ZZ, kz)!;
  return { N, t, NT, nEff, NTe, kz, names, lagIndex, durbinOf, transformed, y1, Z, Zt, yt, Wyt, ZZ, LZ };
}

/**
 * The quasi-ML estimate: ρ maximises the concentrated likelihood over the admissible interval (with
 * ln|I − ρW*| = ln|I − ρW| − ln(1 − ρ) in the transformed case), β = b0 − ρ bd.
 */
function dynamicML(
  reg: DynamicRegression,
  W: CsrMatrix,
  opts: DynamicPanelOptions,
  warnings: string[],
): {
  ld: LogDet;
  lo: number;
  hi: number;
  ldStar: (r: number) => number;
  opt: ReturnType<typeof maximizeConcentrated>;
  rhoHat: number;
  betaHat: Float64Array;
  ldReport: LogDetReport;
} {
  const { t, NT, NTe, kz, transformed, yt, Wyt } = reg;
  const ld = createLogDet(W, { ...opts.logdet, interval: opts.interval ?? opts.logdet?.interval });
  let [lo, hi] = ld.interval;
  if (!Number.isFinite(lo)) lo = -1;
  if (!Number.isFinite(hi)) hi = 1;
  if (transformed) hi = Math.min(hi, 1);
  const ldStar = (r: number) => ld.logdet(r) - (transformed ? Math.log(Math.abs(1 - r)) : 0);
  const { b0, bd, e00, e0d, edd } = lagResidualMoments(reg.Zt, reg.LZ, kz, yt, Wyt, NT);
  const shrink = 1e-9 * (hi - lo);
  const opt = maximizeConcentrated(
    (r) => -(NTe / 2) * Math.log(e00 - 2 * r * e0d + r * r * edd) + t * ldStar(r),
    t,
    ld,
    lo + shrink,
    hi - shrink,
    opts.tol ?? 1e-10,
  );
  const rhoHat = opt.x;
  if (rhoHat - lo < 1e-6 * (hi - lo) || hi - rhoHat < 1e-6 * (hi - lo)) {
    warnings.push(warningLine('W500', { case: 'edge', symbol: 'ρ', value: rhoHat, lo, hi }));
  }
  const ldReport = logDetReport(ld, rhoHat, opt);
  if (ldReport.approximate) warnings.push(ldReport.warning);
  const betaHat = b0.map((v, i) => v - rhoHat * bd[i]!);
  return { ld, lo, hi, ldStar, opt, rhoHat, betaHat, ldReport };
}

/** ỹ − ρWỹ − Z̃β. */
function dynamicResiduals(reg: DynamicRegression, rho: number, beta: Float64Array): Float64Array {
  const { NT, kz, Zt, yt, Wyt } = reg;
  const f = matVec(Zt, NT, kz, beta);
  const e = new Float64Array(NT);
  for (let r = 0; r < NT; r++) e[r] = yt[r]! - rho * Wyt[r]! - f[r]!;
  return e;
}

/** Exact traces up to exactMaxN (default 2000); above, power series with an approximate log-determinant, else probes. */
function traceSettings(tro: NonNullable<DynamicPanelOptions['traces']>, N: number, ld: LogDet): TraceSettings {
  const method: 'exact' | 'hutchinson' | 'series' =
    (tro.method ?? 'auto') === 'auto'
      ? N <= (tro.exactMaxN ?? 2000)
        ? 'exact'
        : ld.traces
          ? 'series'
          : 'hutchinson'
      : (tro.method as 'exact' | 'hutchinson');
  return { method, probes: tro.probes ?? 200, seed: tro.seed ?? 20240601 };
}

/** Σ = I(θ)/(nt) and the 4th-moment term Ω at (ρ, β, σ²) (rotation averages in the transformed case). */
function pointInformation(c: InfoInput, rho: number, beta: Float64Array, s2: number): PointInfo {
  const { W, lu, ld, reg, ts } = c;
  const { N, t, NT, nEff, NTe, kz, transformed, Zt, ZZ, yt } = reg;
  const p = kz + 2;
  lu.factor(rho);
  const gi =
    ts.method === 'exact'
      ? denseG(W, lu, !transformed)
      : ts.method === 'series'
        ? seriesG(W, lu, ld.traces!, !transformed, ts.seed)
        : probedG(W, lu, !transformed, ts.probes, ts.seed);
  const g1 = 1 / (1 - rho);
  const trG = transformed ? gi.trG - g1 : gi.trG;
  const trG2 = transformed ? gi.trG2 - g1 * g1 : gi.trG2;
  const trGGt = transformed ? gi.trGtG - gi.colSum2 / N : gi.trGtG;
  const zb = matVec(Zt, NT, kz, beta);
  const yhat = new Float64Array(NT); // (I − ρW)⁻¹ Z̃β
  const v = new Float64Array(NT); // G Z̃β
  for (let q = 0; q < t; q++) {
    lu.solve(zb, yhat, q * N, q * N);
    csrMatVec(W, yhat, v, q * N, q * N);
  }
  if (transformed) {
    centrePeriods(yhat, N, t);
    centrePeriods(v, N, t);
  }
  const zv = crossprodVec(Zt, kz, v, NT);
  const S = new Float64Array(p * p);
  for (let i = 0; i < kz; i++) {
    for (let j = 0; j < kz; j++) S[i * p + j] = ZZ[i * kz + j]! / s2;
    S[i * p + kz] = S[kz * p + i] = zv[i]! / s2;
  }
  S[kz * p + kz] = dot(v, v) / s2 + t * (trG2 + trGGt);
  S[kz * p + kz + 1] = S[(kz + 1) * p + kz] = (t * trG) / s2;
  S[(kz + 1) * p + kz + 1] = NTe / (2 * s2 * s2);
  for (let q = 0; q < p * p; q++) S[q]! /= NTe;
  // μ4 of y − (I − ρW)⁻¹Zβ and Σ_i G_ii² (rotation averages in the transformed case, see the header)
  let mu4 = 0;
  let D2 = 0;
  if (transformed) {
    for (let q = 0; q < t; q++) {
      let ss = 0;
      for (let i = 0; i < N; i++) {
        const r = yt[q * N + i]! - yhat[q * N + i]!;
        ss += r * r;
      }
      mu4 += ss * ss;
    }
    mu4 = (3 * mu4) / ((nEff + 2) * nEff * t);
    D2 = (trG * trG + trG2 + trGGt) / (nEff + 2);
  } else {
    for (let r = 0; r < NT; r++) {
      const e = yt[r]! - yhat[r]!;
      mu4 += e * e * e * e;
    }
    mu4 /= NTe;
    if (gi.diagSquares !== undefined) D2 = gi.diagSquares;
    else for (let i = 0; i < N; i++) D2 += gi.diag![i]! * gi.diag![i]!;
  }
  const kap = (mu4 - 3 * s2 * s2) / (s2 * s2);
  const O = new Float64Array(p * p);
  O[kz * p + kz] = (kap * D2) / nEff;
  O[kz * p + kz + 1] = O[(kz + 1) * p + kz] = (kap * trG) / (2 * s2 * nEff);
  O[(kz + 1) * p + kz + 1] = kap / (4 * s2 * s2);
  return { S, O, trG, yhat, G: gi.G, relSE: gi.relSE };
}

/** V = (Σ⁻¹ + Σ⁻¹ΩΣ⁻¹)/(nt). */
function sandwichVariance(Si: Float64Array, O: Float64Array, p: number, NTe: number): Float64Array {
  const V = mul(mul(Si, O, p), Si, p);
  for (let q = 0; q < p * p; q++) V[q] = (V[q]! + Si[q]!) / NTe;
  return V;
}

/** β rows, then the ρ row, with se = √|V_ii| (as SDPDm). */
function dynamicCoefRows(beta: Float64Array, rho: number, V: Float64Array, names: string[]): CoefRow[] {
  const kz = beta.length;
  const p = kz + 2;
  const rows: CoefRow[] = [];
  for (let i = 0; i <= kz; i++) {
    const est = i < kz ? beta[i]! : rho;
    const se = Math.sqrt(Math.abs(V[i * p + i]!));
    const z = est / se;
    rows.push({ name: i < kz ? names[i]! : 'rho', estimate: est, se, z, p: normalTwoSided(z) });
  }
  return rows;
}

/**
 * SDPDm's likelihoods: f2_sar_dyn (raw data, unit means removed, N·t, ln|I − ρW(*)|) with the correction,
 * f2_sar on the transformed data without.
 */
function dynamicLogLik(
  reg: DynamicRegression,
  W: CsrMatrix,
  ldStar: (r: number) => number,
  lee: boolean,
  warnings: string[],
): (rho: number, beta: Float64Array, s2: number) => number {
  const { N, t, NT, NTe, kz, y1, Z } = reg;
  let rawI: { y: Float64Array; Z: Float64Array; Wy: Float64Array } | null = null;
  return (rho, beta, s2) => {
    let ldv: number;
    try {
      ldv = ldStar(rho);
    } catch {
      warnings.push(warningLine('W507', { rho }));
      return NaN;
    }
    let ee: number;
    let nobs: number;
    if (lee) {
      rawI ??= {
        y: demean(y1, N, t, 'individual'),
        Z: demeanColumns(Z, kz, N, t, 'individual'),
        Wy: demean(panelLag(W, y1, t), N, t, 'individual'),
      };
      const f = matVec(rawI.Z, NT, kz, beta);
      ee = 0;
      for (let r = 0; r < NT; r++) {
        const e = rawI.y[r]! - f[r]! - rho * rawI.Wy[r]!;
        ee += e * e;
      }
      nobs = NT;
    } else {
      const e = dynamicResiduals(reg, rho, beta);
      ee = dot(e, e);
      nobs = NTe;
    }
    return -(nobs / 2) * Math.log(2 * Math.PI * s2) + t * ldv - ee / (2 * s2);
  };
}

/** SDPDm's Matrix::nearPD of Σ at the ML estimate (unless informationRegularisation is 'none'), with its warning. */
function regularisedInformation(
  S: Float64Array,
  p: number,
  opts: DynamicPanelOptions,
  lee: boolean,
  warnings: string[],
): { S0: Float64Array; informationRegularised: boolean } {
  const regularise = (opts.informationRegularisation ?? 'nearPD') === 'nearPD';
  if (!regularise) return { S0: S, informationRegularised: false };
  const np = nearPositiveDefinite(S, p);
  if (!np.changed) return { S0: S, informationRegularised: false };
  const ev = jacobiEigen(S, p).values;
  warnings.push(warningLine('W508', { ratio: ev[p - 1]! / ev[0]!, biasCorrected: lee }));
  return { S0: np.matrix, informationRegularised: true };
}

/**
 * The Lee–Yu bias correction θ̃ = θ̂ + Σ⁻¹b/t (see the header): the bias traces (eigenvalues when the fit has them
 * or when unstable roots cannot be excluded, else exact, series or probed traces), the bias vector b and the
 * corrected (β, ρ, σ²), checked to stay where I − ρW can be factored.
 */
function leeYuCorrection(
  c: InfoInput,
  st: DynamicSettings,
  eigenMaxN: number | undefined,
  eigenIn: Eigenvalues | undefined,
  info0: PointInfo,
  S0i: Float64Array,
  est0: DynamicEstimates,
  [lo, hi]: [number, number],
  warnings: string[],
): {
  beta: Float64Array;
  rho: number;
  sigma2: number;
  correction: Float64Array;
  eigen: Eigenvalues | undefined;
  unstableRoots: number;
  biasTraceMethod: DynamicSpatialPanelFit['biasTraceMethod'];
  relSE: number;
} {
  const { t, nEff, kz, lagIndex } = c.reg;
  const { tl, stl } = st;
  const { beta: betaHat, rho: rhoHat, sigma2: sigma2Hat } = est0;
  const p = kz + 2;
  const tau = tl ? betaHat[lagIndex.tlag]! : 0;
  const eta = stl ? betaHat[lagIndex.wtlag]! : 0;
  const bt = biasTraces(c, eigenMaxN, eigenIn, info0, rhoHat, tau, eta, warnings);
  const { tr, r, unstableRoots } = bt;
  const n = nEff;
  const b1 = new Float64Array(p);
  const u = ((t / (2 * (1 - rhoHat))) * unstableRoots) / n;
  if (tl && stl) {
    b1[0] = tr.tM / n + u;
    b1[1] = tr.tWM / n + u;
    b1[kz] = (tau * tr.tGM) / n + (eta * tr.tGWM) / n + info0.trG / n + u;
  } else if (stl) {
    // SDPDm: the W y_{t−1} coefficient gets the τ-style terms
    b1[0] = tr.tM / n + u;
    b1[kz] = (eta * tr.tGM) / n + info0.trG / n + u;
  } else {
    // SDPDm: no m/n term with y_{t−1} alone
    b1[0] = tr.tM / n;
    b1[kz] = (tau * tr.tGM) / n + info0.trG / n;
  }
  b1[kz + 1] = 1 / (2 * sigma2Hat);
  const corr = matVec(S0i, p, p, b1);
  const correction = corr.map((v) => v / t);
  const beta1 = betaHat.map((v, i) => v + correction[i]!);
  const rho1 = rhoHat + correction[kz]!;
  const sigma21 = sigma2Hat + correction[kz + 1]!;
  if (!(rho1 > lo && rho1 < hi)) {
    warnings.push(warningLine('W500', { case: 'corrected', rho: rho1, lo, hi }));
    if (!(Math.abs(rho1) * r < 1)) {
      throw new SolverError('R570', { rho: rho1, r });
    }
  }
  if (!(sigma21 > 0)) throw new SolverError('R571', { sigma2: sigma21 });
  return {
    beta: beta1,
    rho: rho1,
    sigma2: sigma21,
    correction,
    eigen: bt.eigen,
    unstableRoots,
    biasTraceMethod: bt.biasTraceMethod,
    relSE: bt.relSE,
  };
}

/**
 * The traces of the bias vector: from eigenvalues when the fit has them, or when the bound on the spectral disc
 * cannot exclude unstable roots (computed here unless N > eigenMaxN); otherwise exact, series or probed traces
 * (λ = 1 left out in the transformed case). `r` is the bound on W's spectral radius.
 */
function biasTraces(
  c: InfoInput,
  eigenMaxN: number | undefined,
  eigenIn: Eigenvalues | undefined,
  info0: PointInfo,
  rhoHat: number,
  tau: number,
  eta: number,
  warnings: string[],
): {
  tr: { tM: number; tWM: number; tGM: number; tGWM: number };
  r: number;
  eigen: Eigenvalues | undefined;
  unstableRoots: number;
  biasTraceMethod: DynamicSpatialPanelFit['biasTraceMethod'];
  relSE: number;
} {
  const { W, lu, ld, reg, ts } = c;
  const { N, nEff, transformed } = reg;
  let eigen = eigenIn;
  let unstableRoots = 0;
  let biasTraceMethod: DynamicSpatialPanelFit['biasTraceMethod'];
  let relSE = 0;
  const thr = 1 - 1 / nEff;
  // can the spectral disc |λ| ≤ r hold an eigenvalue with Re a(λ) > 1 − 1/n? (a is Möbius with real
  // coefficients, so its maximum real part over the disc is max(a(r), a(−r)) when the pole 1/ρ lies outside)
  const r = spectralRadiusBound(W);
  const am = (x: number) => (tau + eta * x) / (1 - rhoHat * x);
  const safe = Math.abs(rhoHat) * r < 1 && Math.max(am(r), am(-r)) <= thr;
  if (!eigen && !safe) {
    const maxN = eigenMaxN ?? 1000;
    if (N > maxN) {
      throw new SolverError('R569', { tau, eta, rho: rhoHat, bound: Math.max(am(r), am(-r)), N, maxN });
    }
    eigen = weightsEigenvalues(W);
  }
  let tr: { tM: number; tWM: number; tGM: number; tGWM: number };
  if (eigen) {
    const bt = biasTracesEigen(eigen, rhoHat, tau, eta, nEff, transformed);
    tr = bt;
    unstableRoots = bt.unstable;
    biasTraceMethod = 'eigen';
    if (bt.unstable) {
      warnings.push(warningLine('W509', { count: bt.unstable }));
    }
    if (bt.complexUnstable) warnings.push(warningLine('W510'));
  } else {
    const kappa = rhoHat + eta;
    if (ts.method === 'exact') {
      tr = biasTracesExact(W, lu, info0.G!, tau, kappa);
      biasTraceMethod = 'exact';
    } else if (ts.method === 'series') {
      const sr = biasTracesSeries(W, ld.traces!, rhoHat, tau, kappa);
      tr = sr;
      relSE = sr.relSE;
      biasTraceMethod = 'series';
    } else {
      const pr = biasTracesProbed(W, lu, rhoHat, tau, kappa, ts.probes, ts.seed + 7);
      tr = pr;
      relSE = pr.relSE;
      biasTraceMethod = 'hutchinson';
    }
    if (transformed) {
      // leave out λ = 1: M(1) = 1/(1 − τ − κ), and G(1) = 1/(1 − ρ)
      const m1 = 1 / (1 - tau - kappa);
      const g1 = 1 / (1 - rhoHat);
      tr = { tM: tr.tM - m1, tWM: tr.tWM - m1, tGM: tr.tGM - g1 * m1, tGWM: tr.tGWM - g1 * m1 };
    }
  }
  return { tr, r, eigen, unstableRoots, biasTraceMethod, relSE };
}

/** SDPDm's R² and squared correlation (means over the transformed y, which are 0 in the transformed case). */
function dynamicFitStats(
  reg: DynamicRegression,
  lee: boolean,
  eHat: Float64Array,
  eFinal: Float64Array,
  yhatFinal: Float64Array,
): { r2: number; corr2: number } {
  const { NT, transformed, yt, y1 } = reg;
  const ym = transformed ? 0 : yt.reduce((s, v) => s + v, 0) / NT;
  let r2: number;
  if (lee) {
    let num = 0;
    let den = 0;
    for (let r = 0; r < NT; r++) {
      num += eHat[r]! * eFinal[r]!;
      den += (yt[r]! - ym) * (yt[r]! - ym);
    }
    r2 = 1 - num / den;
  } else {
    const y0m = y1.reduce((s, v) => s + v, 0) / NT;
    let den = 0;
    for (let r = 0; r < NT; r++) den += (y1[r]! - y0m) * (y1[r]! - y0m);
    r2 = 1 - dot(eHat, eHat) / den;
  }
  let s12 = 0;
  let s11 = 0;
  let s22 = 0;
  for (let r = 0; r < NT; r++) {
    const a = yt[r]! - ym;
    const b = yhatFinal[r]! - ym;
    s12 += a * b;
    s11 += a * a;
    s22 += b * b;
  }
  return { r2, corr2: (s12 * s12) / (s11 * s22) };
}

// ---------------------------------------------------------------------------------------------------------------
// effects

export interface DynamicImpactRow {
  name: string;
  direct: EffectStat;
  indirect: EffectStat;
  total: EffectStat;
}

export interface DynamicImpactOptions {
  /** Simulation draws. Default 1000 (impactsSDPDm: NSIM = 200). */
  draws?: number;
  /** Default 12345 (impactsSDPDm's sd). */
  seed?: number;
  /** 'eigen' (exact for any ρ), 'series' (traces of W^k), or 'auto' (eigen when the fit has eigenvalues). */
  method?: 'auto' | 'eigen' | 'series';
  order?: number;
  traces?: 'auto' | 'exact' | 'mc';
  probes?: number;
  /** Eigenvalues are computed for the long-run multipliers when a draw has |(ρ + η)/(1 − τ)| ≥ 0.999 and N ≤ this. Default 1000. */
  eigenMaxN?: number;
}

export interface DynamicImpactsResult {
  /** (I − ρW)⁻¹(βI + θW). */
  short: DynamicImpactRow[];
  /** ((1 − τ)I − (ρ + η)W)⁻¹(βI + θW). */
  long: DynamicImpactRow[];
  method: 'eigen' | 'series';
  draws: number;
  rejected: number;
  warnings: string[];
}

/** β, θ (per regressor), τ, η and ρ from a parameter vector laid out as the fit's (β rows, then ρ). */
type DynamicParts = { beta: Float64Array; theta: Float64Array; tau: number; eta: number; rho: number };

function dynamicParts(fit: DynamicSpatialPanelFit, v: ArrayLike<number>): DynamicParts {
  const kz = fit.names.length;
  const k = fit.durbinOf.length;
  const xo = fit.lagIndex.x;
  const beta = new Float64Array(k);
  const theta = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    beta[r] = v[xo + r]!;
    theta[r] = fit.durbinOf[r]! >= 0 ? v[fit.durbinOf[r]!]! : 0;
  }
  return {
    beta,
    theta,
    tau: fit.lagIndex.tlag >= 0 ? v[fit.lagIndex.tlag]! : 0,
    eta: fit.lagIndex.wtlag >= 0 ? v[fit.lagIndex.wtlag]! : 0,
    rho: v[kz]!,
  };
}

const muOf = (q: { tau: number; eta: number; rho: number }) => (q.rho + q.eta) / (1 - q.tau);

/** Short- and long-term direct / indirect / total effects of a dynamic fit, with inference by simulation. */
export function dynamicImpacts(fit: DynamicSpatialPanelFit, opts: DynamicImpactOptions = {}): DynamicImpactsResult {
  const kz = fit.names.length;
  const p = kz + 2;
  const m = kz + 1;
  const k = fit.durbinOf.length;
  const xo = fit.lagIndex.x;
  const warnings: string[] = [];
  const L = drawFactor(fit.vcov, p, m, warnings);
  const nd = opts.draws ?? 1000;
  if (!(Number.isInteger(nd) && nd >= 2)) throw new SolverError('R582', { draws: nd });
  const centre = new Float64Array(m);
  for (let i = 0; i < kz; i++) centre[i] = fit.beta[i]!;
  centre[kz] = fit.rho;
  const pt = dynamicParts(fit, centre);
  const { draws, rejected, qmax } = drawParameters(fit, L, centre, nd, opts.seed ?? 12345, pt);
  const [lo, hi] = fit.interval;
  if (rejected) warnings.push(warningLine('W514', { rejected, lo, hi }));
  const mult = dynamicMultipliers(fit, opts, qmax, warnings);

  const point = dynamicEffectsAt(mult, pt);
  const keys = ['sd', 'si', 'st', 'ld', 'li', 'lt'] as const;
  const sims = keys.map(() => Array.from({ length: k }, () => new Float64Array(nd)));
  for (let s = 0; s < nd; s++) {
    const e = dynamicEffectsAt(mult, dynamicParts(fit, draws.subarray(s * m, (s + 1) * m)));
    for (let r = 0; r < k; r++) keys.forEach((key, q) => (sims[q]![r]![s] = e[r]![key]));
  }
  const names = fit.names.slice(xo, xo + k);
  const rows = (o: number): DynamicImpactRow[] =>
    names.map((name, r) => ({
      name,
      direct: summarizeDraws(point[r]![keys[o]!], sims[o]![r]!),
      indirect: summarizeDraws(point[r]![keys[o + 1]!], sims[o + 1]![r]!),
      total: summarizeDraws(point[r]![keys[o + 2]!], sims[o + 2]![r]!),
    }));
  return { short: rows(0), long: rows(3), method: mult.method, draws: nd, rejected, warnings };
}

/**
 * `nd` draws of (β, ρ) from N(centre, LLᵀ), redrawing those with ρ outside the fit's interval; the largest |ρ| and
 * |μ| = |(ρ + η)/(1 − τ)| over the centre and the draws.
 */
function drawParameters(
  fit: DynamicSpatialPanelFit,
  L: Float64Array,
  centre: Float64Array,
  nd: number,
  seed: number,
  pt: DynamicParts,
): { draws: Float64Array; rejected: number; qmax: number } {
  const m = centre.length;
  const kz = m - 1;
  const rng = createRng(seed);
  const [lo, hi] = fit.interval;
  const draws = new Float64Array(nd * m);
  const z = new Float64Array(m);
  let rejected = 0;
  let qmax = Math.max(Math.abs(pt.rho), Math.abs(muOf(pt)));
  for (let s = 0; s < nd;) {
    for (let i = 0; i < m; i++) z[i] = rng.normal();
    const row = draws.subarray(s * m, (s + 1) * m);
    for (let i = 0; i < m; i++) {
      let v = centre[i]!;
      for (let j = 0; j <= i; j++) v += L[i * m + j]! * z[j]!;
      row[i] = v;
    }
    if (!(row[kz]! > lo && row[kz]! < hi)) {
      rejected++;
      if (rejected > 10 * nd) throw new SolverError('R583');
      continue;
    }
    const q = dynamicParts(fit, row);
    qmax = Math.max(qmax, Math.abs(q.rho), Math.abs(muOf(q)));
    s++;
  }
  return { draws, rejected, qmax };
}

/**
 * The multipliers a, b, c, d (effects.ts), used at ρ (short run) and at μ = (ρ + η)/(1 − τ) (long run): from
 * eigenvalues (computed when a draw comes within 0.999 of the series' radius, up to eigenMaxN) or a power series
 * long enough for the largest |ρ|, |μ| drawn.
 */
function dynamicMultipliers(
  fit: DynamicSpatialPanelFit,
  opts: DynamicImpactOptions,
  qmax: number,
  warnings: string[],
): ReturnType<typeof effectMultipliers> {
  let eigen = fit.eigen;
  const method = opts.method ?? 'auto';
  if (!eigen && method !== 'series' && (method === 'eigen' || qmax >= 0.999)) {
    const maxN = opts.eigenMaxN ?? 1000;
    if (fit.N > maxN) {
      throw new SolverError('R584', { case: 'draw', q: qmax, N: fit.N, maxN });
    }
    eigen = weightsEigenvalues(fit.W);
  }
  if (method === 'series' && qmax >= 0.999) {
    throw new SolverError('R584', { case: 'series', q: qmax });
  }
  let order = opts.order;
  if (order === undefined) {
    const q = Math.min(qmax, 0.999);
    order = Math.min(2000, Math.max(10, Math.ceil(Math.log(1e-12 * (1 - q)) / Math.log(q))));
  }
  const mult = effectMultipliers(fit.W, {
    eigen,
    method: eigen && method !== 'series' ? 'eigen' : 'series',
    order,
    traces: opts.traces,
    probes: opts.probes,
    seed: opts.seed,
    ...(fit.traceSource && !opts.traces ? { source: fit.traceSource } : {}),
  });
  const tse = mult.traceSE(fit.rho);
  if (tse > 0) {
    warnings.push(warningLine('W513', { case: 'dynamic', rel: tse / mult(fit.rho).a }));
  }
  if (mult.method === 'series') {
    const bd = mult.bound(qmax);
    if (bd > 1e-8) warnings.push(warningLine('W512', { case: 'draws', order, bound: bd }));
  }
  return mult;
}

/** Short-run (sd, si, st) and long-run (ld, li, lt) direct, indirect and total effects of each regressor at q. */
function dynamicEffectsAt(mult: ReturnType<typeof effectMultipliers>, q: DynamicParts) {
  const s = mult(q.rho);
  const c0 = 1 - q.tau;
  const l = mult(q.rho === 0 && q.eta === 0 ? 0 : (q.rho + q.eta) / c0);
  const out = [];
  for (let r = 0; r < q.beta.length; r++) {
    const sd = q.beta[r]! * s.a + q.theta[r]! * s.b;
    const st = q.beta[r]! * s.c + q.theta[r]! * s.d;
    const ld = (q.beta[r]! * l.a + q.theta[r]! * l.b) / c0;
    const lt = (q.beta[r]! * l.c + q.theta[r]! * l.d) / c0;
    out.push({ sd, si: st - sd, st, ld, li: lt - ld, lt });
  }
  return out;
}
