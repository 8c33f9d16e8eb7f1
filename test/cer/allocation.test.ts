// Least-cost allocation (Eq. 1–3) pinned against scipy SLSQP (cross-checked by a brentq KKT solve in the
// fixture script) in spec/conformance/cer/allocation_fixtures.json.
import { describe, expect, it } from 'vitest';
import { SolverError } from '../../execute/errors.ts';
import { allocate, allocateOnce, minCost, prepareAllocation, savingsGame } from '../../solvers/allocation.ts';
import { cost, cubicCost } from '../../solvers/mac.ts';
import { createRng } from '../../solvers/random.ts';
import { fixture, maxAbsDiff, toCurve } from './helpers.ts';

const fx = fixture('allocation_fixtures.json');

function catchSolver(f: () => unknown): SolverError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SolverError);
    return e as SolverError;
  }
  throw new Error('expected a SolverError');
}

describe('allocation vs SLSQP', () => {
  for (const c of fx.cases) {
    it(`${c.name}: P to 1e-6, total to 1e-6, λ to 1e-6 relative`, () => {
      const pr = prepareAllocation(c.curves.map(toCurve), c.e0, c.lo, c.hi);
      const r = allocate(pr, c.target);
      expect(maxAbsDiff(r.p, c.p)).toBeLessThan(1e-6);
      expect(Math.abs(r.total - c.total)).toBeLessThan(1e-6);
      expect(maxAbsDiff(r.cost, c.cost)).toBeLessThan(1e-5);
      expect(Math.abs(r.lambda - c.lam)).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(c.lam)));
      // feasibility and KKT: interior regions share the marginal cost per tonne λ
      expect(r.residual).toBeGreaterThan(-1e-9 * c.target);
      if (c.lam > 0) expect(Math.abs(r.residual)).toBeLessThan(1e-9 * c.target);
      for (let i = 0; i < r.p.length; i++) {
        expect(r.p[i]!).toBeGreaterThanOrEqual(c.lo[i]);
        expect(r.p[i]!).toBeLessThanOrEqual(c.hi[i]);
        if (r.atBound[i] === 0 && c.lam > 0) expect(Math.abs(r.marginalPerUnit[i]! / r.lambda - 1)).toBeLessThan(1e-9);
        if (r.atBound[i] === 1) expect(r.marginalPerUnit[i]!).toBeLessThanOrEqual(r.lambda * (1 + 1e-12));
        if (r.atBound[i] === -1) expect(r.marginalPerUnit[i]!).toBeGreaterThanOrEqual(r.lambda * (1 - 1e-12));
      }
    });
  }

  it('minCost (hot path) returns the same total and leaves P in problem.p', () => {
    const c = fx.cases[0];
    const pr = prepareAllocation(c.curves.map(toCurve), c.e0, c.lo, c.hi);
    const t = minCost(pr, c.target);
    expect(Math.abs(t - c.total)).toBeLessThan(1e-6);
    expect(maxAbsDiff(pr.p, c.p)).toBeLessThan(1e-6);
    expect(pr.lambda).toBeGreaterThan(0);
  });
});

