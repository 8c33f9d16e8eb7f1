// Cooperative-game solvers pinned against spec/conformance/cer/game_fixtures.json: coalition values by SLSQP,
// Shapley by enumerating all n! orders, superadditivity / convexity by their pairwise definitions, and the
// (pre-)nucleolus by a scipy linprog LP sequence that fixes coalitions by slack maximisation.
import { describe, expect, it } from 'vitest';
import { SolverError } from '../../execute/errors.ts';
import { prepareAllocation, savingsGame } from '../../solvers/allocation.ts';
import {
  coalitionTable,
  coreCheck,
  isConvex,
  isSuperadditive,
  members,
  shapleyExact,
  shapleySampled,
  tabulate,
} from '../../solvers/games.ts';
import { kohlbergCheck, nucleolus } from '../../solvers/nucleolus.ts';
import { fixture, maxAbsDiff, toCurve } from './helpers.ts';

const fx = fixture('game_fixtures.json');
const allocFx = fixture('allocation_fixtures.json');

function gameOf(name: string) {
  return fx.games.find((g: { name: string }) => g.name === name);
}

describe('the study games: coalition values from the allocation solver', () => {
  for (const g of fx.games.filter((x: { name: string }) => x.name.startsWith('study-'))) {
    it(`${g.scenario}: all 127 coalition values match SLSQP to 1e-6`, () => {
      const c = allocFx.cases.find((x: { name: string }) => x.name === g.name);
      const pr = prepareAllocation(c.curves.map(toCurve), c.e0, c.lo, c.hi);
      const v = tabulate(g.n, savingsGame(pr, g.p0).value);
      expect(maxAbsDiff(v, g.v)).toBeLessThan(1e-6);
    });
  }
});

describe('game properties and solutions vs Python', () => {
  for (const g of fx.games) {
    const v = Float64Array.from(g.v);
    const n = g.n;
    it(`${g.name}: Shapley (Eq. 10–11) equals the n!-order average`, () => {
      const phi = shapleyExact(v, n);
      expect(maxAbsDiff(phi, g.shapley)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v[v.length - 1]!)));
      expect(phi.reduce((s, x) => s + x, 0)).toBeCloseTo(v[v.length - 1]!, 9);
    });

    it(`${g.name}: superadditive = ${g.superadditive}, convex = ${g.convex}, Shapley in core = ${g.shapley_in_core}`, () => {
      const sa = isSuperadditive(v, n);
      expect(sa.ok).toBe(g.superadditive);
      if (!sa.ok) {
        const w = sa.witness!;
        expect(w.s & w.t).toBe(0);
        expect(w.gap).toBeCloseTo(g.superadditive_worst_gap, 9);
        expect(v[w.s | w.t]! - v[w.s]! - v[w.t]!).toBeCloseTo(w.gap, 12);
      }
      const cv = isConvex(v, n);
      expect(cv.ok).toBe(g.convex);
      if (!cv.ok) {
        const { s, i, j, gap } = cv.witness!;
        expect(s & (1 << i)).toBe(0);
        expect(s & (1 << j)).toBe(0);
        expect(v[s | (1 << i) | (1 << j)]! - v[s | (1 << j)]! - v[s | (1 << i)]! + v[s]!).toBeCloseTo(gap, 12);
        expect(gap).toBeLessThan(0);
      }
      const phi = shapleyExact(v, n);
      const core = coreCheck(v, n, phi);
      expect(core.inCore).toBe(g.shapley_in_core);
      expect(core.excess).toBeCloseTo(g.shapley_max_excess, 9);
      // the reported coalition attains the maximum (ties, e.g. S and N\S in symmetric games, may pick either)
      const xs = members(core.worstCoalition).reduce((t, i) => t + phi[i]!, 0);
      expect(v[core.worstCoalition]! - xs).toBeCloseTo(g.shapley_max_excess, 9);
      expect(core.worstCoalition).toBeGreaterThan(0);
      expect(core.worstCoalition).toBeLessThan(2 ** n - 1);
      expect(Math.abs(core.efficiencyGap)).toBeLessThan(1e-9);
    });

    it(`${g.name}: nucleolus and pre-nucleolus match the linprog sequence`, async () => {
      const nu = await nucleolus(v, n);
      expect(maxAbsDiff(nu.x, g.nucleolus)).toBeLessThan(1e-6);
      expect(nu.verified).toBe(true);
      expect(nu.levels[0]).toBeCloseTo(g.nucleolus_levels[0], 6);
      const pre = await nucleolus(v, n, { prenucleolus: true });
      expect(maxAbsDiff(pre.x, g.prenucleolus)).toBeLessThan(1e-6);
      // the nucleolus is in the core whenever the core is nonempty (first level <= 0)
      if (nu.levels[0]! <= 1e-9) expect(coreCheck(v, n, nu.x, { tol: 1e-7 }).inCore).toBe(true);
    });
  }

  it('Kohlberg rejects a payoff that is not the nucleolus', async () => {
    const g = gameOf('study-2C-2030');
    const v = Float64Array.from(g.v);
    const x = Float64Array.from(g.nucleolus);
    expect(await kohlbergCheck(v, 7, x)).toBe(true);
    x[0] = x[0]! + 0.5;
    x[3] = x[3]! - 0.5;
    expect(await kohlbergCheck(v, 7, x)).toBe(false);
    expect(await kohlbergCheck(v, 7, shapleyExact(v, 7))).toBe(false);
  });
});

