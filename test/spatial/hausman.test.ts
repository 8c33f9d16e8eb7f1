import { describe, expect, it } from 'vitest';
import { fitRandomEffectsSpatialPanel, spatialHausman, type RandomEffectsFit } from '../../solvers/spatial/random.ts';
import { fitSpatialPanel } from '../../solvers/spatial/models.ts';
import { SolverError } from '../../execute/errors.ts';
import { createRng } from '../../solvers/random.ts';
import { unitMeans } from '../../solvers/spatial/panel.ts';
import { expectClose, loadFixture } from './helpers.ts';
import { producData } from './data.ts';

const fx = loadFixture('hausman.json');
const COEF = 1e-5;
const SE = 1e-4;

type ReRef = {
  coef: Record<string, number>;
  se: Record<string, number>;
  vcov: number[][];
  arcoef: Record<string, number> | [];
  errcomp: Record<string, number>;
  se_arcoef: Record<string, number> | null;
  se_errcomp: Record<string, number>;
  vcov_errcomp: number[] | number[][];
  sigma2_idios: number;
  sigma2_id: number;
  logLik: number;
};

function expectCode(f: () => unknown, code: string) {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SolverError);
    expect((e as SolverError).code).toBe(code);
    return;
  }
  throw new Error(`expected SolverError ${code}`);
}

/** splm's name of the spatial coefficient and where its value / SE live. */
function spatialRef(ref: ReRef, model: 'sar' | 'sem'): { value: number; se: number } {
  if (model === 'sar') return { value: (ref.arcoef as Record<string, number>).lambda!, se: ref.se_arcoef!.lambda! };
  return { value: ref.errcomp.rho!, se: ref.se_errcomp.rho! };
}

function expectRe(fit: RandomEffectsFit, ref: ReRef, spatialSeTol: number) {
  const kz = fit.names.length;
  expect(fit.names).toEqual(Object.keys(ref.coef));
  fit.names.forEach((nm, i) => {
    expectClose(fit.beta[i]!, ref.coef[nm]!, COEF, 0, `coef ${nm}`);
    expectClose(fit.coefficients[i]!.se, ref.se[nm]!, SE, 0, `se ${nm}`);
    for (let j = 0; j < kz; j++) expectClose(fit.vcov[i * kz + j]!, ref.vcov[i]![j]!, SE, 1e-14, `vcov ${i},${j}`);
  });
  const sp = spatialRef(ref, fit.model);
  expectClose(fit.rho, sp.value, COEF, 0, fit.rhoName);
  const rhoRow = fit.coefficients[kz]!;
  expect(rhoRow.name).toBe(fit.rhoName);
  expectClose(rhoRow.se, sp.se, spatialSeTol, 0, `se ${fit.rhoName}`);
  const phiRow = fit.coefficients[kz + 1]!;
  expect(phiRow.name).toBe('phi');
  expectClose(fit.phi, ref.errcomp.phi!, COEF, 0, 'phi');
  expectClose(phiRow.se, ref.se_errcomp.phi!, spatialSeTol, 0, 'se phi');
  expectClose(fit.sigma2, ref.sigma2_idios, COEF, 0, 'sigma2');
  expectClose(fit.sigma2Mu, ref.sigma2_id, COEF, 0, 'sigma2_mu');
  expectClose(fit.logLik, ref.logLik, 1e-10, 0, 'logLik');
  expect(fit.warnings).toEqual([]);
}

