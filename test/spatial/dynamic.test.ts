// Dynamic spatial panel quasi-ML (dynamic.ts) against SDPDmod::SDPDm(dynamic = TRUE) and impactsSDPDm, fixtures
// from spec/conformance/spatial/dynamic.R (exact log-determinant patch; `_haar` = SDPDm with the rotation-averaged
// 4th-moment term that dynamic.ts uses, see the header of dynamic.ts).
import { describe, expect, it } from 'vitest';
import { SolverError } from '../../execute/errors.ts';
import { createRng } from '../../solvers/random.ts';
import { csrMatVec } from '../../solvers/spatial/csr.ts';
import { SparseLU } from '../../solvers/spatial/sparselu.ts';
import {
  dynamicImpacts,
  fitDynamicSpatialPanel,
  nearPositiveDefinite,
  type DynamicPanelData,
  type DynamicSpatialPanelFit,
} from '../../solvers/spatial/dynamic.ts';
import { rowStandardize, weightsFromDense } from '../../solvers/spatial/weights.ts';
import { cigarData, interleave } from './data.ts';
import { expectClose, loadFixture, loadW } from './helpers.ts';

const fx = loadFixture('dynamic.json');
const COEF = 1e-5;
const SE = 1e-4;
const SE_HAAR = 1e-5;

type Ref = {
  names: string[];
  coef: number[];
  std: number[];
  rho: number;
  rho_se: number;
  sige: number;
  likl: number;
  rsqr: number;
  adjrsqr: number;
  varcov: number[][];
  coef1?: number[];
  std1?: number[];
  rho1?: number;
  rho_se1?: number;
  sige1?: number;
  likl1?: number;
  unstable?: number;
};

/** Point estimates, σ², log-likelihood, R² and squared correlation: corrected (…1) or uncorrected. */
function expectPoint(fit: DynamicSpatialPanelFit, ref: Ref, which: 'corrected' | 'uncorrected') {
  const c = which === 'corrected';
  const est = c ? fit : (fit.uncorrected ?? fit);
  const coef = c ? ref.coef1! : ref.coef;
  expect(est.beta.length).toBe(coef.length);
  coef.forEach((v, i) => expectClose(est.beta[i]!, v, COEF, 0, `${which} ${fit.names[i]}`));
  expectClose(est.rho, c ? ref.rho1! : ref.rho, COEF, 0, `${which} rho`);
  expectClose(est.sigma2, c ? ref.sige1! : ref.sige, COEF, 0, `${which} sigma2`);
  expectClose(est.logLik, c ? ref.likl1! : ref.likl, 1e-7, 0, `${which} logLik`);
}

/** Standard errors (β rows then ρ) with separate tolerances for the spatial rows (W*…, ρ) and the others. */
function expectSE(
  fit: DynamicSpatialPanelFit,
  ref: Ref,
  which: 'corrected' | 'uncorrected',
  tol: number,
  spatialTol = tol,
) {
  const c = which === 'corrected';
  const est = c ? fit : (fit.uncorrected ?? fit);
  const std = c ? ref.std1! : ref.std;
  std.forEach((v, i) =>
    expectClose(
      est.coefficients[i]!.se,
      v,
      fit.names[i]!.startsWith('W*') ? spatialTol : tol,
      0,
      `${which} se ${fit.names[i]}`,
    ),
  );
  expectClose(est.coefficients[std.length]!.se, c ? ref.rho_se1! : ref.rho_se, spatialTol, 0, `${which} se rho`);
}

function expectFitStats(fit: DynamicSpatialPanelFit, ref: Ref) {
  expectClose(fit.r2, ref.rsqr, 1e-6, 0, 'r2');
  expectClose(fit.corr2, ref.adjrsqr, 1e-6, 0, 'corr2');
}

function expectVcov(V: Float64Array, ref: number[][], scale: number, tol: number) {
  const p = ref.length;
  let big = 0;
  for (const row of ref) for (const v of row) big = Math.max(big, Math.abs(v));
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) expectClose(V[i * p + j]! * scale, ref[i]![j]!, tol, 1e-9 * big, `vcov ${i},${j}`);
}

