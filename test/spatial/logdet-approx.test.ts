// The large-N log-determinants (logdet.ts 'chebyshev', 'mc') and their error bounds, against spatialreg's
// do_ldet and exact values (spec/conformance/spatial/logdet_approx.R), and their effect on a fitted ρ at N = 6,400
// against the exact sparse LU.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../solvers/random.ts';
import {
  csrAdd,
  csrFromTriplets,
  csrInner,
  csrMapValues,
  csrMultiply,
  csrTranspose,
} from '../../solvers/spatial/csr.ts';
import { createLogDet, EXACT_LOGDET_MAX_N, powerTraces } from '../../solvers/spatial/logdet.ts';
import { fitSpatialPanel } from '../../solvers/spatial/models.ts';
import { IterativeShifted } from '../../solvers/spatial/shifted.ts';
import { estimateTraces, lowOrderInvariants } from '../../solvers/spatial/traces.ts';
import { knnWeights, rowStandardize } from '../../solvers/spatial/weights.ts';
import { SolverError } from '../../solvers/errors.ts';
import { expectClose, loadFixture, loadW } from './helpers.ts';

const fx = loadFixture('logdet_approx.json');
const knnFx = loadFixture('logdet.json').knn900;
const rhos: number[] = fx.rhos;
const W46 = rowStandardize(loadW('usa46.json'));
const gridUnits = Array.from({ length: 900 }, (_, i) => `g${i}`);
const Wgrid = rowStandardize(
  csrFromTriplets(
    900,
    fx.grid900.edges_i,
    fx.grid900.edges_j,
    new Float64Array(fx.grid900.edges_i.length).fill(1),
    gridUnits,
  ),
);
const knnUnits = knnFx.x.map((_: number, i: number) => `p${i}`);
const Wknn = rowStandardize(knnWeights(knnUnits, { x: knnFx.x, y: knnFx.y }, 6));

describe('Chebyshev log-determinant (Pace & LeSage) vs spatialreg', () => {
  for (const [name, W, ref] of [
    ['usa46', W46, fx.usa46],
    ['grid900', Wgrid, fx.grid900],
  ] as const) {
    it(`${name}: degree 5 and 12 with exact traces equal do_ldet "Chebyshev"; the bound covers the exact value`, () => {
      for (const q of [5, 12]) {
        const ld = createLogDet(W, { method: 'chebyshev', chebyshev: { order: q, exactTraces: true } });
        rhos.forEach((r, i) => {
          const v = ld.logdet(r);
          expectClose(v, ref[`cheb${q}`][i], 1e-10, 1e-12, `${name} q ${q} rho ${r}`);
          const err = Math.abs(v - ref.exact[i]);
          const bound = ld.errorBound(r);
          expect(err, `${name} q ${q} rho ${r}`).toBeLessThanOrEqual(bound);
          // and informative: within four orders of magnitude of the actual error where that is visible (the rook
          // grid has eigenvalues at ±1, the worst case the bound assumes)
          if (err > 1e-9 * W.n) expect(bound, `${name} q ${q} rho ${r}`).toBeLessThan(1e4 * err);
        });
      }
    });
  }

  it('refuses W with a complex spectrum (kNN), where its bound does not hold', () => {
    expect(() => createLogDet(Wknn, { method: 'chebyshev' })).toThrow(SolverError);
    try {
      createLogDet(Wknn, { method: 'chebyshev' });
    } catch (e) {
      expect((e as SolverError).code).toBe('R910');
    }
  });

  it('with 16 probes: within its stated bound of the exact value', () => {
    const ld = createLogDet(Wgrid, { method: 'chebyshev', chebyshev: { order: 12, probes: 16, seed: 3 } });
    rhos.forEach((r, i) => {
      const err = Math.abs(ld.logdet(r) - fx.grid900.exact[i]);
      expect(err, `rho ${r}`).toBeLessThanOrEqual(ld.errorBound(r));
    });
  });
});