describe('random-effects spatial panels vs splm::spml(model = "random") (Produc, usaww)', () => {
  const d = producData();
  it('spatial lag with random effects (spreml errors = "re"); SEs of φ, ρ vs a Richardson Hessian of splm’s likelihood', () => {
    const fit = fitRandomEffectsSpatialPanel(d, { model: 'sar' });
    expect(fit.logdetMethod).toBe('eigen');
    expect(fit.rhoName).toBe('rho');
    expectRe(fit, fx.re_lag_richardson, SE);
    // and the (φ, ρ) covariance entries
    expectClose(fit.vcovSpatial[0]!, fx.re_lag_richardson.vcov_errcomp[0], SE, 0, 'var phi');
    expect(fit.theta).toBeCloseTo(1 - 1 / Math.sqrt(1 + d.T * fit.phi), 14);
  });
  it('KKP spatial error with random effects (spreml errors = "sem2re")', () => {
    const fit = fitRandomEffectsSpatialPanel(d, { model: 'sem' });
    expect(fit.rhoName).toBe('lambda');
    expectRe(fit, fx.re_err_richardson, SE);
    const V = fx.re_err_richardson.vcov_errcomp as number[][];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        expectClose(fit.vcovSpatial[i * 2 + j]!, V[i]![j]!, SE, 0, `vcov (phi, lambda) ${i},${j}`);
  });
  it('agrees with splm as shipped, whose finite-difference Hessian (nlme::fdHess) is accurate to ~1e-3', () => {
    // β, φ, ρ/λ, σ² and the β covariance are the same fit; only the SEs of φ and ρ/λ carry fdHess's error
    expectRe(fitRandomEffectsSpatialPanel(d, { model: 'sar' }), fx.re_lag_fdhess, 2e-3);
    expectRe(fitRandomEffectsSpatialPanel(d, { model: 'sem' }), fx.re_err_fdhess, 2e-3);
  });
  it('the sparse-LU log-determinant and exact traces of G give the same fits', () => {
    for (const [model, ref] of [
      ['sar', fx.re_lag_richardson],
      ['sem', fx.re_err_richardson],
    ] as const) {
      const fit = fitRandomEffectsSpatialPanel(d, { model, logdet: { method: 'lu' } });
      expect(fit.logdetMethod).toBe('lu');
      expectRe(fit, ref, SE);
    }
  });
  it('residuals are the composite errors y − ρWy − Zβ (lag) / y − Zβ (error)', () => {
    const fit = fitRandomEffectsSpatialPanel(d, { model: 'sem' });
    const k = d.names.length;
    for (const r of [0, 100, d.N * d.T - 1]) {
      let v = d.y[r]! - fit.beta[0]!;
      for (let c = 0; c < k; c++) v -= d.X[r * k + c]! * fit.beta[c + 1]!;
      expect(fit.residuals[r]).toBeCloseTo(v, 12);
    }
  });
});

describe('spatial Hausman test vs splm::sphtest (ML)', () => {
  const d = producData();
  const cases = [
    ['sar', fx.hausman_lag, fx.hausman_lag_formula, fx.fe_lag, 'lambda'],
    ['sem', fx.hausman_err, fx.hausman_err_formula, fx.fe_err, 'rho'],
  ] as const;
  for (const [model, ref, refFormula, feRef, spName] of cases) {
    it(`${model.toUpperCase()}: individual fixed effects against random effects`, () => {
      const fe = fitSpatialPanel(d, { model, effect: 'individual' });
      // the fixed-effects fit behind the test (splm, tol.opt = 1e-12)
      expectClose(fe.rho, feRef.coef[spName], COEF, 0, 'fe spatial');
      fe.names.forEach((nm, i) => {
        expectClose(fe.beta[i]!, feRef.coef[nm], COEF, 0, `fe coef ${nm}`);
        expectClose(fe.coefficients[i]!.se, feRef.se[i + 1], SE, 0, `fe se ${nm}`);
      });
      const re = fitRandomEffectsSpatialPanel(d, { model });
      const h = spatialHausman(fe, re);
      expect(h.names).toEqual(['lpcap', 'lpc', 'lemp', 'unemp']);
      expect(h.df).toBe(ref.df);
      expectClose(h.statistic, ref.statistic, SE, 0, 'statistic');
      expectClose(h.statistic, refFormula.statistic, SE, 0, 'statistic (sphtest.formula)');
      // dp/p ≈ (df/(2x) − 1/2)·dx, so the p-value carries ~x/2 times the statistic's relative error
      expectClose(h.pValue, ref.p, 1e-3, 0, 'p-value');
      // V_RE − V_FE is indefinite on Produc (negative diagonal entries): splm reports |q|, we say so
      expect(h.warnings.some((w) => w.startsWith('W505'))).toBe(true);
      expect(Array.from({ length: h.df }, (_, i) => h.vcovDifference[i * h.df + i]!).some((v) => v < 0)).toBe(true);
      expect(h.difference[0]).toBeCloseTo(fe.beta[0]! - re.beta[1]!, 15);
    });
  }
});