describe('subsets', () => {
  const c = fx.cases.find((x: { name: string }) => x.name === 'random-cubic-8');
  const curves = c.curves.map(toCurve);
  it('a bitmask, an index list and a separately built sub-problem agree', () => {
    const pr = prepareAllocation(curves, c.e0, c.lo, c.hi);
    const idx = [1, 4, 6];
    const mask = (1 << 1) | (1 << 4) | (1 << 6);
    const target = idx.reduce((s, i) => s + 0.5 * (c.lo[i] + c.hi[i]) * c.e0[i], 0);
    const a = allocate(pr, target, mask);
    const b = allocate(pr, target, Int32Array.from(idx));
    const sub = allocateOnce(
      idx.map((i) => curves[i]!),
      idx.map((i) => c.e0[i]),
      idx.map((i) => c.lo[i]),
      idx.map((i) => c.hi[i]),
      target,
    );
    expect(a.total).toBe(b.total);
    expect(Math.abs(a.total - sub.total)).toBeLessThan(1e-10 * Math.abs(sub.total));
    idx.forEach((i, k) => expect(Math.abs(a.p[i]! - sub.p[k]!)).toBeLessThan(1e-12));
    expect(Number.isNaN(a.p[0]!)).toBe(true);
    expect(Number.isNaN(a.cost[0]!)).toBe(true);
  });

  it('the λ hint seeds the iteration but never changes the answer (all 255 subsets)', () => {
    const pr = prepareAllocation(curves, c.e0, c.lo, c.hi);
    const p0 = Float64Array.from(c.lo.map((l: number, i: number) => l + 0.7 * (c.hi[i] - l)));
    for (let m = 1; m < 256; m++) {
      let target = 0;
      for (let i = 0; i < 8; i++) if (m & (1 << i)) target += p0[i]! * c.e0[i];
      const a = minCost(pr, target, m, p0);
      const la = pr.lambda;
      const b = minCost(pr, target, m);
      expect(pr.iterations).toBeLessThan(20);
      expect(Math.abs(a - b)).toBeLessThan(1e-10 * Math.max(1, Math.abs(b)));
      expect(Math.abs(la - pr.lambda)).toBeLessThan(1e-9 * Math.max(1e-3, pr.lambda));
    }
  });

  it('rejects repeated or out-of-range indices and masks beyond n', () => {
    const pr = prepareAllocation(curves, c.e0, c.lo, c.hi);
    expect(catchSolver(() => minCost(pr, 10, [1, 1])).code).toBe('R624');
    expect(catchSolver(() => minCost(pr, 10, [9])).code).toBe('R624');
    expect(catchSolver(() => minCost(pr, 10, 1 << 8)).code).toBe('R624');
    // the marker array is clean after an error: a valid call still works
    expect(Number.isFinite(minCost(pr, 10, [1, 2]))).toBe(true);
  });
});

describe('exact cases worked by hand', () => {
  it("linear costs: the cheaper region fills to its bound first, λ is the second region's price", () => {
    // RC0 = 10P, RC1 = 20P, E0 = 100 each: cost per tonne 0.1 and 0.2; target 50 with β = 0.4
    const r = allocateOnce([cubicCost(0, 0, 10), cubicCost(0, 0, 20)], [100, 100], [0, 0], [0.4, 0.4], 50);
    expect(r.p[0]).toBeCloseTo(0.4, 12);
    expect(r.p[1]).toBeCloseTo(0.1, 12);
    expect(r.total).toBeCloseTo(4 + 2, 10);
    expect(r.lambda).toBeCloseTo(0.2, 12);
  });

  it('two quadratic costs: P_i = λE0_i / (2k_i) in closed form', () => {
    // RC_i = k_i P², E0 = (100, 300), target 120: λ·(100²/2k0 + 300²/2k1) = 120
    const k = [50, 200];
    const lam = 120 / (100 ** 2 / (2 * k[0]!) + 300 ** 2 / (2 * k[1]!));
    const r = allocateOnce([cubicCost(0, k[0]!, 0), cubicCost(0, k[1]!, 0)], [100, 300], [0, 0], [1, 1], 120);
    expect(r.lambda).toBeCloseTo(lam, 14);
    expect(r.p[0]).toBeCloseTo((lam * 100) / (2 * k[0]!), 14);
    expect(r.p[1]).toBeCloseTo((lam * 300) / (2 * k[1]!), 14);
  });

  it('a slack target gives λ = 0 and each region at its own cost minimum', () => {
    const r = allocateOnce([cubicCost(100, 50, -20)], [1000], [0], [0.9], 10);
    expect(r.lambda).toBe(0);
    // RC' = 300P² + 100P − 20 = 0
    expect(r.p[0]).toBeCloseTo((-100 + Math.sqrt(100 ** 2 + 4 * 300 * 20)) / 600, 14);
    expect(r.residual).toBeGreaterThan(0);
  });

  it('a region with E0 = 0 sits at its own cost minimum', () => {
    const r = allocateOnce([cubicCost(100, 50, 1), cubicCost(100, 50, -20)], [1000, 0], [0, 0], [0.9, 0.9], 300);
    expect(r.p[1]).toBeCloseTo((-100 + Math.sqrt(100 ** 2 + 4 * 300 * 20)) / 600, 14);
    expect(r.reduction[0]).toBeCloseTo(300, 9);
  });
});