const cigar = cigarData();
const cfit = (o: Partial<Parameters<typeof fitDynamicSpatialPanel>[1]> = {}) =>
  fitDynamicSpatialPanel(cigar, { model: 'sdm', effect: 'twoways', yName: 'logc', ...o });

describe('dynamic SDM, two-way effects, Lee–Yu correction (Cigar, usa46) vs SDPDm', () => {
  const fit = cfit();
  const ref: Ref = fx.cigar.sdm_twoways_ly;
  const haar: Ref = fx.cigar.sdm_twoways_ly_haar;
  it('names the lags and uses the orthonormal time transformation (n = N − 1)', () => {
    expect(fit.names).toEqual(['tlag(logc)', 'W*tlag(logc)', 'logp', 'logy', 'W*logp', 'W*logy']);
    expect(ref.names).toEqual(['logc(t-1)', 'W*logc(t-1)', 'logp', 'logy', 'W*logp', 'W*logy']);
    expect(fit.transformed).toBe(true);
    expect(fit.T).toBe(29);
    expect(fit.biasTraceMethod).toBe('eigen');
    expect(fit.unstableRoots).toBe(0);
    expect(fit.coefficients.map((r) => r.name)).toEqual([...fit.names, 'rho']);
  });
  it('bias-corrected and uncorrected estimates, σ², log-likelihoods, R²', () => {
    expectPoint(fit, ref, 'corrected');
    expectPoint(fit, ref, 'uncorrected');
    expectFitStats(fit, ref);
    const p = fit.names.length + 2;
    for (let i = 0; i < p; i++)
      expectClose(
        fit.correction![i]!,
        (i < p - 2 ? ref.coef1![i]! : i === p - 2 ? ref.rho1! : ref.sige1!) -
          (i < p - 2 ? ref.coef[i]! : i === p - 2 ? ref.rho : ref.sige),
        1e-4,
        1e-9,
        `correction ${i}`,
      );
  });
  it('standard errors: exactly SDPDm with the rotation-averaged Ω; SDPDm itself to 1e-4 (non-spatial) / 1 % (spatial)', () => {
    expectSE(fit, haar, 'corrected', SE_HAAR);
    expectSE(fit, haar, 'uncorrected', SE_HAAR);
    expectVcov(fit.vcov, haar.varcov, 1, SE_HAAR);
    expectSE(fit, ref, 'corrected', SE, 0.01);
    // SDPDm's uncorrected standard errors move by up to 18 % with its arbitrary basis (basis_spread in the fixture)
    expect(Math.max(...fx.basis_spread.uncorrected)).toBeGreaterThan(0.1);
    expectSE(fit, ref, 'uncorrected', 0.25);
  });
  it('reproduces SDPDm’s nearPD of the information matrix and says so; turning it off changes the correction', () => {
    expect(fit.informationRegularised).toBe(true);
    expect(fit.warnings.some((w) => w.startsWith('W508'))).toBe(true);
    const raw = cfit({ informationRegularisation: 'none' });
    expect(raw.informationRegularised).toBe(false);
    expect(raw.warnings.some((w) => w.startsWith('W508'))).toBe(false);
    expect(raw.uncorrected!.rho).toBe(fit.uncorrected!.rho);
    expect(Math.abs(raw.rho - fit.rho)).toBeGreaterThan(1e-4);
  });
  it('the sparse-LU path (no eigenvalues: traces by blocked solves) gives the same fit', () => {
    const lu = cfit({ logdet: { method: 'lu' } });
    expect(lu.logdetMethod).toBe('lu');
    expect(lu.biasTraceMethod).toBe('exact');
    lu.coefficients.forEach((r, i) => {
      expectClose(r.estimate, fit.coefficients[i]!.estimate, 1e-7, 0, `lu ${r.name}`);
      expectClose(r.se, fit.coefficients[i]!.se, 1e-7, 0, `lu se ${r.name}`);
    });
  });
  it('Hutchinson traces (large-N path) agree with the exact ones to their sampling error', () => {
    const h = cfit({ logdet: { method: 'lu' }, traces: { method: 'hutchinson', probes: 400, seed: 3 } });
    expect(h.traceMethod).toBe('hutchinson');
    expect(h.biasTraceMethod).toBe('hutchinson');
    expect(h.warnings.some((w) => w.startsWith('W503'))).toBe(true);
    h.coefficients.forEach((r, i) => {
      expectClose(r.estimate, fit.coefficients[i]!.estimate, 0.01, 0, `hutchinson ${r.name}`);
      expectClose(r.se, fit.coefficients[i]!.se, 0.01, 0, `hutchinson se ${r.name}`);
    });
  });
});