describe('Monte Carlo log-determinant (Barry & Pace) vs exact values and spatialreg', () => {
  for (const [name, W, ref] of [
    ['grid900', Wgrid, fx.grid900],
    ['knn900', Wknn, fx.knn900],
  ] as const) {
    it(`${name}: the order-30 series with exact traces equals R's; its truncation bound covers the exact value`, () => {
      const ld = createLogDet(W, { method: 'mc', mc: { order: 30, exactTraces: true } });
      rhos.forEach((r, i) => {
        expectClose(ld.logdet(r), ref.taylor30[i], 1e-10, 1e-12, `${name} rho ${r}`);
        // (to rounding: the bound is of the truncation)
        expect(Math.abs(ld.logdet(r) - ref.exact[i]), `${name} rho ${r}`).toBeLessThanOrEqual(ld.errorBound(r) + 1e-12);
      });
    });

    it(`${name}: 16 probes, order 30: within the stated bound; s.e. below spatialreg's (same p, m)`, () => {
      const ld = createLogDet(W, { method: 'mc', mc: { order: 30, probes: 16, seed: 11 } });
      rhos.forEach((r, i) => {
        const b = ld.bounds!(r).value;
        expect(Math.abs(ld.logdet(r) - ref.exact[i]), `${name} rho ${r}`).toBeLessThanOrEqual(b.total);
        // tr(W^k) for k ≤ 4 exact: a smaller standard error than spatialreg's (exact to k = 2 only)
        expect(b.se, `${name} rho ${r}`).toBeLessThan(ref.mc.sd[i]);
      });
    });
  }
});

describe('trace estimates', () => {
  it('exact invariants tr(W^k), k ≤ 4, and Frobenius products agree with column traces and sparse W²', () => {
    const inv = lowOrderInvariants(Wknn);
    const cols = powerTraces(Wknn, 4, { method: 'exact' });
    for (let k = 1; k <= 4; k++) expectClose(inv.t[k - 1]!, cols.t[k]!, 1e-12, 1e-12, `t${k}`);
    const W2 = csrMultiply(Wknn, Wknn);
    expectClose(inv.f11, csrInner(Wknn, Wknn).frobenius, 1e-12, 0, 'f11');
    expectClose(inv.f12, csrInner(Wknn, W2).frobenius, 1e-12, 0, 'f12');
    expectClose(inv.f22, csrInner(W2, W2).frobenius, 1e-12, 0, 'f22');
  });

  it('probe estimates of tr(W^k) lie within 4 standard errors of the exact traces', () => {
    const ex = estimateTraces(Wknn, 12, { exact: true });
    const pr = estimateTraces(Wknn, 12, { probes: 64, seed: 5 });
    const m = 13;
    for (let k = 5; k <= 12; k++) {
      let s = 0;
      let s2 = 0;
      for (let p = 0; p < 64; p++) {
        const v = pr.samples[p * m + k]!;
        s += v;
        s2 += v * v;
      }
      const se = Math.sqrt((s2 / 64 - (s / 64) ** 2) / 63);
      expect(Math.abs(pr.t[k]! - ex.t[k]!), `k ${k}`).toBeLessThan(4 * se);
    }
  });
});

describe('Neumann solver', () => {
  it('solves (I − ρW)x = b to 1e-12 for single, blocked and transposed right-hand sides', () => {
    const s = new IterativeShifted(Wknn);
    s.factor(0.7);
    const n = Wknn.n;
    const rng = createRng(4);
    const b = Float64Array.from({ length: 3 * n }, () => rng.normal());
    const x = s.solvePanel(b, 3, new Float64Array(3 * n));
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < n; i++) {
        let wx = 0;
        for (let p = Wknn.rowPtr[i]!; p < Wknn.rowPtr[i + 1]!; p++) wx += Wknn.val[p]! * x[t * n + Wknn.col[p]!]!;
        expect(Math.abs(x[t * n + i]! - 0.7 * wx - b[t * n + i]!)).toBeLessThan(1e-12);
      }
    }
    const xt = s.solveTranspose(b, new Float64Array(n));
    const Wt = csrTranspose(Wknn);
    for (let i = 0; i < n; i++) {
      let wx = 0;
      for (let p = Wt.rowPtr[i]!; p < Wt.rowPtr[i + 1]!; p++) wx += Wt.val[p]! * xt[Wt.col[p]!]!;
      expect(Math.abs(xt[i]! - 0.7 * wx - b[i]!)).toBeLessThan(1e-11);
    }
  });
});

