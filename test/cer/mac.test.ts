// MAC points (Eq. 5–8), fits (Eq. 4 and alternatives), integration (Eq. 9), cubic cost recovery and convexity,
// pinned against spec/conformance/cer/mac_fixtures.json (numpy lstsq, scipy curve_fit, scipy quad).
import { describe, expect, it } from 'vitest';
import { SolverError } from '../../execute/errors.ts';
import {
  type CostCurve,
  checkConvex,
  cost,
  cubicCost,
  curvature,
  derivePoints,
  fitCubicCost,
  fitLog,
  fitMac,
  fitPower,
  fitQuadratic,
  impliedMac,
  integrateMac,
  marginal,
} from '../../solvers/mac.ts';
import { fixture, maxRelDiff } from './helpers.ts';

const fx = fixture('mac_fixtures.json');

function expectSolverError(f: () => unknown, code: string, text?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SolverError);
    expect((e as SolverError).code).toBe(code);
    if (text) expect((e as SolverError).message).toMatch(text);
    return;
  }
  throw new Error(`expected SolverError ${code}`);
}

describe('derivePoints (Eq. 5–8) on the synthetic series', () => {
  for (const s of fx.series) {
    it(`${s.region}: P, MAC and ΔE match the Python derivation`, () => {
      const pts = derivePoints(s.gdp, s.emissions, 0);
      expect(maxRelDiff(pts.P, s.P)).toBeLessThan(1e-12);
      expect(maxRelDiff(pts.mac, s.mac)).toBeLessThan(1e-10);
      expect(maxRelDiff(pts.reduction, s.reduction)).toBeLessThan(1e-10);
      expect(pts.P[0]).toBe(0);
      expect(pts.mac[0]).toBe(0);
      // the identity the seeds README points out: MAC = G_t0·P/(1 − P), whatever the series
      for (let t = 0; t < pts.P.length; t++) {
        expect(pts.mac[t]!).toBeCloseTo(impliedMac(pts.baseGdp, pts.P[t]!), 8);
      }
    });
  }

  it('uses the requested base year', () => {
    const s = fx.series[0];
    const pts = derivePoints(s.gdp, s.emissions, 5);
    expect(pts.P[5]).toBe(0);
    expect(pts.baseGdp).toBe(s.gdp[5]);
    expect(pts.P[10]!).toBeCloseTo(1 - s.emissions[10] / s.gdp[10] / (s.emissions[5] / s.gdp[5]), 14);
  });

  it('rejects mismatched, non-positive series and a bad base index', () => {
    expectSolverError(() => derivePoints([1, 2], [1]), 'R640');
    expectSolverError(() => derivePoints([1, -2], [1, 1]), 'R640', /index 1/);
    expectSolverError(() => derivePoints([1, 2], [1, 1], 2), 'R640');
  });
});