describe('coalitionTable (Fig. 2)', () => {
  it('North China at 1.5 °C 2030: 64 coalitions, weighted contributions sum to its Shapley value', () => {
    const g = gameOf('study-1.5C-2030');
    const v = Float64Array.from(g.v);
    const t = coalitionTable(v, 7, 0);
    expect(t.groups.map((x) => x.masks.length)).toEqual([1, 6, 15, 20, 15, 6, 1]);
    expect(t.total).toBeCloseTo(g.shapley[0], 10);
    const all = t.groups.flatMap((x) => Array.from(x.masks));
    expect(new Set(all).size).toBe(64);
    for (const m of all) expect(m & 1).toBe(1);
    const pair = t.groups[1]!;
    const q = Array.from(pair.masks).indexOf(0b1001); // {North, South China}
    expect(pair.value[q]).toBe(v[0b1001]);
    expect(pair.marginal[q]).toBe(v[0b1001]! - v[0b1000]!);
    expect(pair.weighted[q]).toBeCloseTo(pair.marginal[q]! / 42, 12); // w(2) = 1!·5!/7! = 1/42
    expect(t.groups[0]!.value[0]).toBeCloseTo(0, 9); // v({North}) = 0 up to the SLSQP rounding in the fixture
  });
});

describe('shapleySampled', () => {
  const g = gameOf('study-1.5C-2030');
  const v = Float64Array.from(g.v);
  const exact = Float64Array.from(g.shapley);
  it('is seeded, efficient, within 4 standard errors of the exact value and memoised', () => {
    let calls = 0;
    const f = (m: number) => {
      calls++;
      return v[m]!;
    };
    const a = shapleySampled(f, 7, { samples: 4000, seed: 11 });
    const b = shapleySampled((m) => v[m]!, 7, { samples: 4000, seed: 11 });
    const c = shapleySampled((m) => v[m]!, 7, { samples: 4000, seed: 12 });
    expect(Array.from(a.phi)).toEqual(Array.from(b.phi));
    expect(Array.from(a.phi)).not.toEqual(Array.from(c.phi));
    expect(a.phi.reduce((s, x) => s + x, 0)).toBeCloseTo(v[127]!, 9);
    for (let i = 0; i < 7; i++) {
      expect(a.se[i]!).toBeGreaterThan(0);
      expect(Math.abs(a.phi[i]! - exact[i]!)).toBeLessThan(4 * a.se[i]!);
    }
    expect(calls).toBe(a.evaluations);
    expect(calls).toBeLessThanOrEqual(127);
  });

  it('is exact with zero standard error on an additive game', () => {
    const w = [3, 1, 4, 1, 5];
    const s = shapleySampled((m) => members(m).reduce((t, i) => t + w[i]!, 0), 5, { samples: 50, seed: 1 });
    for (let i = 0; i < 5; i++) {
      expect(s.phi[i]).toBeCloseTo(w[i]!, 12);
      expect(s.se[i]).toBeCloseTo(0, 12);
    }
  });
});

describe('errors', () => {
  it('bad sizes, tables and players', async () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(SolverError);
        return (e as SolverError).code;
      }
      return 'none';
    };
    expect(code(() => shapleyExact(new Float64Array(7), 3))).toBe('R602');
    expect(code(() => tabulate(26, () => 0))).toBe('R601');
    expect(code(() => tabulate(2, () => NaN))).toBe('R603');
    expect(code(() => isSuperadditive(new Float64Array(2 ** 21), 21))).toBe('R601');
    expect(code(() => coalitionTable(new Float64Array(8), 3, 3))).toBe('R606');
    expect(code(() => coreCheck(new Float64Array(8), 3, [1, 2]))).toBe('R605');
    expect(code(() => shapleySampled(() => 0, 3, { samples: 1, seed: 1 }))).toBe('R604');
    // empty imputation set: Σ v({i}) > v(N)
    const v = Float64Array.of(0, 2, 2, 3);
    await expect(nucleolus(v, 2)).rejects.toMatchObject({ code: 'R607' });
    const pre = await nucleolus(v, 2, { prenucleolus: true });
    expect(Array.from(pre.x)).toEqual([expect.closeTo(1.5, 9), expect.closeTo(1.5, 9)]);
  });
});