describe('other dynamic specifications (Cigar) vs SDPDm', () => {
  it('SDM two-way without correction (LYtrans = FALSE): plain within ML, all standard errors to 1e-4', () => {
    const ref: Ref = fx.cigar.sdm_twoways_none;
    const fit = cfit({ biasCorrection: 'none' });
    expect(fit.transformed).toBe(false);
    expect(fit.uncorrected).toBeUndefined();
    expectPoint(fit, ref, 'uncorrected');
    expectSE(fit, ref, 'uncorrected', SE);
    expectFitStats(fit, ref);
    // SDPDm's varcov for the uncorrected dynamic fit is not divided by nt (its std is); ours is the covariance
    expectVcov(fit.vcov, ref.varcov, fit.N * fit.T, SE);
  });
  it('SAR two-way with correction (a large bias step through nearPD, as SDPDm)', () => {
    const ref: Ref = fx.cigar.sar_twoways_ly;
    const fit = cfit({ model: 'sar' });
    expect(fit.names).toEqual(['tlag(logc)', 'W*tlag(logc)', 'logp', 'logy']);
    expectPoint(fit, ref, 'corrected');
    expectPoint(fit, ref, 'uncorrected');
    expectFitStats(fit, ref);
    expectSE(fit, fx.cigar.sar_twoways_ly_haar, 'corrected', SE_HAAR);
    expectSE(fit, ref, 'corrected', SE, 0.01);
  });
  it('SDM with individual effects: no transformation, standard errors to 1e-4', () => {
    const ref: Ref = fx.cigar.sdm_individual_ly;
    const fit = cfit({ effect: 'individual' });
    expect(fit.transformed).toBe(false);
    expectPoint(fit, ref, 'corrected');
    expectPoint(fit, ref, 'uncorrected');
    expectSE(fit, ref, 'corrected', SE);
    expectSE(fit, ref, 'uncorrected', SE);
    expectFitStats(fit, ref);
    expectVcov(fit.vcov, ref.varcov, 1, SE);
  });
  it('a Durbin subset (W*logy only) equals SDPDm’s SAR with W_logy as a regressor', () => {
    const ind = cfit({ effect: 'individual', durbin: ['logy'] });
    const refI: Ref = fx.cigar.sdm_individual_ly_durbin_logy;
    expect(ind.names).toEqual(['tlag(logc)', 'W*tlag(logc)', 'logp', 'logy', 'W*logy']);
    expect(refI.names).toEqual(['logc(t-1)', 'W*logc(t-1)', 'logp', 'logy', 'W_logy']);
    expect(Array.from(ind.durbinOf)).toEqual([-1, 4]);
    expectPoint(ind, refI, 'corrected');
    expectPoint(ind, refI, 'uncorrected');
    expectSE(ind, refI, 'corrected', SE);
    expectSE(ind, refI, 'uncorrected', SE);
    expectFitStats(ind, refI);
    expectVcov(ind.vcov, refI.varcov, 1, SE);
    const tw = cfit({ biasCorrection: 'none', durbin: ['logy'] });
    const refT: Ref = fx.cigar.sdm_twoways_none_durbin_logy;
    expectPoint(tw, refT, 'uncorrected');
    expectSE(tw, refT, 'uncorrected', SE);
    expectFitStats(tw, refT);
    expectVcov(tw.vcov, refT.varcov, tw.N * tw.T, SE);
  });
  it('y_{t−1} only and W y_{t−1} only (with SDPDm’s bias-vector conventions)', () => {
    const tl = cfit({ spaceTimeLag: false });
    expect(tl.names.slice(0, 2)).toEqual(['tlag(logc)', 'logp']);
    expect(tl.lagIndex).toEqual({ tlag: 0, wtlag: -1, x: 1 });
    expectPoint(tl, fx.cigar.sdm_twoways_ly_tl, 'corrected');
    expectSE(tl, fx.cigar.sdm_twoways_ly_tl_haar, 'corrected', SE_HAAR);
    const stl = cfit({ timeLag: false });
    expect(stl.names.slice(0, 2)).toEqual(['W*tlag(logc)', 'logp']);
    expectPoint(stl, fx.cigar.sdm_twoways_ly_stl, 'corrected');
    expectSE(stl, fx.cigar.sdm_twoways_ly_stl_haar, 'corrected', SE_HAAR);
  });
  it('W not row-standardised: period effects demeaned (no transformation), with a warning', () => {
    const ref: Ref = fx.cigar.sdm_twoways_ly_binary;
    const fit = fitDynamicSpatialPanel({ ...cigar, W: loadW('usa46.json') }, { model: 'sdm', effect: 'twoways' });
    expect(fit.transformed).toBe(false);
    expect(fit.warnings.some((w) => w.startsWith('W506'))).toBe(true);
    expectPoint(fit, ref, 'corrected');
    expectSE(fit, ref, 'corrected', SE);
    expectFitStats(fit, ref);
  });
  it('an SDM without Durbin terms is the SAR', () => {
    const a = cfit({ durbin: false });
    const b = cfit({ model: 'sar' });
    expect(a.names).toEqual(b.names);
    a.coefficients.forEach((r, i) => expect(r.estimate).toBe(b.coefficients[i]!.estimate));
    const c = cfit({ durbin: ['logy'] });
    expect(c.names).toEqual(['tlag(logc)', 'W*tlag(logc)', 'logp', 'logy', 'W*logy']);
    expect(Array.from(c.durbinOf)).toEqual([-1, 4]);
  });
});