describe('MAC fits vs numpy / scipy', () => {
  for (const s of fx.series) {
    it(`${s.region}: quadratic (Eq. 4), log and power fits`, () => {
      const q = fitQuadratic(s.P, s.mac);
      expect(maxRelDiff(q.coef, s.quadratic.coef)).toBeLessThan(1e-8);
      expect(q.r2).toBeCloseTo(s.quadratic.r2, 10);
      expect(q.rmse).toBeCloseTo(s.quadratic.rmse, 8);
      expect(q.n).toBe(s.quadratic.n);

      const l = fitLog(s.P, s.mac);
      expect(maxRelDiff(l.coef, s.log.coef)).toBeLessThan(1e-9);
      expect(l.r2).toBeCloseTo(s.log.r2, 10);
      expect(l.rmse).toBeCloseTo(s.log.rmse, 8);
      expect(l.n).toBe(s.log.n);
      expect(l.dropped).toBe(s.log.dropped);
      expect(l.droppedReason).toMatch(/P <= 0/);

      const p = fitPower(s.P, s.mac);
      expect(maxRelDiff(p.coef, s.power_loglog.coef)).toBeLessThan(1e-9);
      expect(p.r2).toBeCloseTo(s.power_loglog.r2, 10);
      expect(p.dropped).toBe(s.power_loglog.dropped);

      const nls = fitPower(s.P, s.mac, { method: 'nls' });
      expect(Math.abs(nls.coef[0]! / s.power_nls.coef[0] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(nls.coef[1]! - s.power_nls.coef[1])).toBeLessThan(1e-6);
      expect(nls.r2).toBeCloseTo(s.power_nls.r2, 9);
      expect(nls.r2).toBeGreaterThanOrEqual(p.r2 - 1e-12); // NLS minimises the MAC-scale SSE
      expect(fitMac(s.P, s.mac, 'quadratic').coef).toEqual(q.coef);
    });

    it(`${s.region}: integrated costs (Eq. 9) match scipy quad`, () => {
      const q = integrateMac(fitQuadratic(s.P, s.mac));
      const l = integrateMac(fitLog(s.P, s.mac));
      const p = integrateMac(fitPower(s.P, s.mac));
      const pel: CostCurve = { form: 'pel', g0: s.gdp[0] };
      s.grid.forEach((P: number, k: number) => {
        expect(Math.abs(cost(q, P) - s.cost_quadratic[k])).toBeLessThan(
          1e-9 * Math.max(1, Math.abs(s.cost_quadratic[k])),
        );
        expect(Math.abs(cost(l, P) - s.cost_log[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(s.cost_log[k])));
        expect(Math.abs(cost(p, P) - s.cost_power[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(s.cost_power[k])));
        expect(Math.abs(cost(pel, P) - s.cost_pel[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(s.cost_pel[k])));
      });
      expect(cost(q, 0)).toBe(0);
      expect(cost(l, 0)).toBe(0);
    });
  }

  it('needs enough points and drops P <= 0 for log/power with a count', () => {
    expectSolverError(() => fitQuadratic([0.1, 0.2], [1, 2]), 'R643', /at least 3/);
    expectSolverError(() => fitLog([0, -0.1, 0.2], [0, -1, 3]), 'R643', /2 with P <= 0 dropped/);
    expectSolverError(() => fitPower([0, 0.1, 0.2], [0, -1, 3]), 'R643');
    expectSolverError(() => fitQuadratic([0.1, 0.1, 0.1, 0.1], [1, 2, 3, 4]), 'R641');
    expectSolverError(() => fitQuadratic([0.1, NaN, 0.3], [1, 2, 3]), 'R642');
    const l = fitLog([0, 0.1, 0.2, 0.4], [0, 1, 2, 3]);
    expect(l.n).toBe(3);
    expect(l.dropped).toBe(1);
    expect(Array.from(l.used)).toEqual([1, 2, 3]);
  });

  it('refuses to integrate a power MAC with b <= −1', () => {
    expectSolverError(
      () =>
        integrateMac({
          form: 'power',
          coef: Float64Array.of(1, -1.5),
          r2: 1,
          rmse: 0,
          n: 3,
          dropped: 0,
          residuals: new Float64Array(3),
          used: new Int32Array(3),
        }),
      'R645',
    );
  });
});

describe("fitCubicCost on the paper's (P, cost) pairs", () => {
  for (const c of fx.cubic) {
    it(`${c.region}: a, b, c match numpy lstsq`, () => {
      const f = fitCubicCost(c.P, c.cost);
      expect(maxRelDiff([f.a, f.b, f.c], c.abc)).toBeLessThan(1e-8);
      expect(f.r2).toBeCloseTo(c.r2, 10);
      expect(f.rmse).toBeCloseTo(c.rmse, 9);
      expect(cost(f.curve, 0.5)).toBeCloseTo(c.abc[0] / 8 + c.abc[1] / 4 + c.abc[2] / 2, 9);
    });
  }
});

describe('cost, marginal and curvature agree with each other', () => {
  const curves: CostCurve[] = [
    cubicCost(300, 70, 1.2),
    { form: 'poly', coef: Float64Array.of(0, 5, 20, 50, 100, 200) },
    { form: 'log', a: 80, b: 40 },
    { form: 'power', a: 500, b: 1.7 },
    { form: 'pel', g0: 300 },
  ];
  for (const c of curves) {
    it(`${c.form}: central differences`, () => {
      for (const P of [0.15, 0.4, 0.7]) {
        const h = 1e-5;
        const dC = (cost(c, P + h) - cost(c, P - h)) / (2 * h);
        const d2 = (marginal(c, P + h) - marginal(c, P - h)) / (2 * h);
        expect(Math.abs(dC - marginal(c, P))).toBeLessThan(1e-6 * Math.max(1, Math.abs(marginal(c, P))));
        expect(Math.abs(d2 - curvature(c, P))).toBeLessThan(1e-5 * Math.max(1, Math.abs(curvature(c, P))));
      }
    });
  }
});

describe('checkConvex', () => {
  it('finds the decreasing-MAC part of a cubic exactly', () => {
    // RC'' = 6·562.3·P − 269.1 < 0 below P = 269.1/3373.9
    const c = cubicCost(562.3, -134.55, 18.04);
    const root = 134.55 / (3 * 562.3);
    const bad = checkConvex(c, 0, 0.78)!;
    expect(bad.lo).toBe(0);
    expect(bad.hi).toBeCloseTo(root, 14);
    expect(checkConvex(c, 0.1, 0.78)).toBeNull();
    expect(checkConvex(cubicCost(-10, 5, 1), 0, 1)).toEqual({ lo: 1 / 6, hi: 1 });
    expect(checkConvex(cubicCost(0, 0, 3), 0, 1)).toBeNull(); // linear: convex, not strictly
  });

  it('handles log, power, pel and high-degree polynomials', () => {
    expect(checkConvex({ form: 'log', a: 1, b: 2 }, 0.01, 1)).toBeNull();
    expect(checkConvex({ form: 'log', a: 1, b: -2 }, 0.01, 1)).toEqual({ lo: 0.01, hi: 1 });
    expect(checkConvex({ form: 'power', a: 5, b: -0.5 }, 0.1, 0.9)).toEqual({ lo: 0.1, hi: 0.9 });
    expect(checkConvex({ form: 'power', a: 5, b: 0.5 }, 0.1, 0.9)).toBeNull();
    expect(checkConvex({ form: 'pel', g0: 100 }, 0, 0.9)).toBeNull();
    // RC = P^4 − P^2: RC'' = 12P² − 2 < 0 for P < 1/√6
    const bad = checkConvex({ form: 'poly', coef: Float64Array.of(0, 0, -1, 0, 1) }, 0, 1)!;
    expect(bad.lo).toBe(0);
    expect(bad.hi).toBeCloseTo(1 / Math.sqrt(6), 12);
  });
});