describe('a fitted ρ at N = 6,400 with approximate log-determinants', () => {
  // SYNTHETIC panel: 6,400 units at seeded uniform points, T = 10, y = (I − 0.4W)⁻¹(x1 − 0.5 x2 + μ + α + ε)
  const N = 6400;
  const T = 10;
  const rng = createRng(76400);
  const ids = Array.from({ length: N }, (_, i) => `u${i}`);
  const px = Float64Array.from({ length: N }, () => rng.uniform());
  const py = Float64Array.from({ length: N }, () => rng.uniform());
  const K = knnWeights(ids, { x: px, y: py }, 6);
  const panel = (W: ReturnType<typeof rowStandardize>) => {
    const r2 = createRng(5);
    const NT = N * T;
    const X = new Float64Array(NT * 2);
    const mu = Float64Array.from({ length: N }, () => r2.normal());
    const alpha = Float64Array.from({ length: T }, () => r2.normal());
    for (let r = 0; r < NT; r++) {
      X[2 * r] = r2.normal() + 0.5 * mu[r % N]!;
      X[2 * r + 1] = r2.normal();
    }
    const v = Float64Array.from(
      { length: NT },
      (_, r) => X[2 * r]! - 0.5 * X[2 * r + 1]! + mu[r % N]! + alpha[Math.floor(r / N)]! + 0.5 * r2.normal(),
    );
    const s = new IterativeShifted(W);
    s.factor(0.4);
    return { y: s.solvePanel(v, T, new Float64Array(NT)), X, names: ['x1', 'x2'], W, N, T };
  };

  for (const [name, W, method] of [
    ['kNN W, Monte Carlo', rowStandardize(K), 'mc'],
    ['symmetrised kNN W, Chebyshev', rowStandardize(csrMapValues(csrAdd(K, csrTranspose(K)), () => 1)), 'chebyshev'],
  ] as const) {
    it(`${name}: ρ within the stated bound of the exact-LU estimate, standard errors within 0.5 %`, () => {
      const d = panel(W);
      const exact = fitSpatialPanel(d, { model: 'sar', effect: 'twoways', logdet: { method: 'lu' } });
      const approx = fitSpatialPanel(d, { model: 'sar', effect: 'twoways', logdet: { method } });
      expect(approx.logdetMethod).toBe(method);
      expect(approx.logdet.approximate).toBe(true);
      expect(approx.logdet.rhoBound).toBeGreaterThan(0);
      expect(approx.logdet.rhoBound).toBeLessThan(1e-3);
      expect(Math.abs(approx.rho - exact.rho)).toBeLessThanOrEqual(approx.logdet.rhoBound);
      approx.coefficients.forEach((c, i) => expectClose(c.se, exact.coefficients[i]!.se, 5e-3, 0, `se ${c.name}`));
      expect(approx.warnings.some((w) => w.startsWith('W502'))).toBe(true);
    });
  }

  it(`'auto' keeps the exact LU up to N = ${EXACT_LOGDET_MAX_N.toLocaleString('en')} and approximates above`, () => {
    expect(createLogDet(Wknn).method).toBe('lu');
    expect(createLogDet(Wknn, { exactMaxN: 100 }).method).toBe('mc');
    expect(createLogDet(Wgrid, { exactMaxN: 100 }).method).toBe('chebyshev');
  });
});