describe('near-unit-root synthetic panel: unstable eigen-components removed from the correction', () => {
  const s = fx.synthetic;
  const W = rowStandardize(weightsFromDense(s.units, s.W));
  const data: DynamicPanelData = {
    y: Float64Array.from(s.y),
    X: interleave([Float64Array.from(s.x1), Float64Array.from(s.x2)]),
    names: ['logp', 'logy'],
    W,
    N: s.units.length,
    T: s.T,
  };
  it('two-way (transformed): same count of removed roots, estimates and standard errors as SDPDm', () => {
    for (const method of ['eigen', 'lu'] as const) {
      const fit = fitDynamicSpatialPanel(data, { model: 'sdm', effect: 'twoways', logdet: { method } });
      expect(fit.unstableRoots).toBe(s.sdm_twoways_ly.unstable);
      expect(fit.unstableRoots).toBeGreaterThan(0);
      expect(fit.biasTraceMethod).toBe('eigen');
      expect(fit.warnings.some((w) => w.startsWith('W509'))).toBe(true);
      expectPoint(fit, s.sdm_twoways_ly, 'corrected');
      expectSE(fit, s.sdm_twoways_ly_haar, 'corrected', SE_HAAR);
      expectSE(fit, s.sdm_twoways_ly, 'corrected', 0.01);
    }
  });
  it('individual effects (the unit root along 1 stays in A)', () => {
    const fit = fitDynamicSpatialPanel(data, { model: 'sdm', effect: 'individual' });
    expect(fit.unstableRoots).toBe(s.sdm_individual_ly.unstable);
    expectPoint(fit, s.sdm_individual_ly, 'corrected');
    expectSE(fit, s.sdm_individual_ly, 'corrected', SE);
  });
  it('without eigenvalues allowed, a fit that may have unstable roots is refused clearly', () => {
    const err = (() => {
      try {
        fitDynamicSpatialPanel(data, { model: 'sdm', effect: 'twoways', logdet: { method: 'lu' }, eigenMaxN: 10 });
      } catch (e) {
        return e as SolverError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SolverError);
    expect(err!.code).toBe('R569');
    expect(err!.message).toMatch(/eigenMaxN = 10/);
  });
});

describe('short- and long-term effects vs impactsSDPDm (NSIM = 5000)', () => {
  const fit = cfit();
  const e = fx.effects;
  const imp = dynamicImpacts(fit, { draws: 20000, seed: 2024 });
  it('values at the estimates equal dense (I − ρW)⁻¹ and ((1 − τ)I − (ρ + η)W)⁻¹ algebra', () => {
    expect(imp.short.map((r) => r.name)).toEqual(e.names);
    for (const [h, rows] of [
      ['short', imp.short],
      ['long', imp.long],
    ] as const) {
      for (const kind of ['direct', 'indirect', 'total'] as const)
        rows.forEach((r, i) =>
          expectClose(r[kind].estimate, e.point[h][kind][i], 1e-6, 1e-9, `${h} ${kind} ${r.name}`),
        );
    }
  });
  it('simulated means within their simulation error; short-run standard deviations within 5 %', () => {
    for (const [h, rows] of [
      ['short', imp.short],
      ['long', imp.long],
    ] as const) {
      for (const kind of ['direct', 'indirect', 'total'] as const) {
        rows.forEach((r, i) => {
          const ref = e[h][kind];
          // long-run effects have heavy tails (1/(1 − τ − ρ − η)): use the larger of the two spreads
          const sd = Math.max(ref.sd[i], r[kind].sd);
          const se = Math.sqrt((sd * sd) / e.nsim + (sd * sd) / imp.draws);
          expect(Math.abs(r[kind].mean - ref.mean[i]), `${h} ${kind} ${r.name}`).toBeLessThan(4 * se);
          if (h === 'short') expectClose(r[kind].sd, ref.sd[i], 0.05, 0, `short ${kind} sd ${r.name}`);
        });
      }
    }
  });
  it('is reproducible for a seed and uses the eigenvalues of the fit', () => {
    expect(imp.method).toBe('eigen');
    const a = dynamicImpacts(fit, { draws: 500, seed: 7 });
    const b = dynamicImpacts(fit, { draws: 500, seed: 7 });
    expect(a.long[0]!.total.mean).toBe(b.long[0]!.total.mean);
    expect(dynamicImpacts(fit, { draws: 500, seed: 8 }).long[0]!.total.mean).not.toBe(a.long[0]!.total.mean);
  });
  it('long-run draws past (ρ + η)/(1 − τ) = 1 need eigenvalues: the power series refuses them', () => {
    const err = (() => {
      try {
        dynamicImpacts(fit, { draws: 500, seed: 7, method: 'series' });
      } catch (x) {
        return x as SolverError;
      }
      return null;
    })();
    expect(err?.code).toBe('R584');
  });
  it('on a stationary panel the power-series multipliers agree with the eigenvalue ones', () => {
    // y_t = (I − 0.3W)⁻¹(0.5 y_{t−1} + 0.1 W y_{t−1} + X_t β + μ + ε_t) on Cigar's W and regressors, seeded
    const { N, T, W, X } = cigar;
    const rng = createRng(99);
    const lu = new SparseLU(W);
    lu.factor(0.3);
    const y = new Float64Array(N * T);
    const mu = Float64Array.from({ length: N }, () => rng.normal());
    let prev: Float64Array = new Float64Array(N);
    for (let t = 0; t < T; t++) {
      const wp = csrMatVec(W, prev, new Float64Array(N));
      const v = Float64Array.from(
        { length: N },
        (_, i) =>
          0.5 * prev[i]! +
          0.1 * wp[i]! -
          X[2 * (t * N + i)]! +
          0.5 * X[2 * (t * N + i) + 1]! +
          mu[i]! +
          0.05 * rng.normal(),
      );
      prev = lu.solve(v, new Float64Array(N));
      y.set(prev, t * N);
    }
    const sfit = fitDynamicSpatialPanel({ ...cigar, y }, { model: 'sdm', effect: 'twoways' });
    const s = dynamicImpacts(sfit, { draws: 500, seed: 7, method: 'series' });
    const a = dynamicImpacts(sfit, { draws: 500, seed: 7 });
    expect([s.method, a.method]).toEqual(['series', 'eigen']);
    for (const h of ['short', 'long'] as const) {
      s[h].forEach((r, i) => {
        expectClose(r.direct.mean, a[h][i]!.direct.mean, 1e-8, 0, `series ${h} ${r.name}`);
        expectClose(r.total.sd, a[h][i]!.total.sd, 1e-8, 0, `series ${h} sd ${r.name}`);
      });
    }
  });
});

describe('nearPositiveDefinite = Matrix::nearPD', () => {
  for (const [name, c] of Object.entries(fx.nearpd as Record<string, { input: number[][]; output: number[][] }>)) {
    it(name, () => {
      const n = c.input.length;
      const r = nearPositiveDefinite(Float64Array.from(c.input.flat()), n);
      expect(r.changed).toBe(name === 'low');
      let big = 0;
      for (const v of c.output.flat()) big = Math.max(big, Math.abs(v));
      c.output.flat().forEach((v, q) => expectClose(r.matrix[q]!, v, 0, 1e-10 * big, `nearPD ${name} ${q}`));
    });
  }
});

describe('input checks and warnings', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SolverError);
      return { code: (e as SolverError).code, message: (e as SolverError).message };
    }
    throw new Error('expected a SolverError');
  };
  const periods = Array.from({ length: cigar.T }, (_, t) => 1963 + t);
  it('a gap in time names the periods around it', () => {
    const gap = periods.map((p) => (p >= 1970 ? p + 1 : p));
    const r = code(() => fitDynamicSpatialPanel({ ...cigar, periods: gap }, { model: 'sdm' }));
    expect(r.code).toBe('R563');
    expect(r.message).toContain('period 1971 follows 1969');
    expect(r.message).toContain('missing: 1970');
    // evenly spaced labels are fine
    expect(fitDynamicSpatialPanel({ ...cigar, periods }, { model: 'sar' }).T).toBe(29);
    expect(
      code(() => fitDynamicSpatialPanel({ ...cigar, periods: [...periods].reverse() }, { model: 'sar' })).code,
    ).toBe('R562');
  });
  it('an unbalanced panel (missing cell) names the unit and period', () => {
    const y = cigar.y.slice();
    y[5 * cigar.N + 3] = NaN;
    const r = code(() => fitDynamicSpatialPanel({ ...cigar, y, periods }, { model: 'sdm' }));
    expect(r.code).toBe('R564');
    expect(r.message).toContain(`unit "${cigar.W.names[3]}" in period 1968`);
    const X = cigar.X.slice();
    X[(2 * cigar.N + 1) * 2 + 1] = NaN;
    const r2 = code(() => fitDynamicSpatialPanel({ ...cigar, X }, { model: 'sdm' }));
    expect(r2.code).toBe('R564');
    expect(r2.message).toContain('regressor "logy"');
  });
  it('other bad inputs', () => {
    expect(
      code(() =>
        fitDynamicSpatialPanel(
          { ...cigar, T: 2, y: cigar.y.subarray(0, 2 * cigar.N), X: cigar.X.subarray(0, 4 * cigar.N) },
          { model: 'sar' },
        ),
      ).code,
    ).toBe('R560');
    expect(code(() => cfit({ timeLag: false, spaceTimeLag: false })).code).toBe('R568');
    expect(code(() => cfit({ effect: 'time' as never })).code).toBe('R566');
    expect(code(() => cfit({ model: 'sem' as never })).code).toBe('R565');
    expect(code(() => fitDynamicSpatialPanel({ ...cigar, N: 45 }, { model: 'sar' })).code).toBe('R541');
  });
  it('warns when ρ stops at the edge of the search interval', () => {
    const fit = cfit({ biasCorrection: 'none', interval: [-0.5, 0.01] });
    expect(fit.rho).toBeGreaterThan(0.0099);
    expect(fit.warnings.some((w) => w.startsWith('W500'))).toBe(true);
    expect(cfit({ biasCorrection: 'none' }).warnings.some((w) => w.startsWith('W500'))).toBe(false);
  });
});