describe('bad input', () => {
  const d = producData();
  it('random-effects fit: model, panel shape, names, collinearity, φ bounds', () => {
    expectCode(() => fitRandomEffectsSpatialPanel(d, { model: 'sdm' as never }), 'R551');
    const one = { ...d, T: 1, y: d.y.slice(0, d.N), X: d.X.slice(0, d.N * d.names.length) };
    expectCode(() => fitRandomEffectsSpatialPanel(one, { model: 'sar' }), 'R550');
    expectCode(() => fitRandomEffectsSpatialPanel({ ...d, N: d.N - 1 }, { model: 'sar' }), 'R541');
    expectCode(() => fitRandomEffectsSpatialPanel({ ...d, y: d.y.slice(1) }, { model: 'sar' }), 'R542');
    expectCode(
      () => fitRandomEffectsSpatialPanel({ ...d, names: ['(Intercept)', 'lpc', 'lemp', 'unemp'] }, { model: 'sem' }),
      'R543',
    );
    const y = d.y.slice();
    y[5] = NaN;
    expectCode(() => fitRandomEffectsSpatialPanel({ ...d, y }, { model: 'sar' }), 'R544');
    // a constant regressor duplicates the intercept
    const X = d.X.slice();
    for (let r = 0; r < d.N * d.T; r++) X[r * 4 + 3] = 2;
    expectCode(() => fitRandomEffectsSpatialPanel({ ...d, X }, { model: 'sar' }), 'R549');
    expectCode(() => fitRandomEffectsSpatialPanel(d, { model: 'sar', phiBounds: [0, 10] }), 'R552');
  });
  it('a time-invariant regressor is estimable with random effects (it is absorbed under fixed effects)', () => {
    const k = d.names.length;
    const X = new Float64Array(d.N * d.T * (k + 1));
    for (let r = 0; r < d.N * d.T; r++) {
      for (let c = 0; c < k; c++) X[r * (k + 1) + c] = d.X[r * k + c]!;
      X[r * (k + 1) + k] = (r % d.N) % 3; // depends on the unit only
    }
    const dd = { ...d, X, names: [...d.names, 'group'] };
    const fit = fitRandomEffectsSpatialPanel(dd, { model: 'sar' });
    expect(Number.isFinite(fit.coefficients[k + 1]!.se)).toBe(true);
    expectCode(() => fitSpatialPanel(dd, { model: 'sar', effect: 'individual' }), 'R549');
  });
  it('errors without a unit component drive φ to its lower bound, with a warning', () => {
    // composite error with exactly zero unit means: no between-unit variance at all
    const rng = createRng(11);
    const NT = d.N * d.T;
    const v = Float64Array.from({ length: NT }, () => 0.05 * rng.normal());
    const vbar = unitMeans(v, d.N, d.T);
    const y = new Float64Array(NT);
    for (let r = 0; r < NT; r++) y[r] = 1 + 0.3 * d.X[r * 4 + 1]! + 0.6 * d.X[r * 4 + 2]! + v[r]! - vbar[r % d.N]!;
    const fit = fitRandomEffectsSpatialPanel({ ...d, y }, { model: 'sem' });
    expect(fit.phi).toBeLessThan(1.001e-8);
    expect(fit.warnings.some((w) => w.startsWith('W501'))).toBe(true);
  });
  it('Hausman: effects, model and panel must match, with shared coefficients', () => {
    const re = fitRandomEffectsSpatialPanel(d, { model: 'sar' });
    expectCode(() => spatialHausman(fitSpatialPanel(d, { model: 'sar', effect: 'twoways' }), re), 'R555');
    expectCode(() => spatialHausman(fitSpatialPanel(d, { model: 'sem', effect: 'individual' }), re), 'R556');
    const fe = fitSpatialPanel(d, { model: 'sar', effect: 'individual' });
    expectCode(() => spatialHausman(fe, { ...re, T: re.T - 1 }), 'R557');
    expectCode(() => spatialHausman(fe, { ...re, names: ['(Intercept)', 'a', 'b', 'c', 'd'] }), 'R558');
    expectCode(() => spatialHausman(fe, undefined as never), 'R554');
  });
});