describe('errors', () => {
  const curves = [cubicCost(300, 70, 1), cubicCost(500, 10, 2)];
  it('ALLOC_INFEASIBLE names the shortfall', () => {
    const e = catchSolver(() => allocateOnce(curves, [1000, 2000], [0, 0], [0.5, 0.6], 2000));
    expect(e.code).toBe('R626');
    expect(e.message).toMatch(/1700/);
    expect(e.message).toMatch(/shortfall 300/);
    expect(e.params).toMatchObject({ shortfall: 300 });
  });

  it('ALLOC_NONCONVEX names the region and the interval', () => {
    const e = catchSolver(() =>
      prepareAllocation([curves[0]!, cubicCost(562.3, -134.55, 18.04)], [1, 1], [0, 0], [0.8, 0.8]),
    );
    expect(e.code).toBe('R623');
    expect(e.message).toMatch(/region 1/);
    expect(e.message).toMatch(/\[0, 0\.0797/);
    expect(e.params).toMatchObject({ region: 1 });
    // raising the lower bound above the decreasing part is accepted
    expect(() =>
      prepareAllocation([curves[0]!, cubicCost(562.3, -134.55, 18.04)], [1, 1], [0, 0.08], [0.8, 0.8]),
    ).not.toThrow();
  });

  it('α > β, negative E0, mismatched lengths, out-of-domain curves, non-finite target', () => {
    expect(catchSolver(() => prepareAllocation(curves, [1, 1], [0.5, 0], [0.4, 1])).code).toBe('R622');
    expect(catchSolver(() => prepareAllocation(curves, [1, -1], [0, 0], [1, 1])).code).toBe('R621');
    expect(catchSolver(() => prepareAllocation(curves, [1], [0, 0], [1, 1])).code).toBe('R620');
    expect(catchSolver(() => prepareAllocation([{ form: 'pel', g0: 10 }], [1], [0], [1])).code).toBe('R622');
    expect(catchSolver(() => allocateOnce(curves, [1, 1], [0, 0], [1, 1], NaN)).code).toBe('R625');
  });

  it('a savings game refuses a baseline outside the bounds', () => {
    const pr = prepareAllocation(curves, [1000, 2000], [0.1, 0.1], [0.5, 0.6]);
    expect(catchSolver(() => savingsGame(pr, [0.05, 0.3])).code).toBe('R627');
  });
});

describe('savings game', () => {
  it('v(∅) = v({i}) = 0 and v(N) = baseline cost − least cost', () => {
    const c = fx.cases.find((x: { name: string }) => x.name === 'random-cubic-5');
    const curves = c.curves.map(toCurve);
    const p0 = c.lo.map((l: number, i: number) => l + 0.6 * (c.hi[i] - l));
    const pr = prepareAllocation(curves, c.e0, c.lo, c.hi);
    const g = savingsGame(pr, p0);
    expect(g.value(0)).toBe(0);
    for (let i = 0; i < 5; i++) expect(Math.abs(g.value(1 << i))).toBeLessThan(1e-9);
    const base = curves.reduce((s: number, cv: ReturnType<typeof toCurve>, i: number) => s + cost(cv, p0[i]), 0);
    const target = p0.reduce((s: number, p: number, i: number) => s + p * c.e0[i], 0);
    expect(g.value(31)).toBeCloseTo(base - allocate(pr, target).total, 10);
    expect(g.value(31)).toBeGreaterThan(0);
  });
});

describe('speed', () => {
  it('2^16 coalition solves of a 16-region problem take well under 5 s', () => {
    const rng = createRng(7);
    const n = 16;
    const curves = [];
    const e0 = [],
      lo = [],
      hi = [],
      p0 = [];
    for (let i = 0; i < n; i++) {
      curves.push(cubicCost(100 + 800 * rng.uniform(), 100 * rng.uniform(), 20 * rng.uniform()));
      e0.push(300 + 2700 * rng.uniform());
      lo.push(0.1 * rng.uniform());
      hi.push(0.6 + 0.3 * rng.uniform());
      p0.push(lo[i]! + (hi[i]! - lo[i]!) * rng.uniform());
    }
    const g = savingsGame(prepareAllocation(curves, e0, lo, hi), p0);
    const t0 = performance.now();
    let s = 0;
    for (let m = 1; m < 1 << n; m++) s += g.value(m);
    const sec = (performance.now() - t0) / 1000;
    expect(Number.isFinite(s)).toBe(true);
    expect(sec).toBeLessThan(5);
  });
});
