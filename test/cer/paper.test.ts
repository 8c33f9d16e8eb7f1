// Reproduce seed 002's 2030 results by composing the solvers on inputs recovered from the paper's own tables:
// cubic RC fitted through each region's four (P, cost) pairs (Tables 3–4); targets, E0 = target / P_before and
// the bounds recovered in models/cer-china/data/region_inputs.csv (see its README for the North 1.5 °C misprint); least-cost allocation (Eq. 1–3), the savings game and its
// Shapley value (Eq. 10–11) and the transfers (Eq. 12). Tolerances as agreed with the lead: totals 0.1 %,
// P* 0.5 points, Shapley 1.5 (billion USD), transfers sum to zero.
import { describe, expect, it } from 'vitest';
import { allocate, prepareAllocation, savingsGame } from '../../solvers/allocation.ts';
import { isSuperadditive, shapleyExact, tabulate } from '../../solvers/games.ts';
import { cost, fitCubicCost } from '../../solvers/mac.ts';
import { dataCsv, dataJson } from './helpers.ts';

const paper = dataJson<{ byScenario: Record<string, Record<string, Record<string, number>>> }>(
  'paper_tables.json',
).byScenario;
const regions = dataCsv('regions.csv').map((r) => r.region!);
const inputs = dataCsv('region_inputs.csv');

function curves() {
  return regions.map((r) => {
    const a = paper['1.5C-2030']![r]!;
    const b = paper['2C-2030']![r]!;
    return fitCubicCost(
      [a.p_after! / 100, a.p_before! / 100, b.p_after! / 100, b.p_before! / 100],
      [a.cost_after!, a.cost_before!, b.cost_after!, b.cost_before!],
    );
  });
}

describe('recovered cost curves', () => {
  it('cost_curves.csv holds the same a, b, c as fitCubicCost on the paper pairs', () => {
    const fits = curves();
    const csv = dataCsv('cost_curves.csv');
    regions.forEach((r, i) => {
      const row = csv.find((x) => x.region === r)!;
      expect(Math.abs(+row.a! / fits[i]!.a - 1)).toBeLessThan(1e-9);
      expect(Math.abs(+row.b! / fits[i]!.b - 1)).toBeLessThan(1e-9);
      expect(Math.abs(+row.c! - fits[i]!.c)).toBeLessThan(1e-9 * Math.max(1, Math.abs(fits[i]!.c)));
      // the cubic passes within 0.02 billion USD of all four published (P, cost) pairs
      for (const res of fits[i]!.residuals) expect(Math.abs(res)).toBeLessThan(0.02);
    });
  });
});

for (const [sid, total] of [
  ['1.5C-2030', 659.8],
  ['2C-2030', 405.98],
] as const) {
  describe(`paper reproduction ${sid}`, () => {
    const fits = curves();
    const rows = regions.map((r) => inputs.find((x) => x.scenario === sid && x.region === r)!);
    const p = paper[sid]!;
    const target = p.Total!.target!; // Table 1's national target
    const p0 = rows.map((x) => +x.p0!);
    const e0 = rows.map((x) => +x.e0_Mt!);
    const lo = rows.map((x) => +x.alpha!);
    const hi = rows.map((x) => +x.beta!);
    const pr = prepareAllocation(
      fits.map((f) => f.curve),
      e0,
      lo,
      hi,
    );
    const res = allocate(pr, target);
    const v = tabulate(7, savingsGame(pr, p0).value);
    const phi = shapleyExact(v, 7);
    const before = regions.map((_, i) => cost(fits[i]!.curve, p0[i]!));

    it('recovered inputs: P0 are the printed rates, regional targets add up to the national one', () => {
      regions.forEach((r, i) => {
        expect(p0[i]).toBeCloseTo(p[r]!.p_before! / 100, 12);
        expect(p0[i]! * e0[i]!).toBeCloseTo(+rows[i]!.target_Mt!, 9);
      });
      expect(Math.abs(rows.reduce((s, x) => s + +x.target_Mt!, 0) - target)).toBeLessThan(0.015);
    });

    it(`after-cooperation total within 0.1 % of ${total}`, () => {
      expect(Math.abs(res.total / total - 1)).toBeLessThan(1e-3);
      expect(Math.abs(res.total / p.Total!.cost_after! - 1)).toBeLessThan(1e-3);
      expect(Math.abs(before.reduce((s, x) => s + x, 0) / p.Total!.cost_before! - 1)).toBeLessThan(1e-3);
    });

    it('every P* within 0.5 points of Table 3/4', () => {
      regions.forEach((r, i) => expect(Math.abs(100 * res.p[i]! - p[r]!.p_after!)).toBeLessThan(0.5));
      expect(res.reduction.reduce((s, x) => s + x, 0)).toBeCloseTo(target, 6);
    });

    it('Shapley values within 1.5 of Table 5/6 row D; transfers (Eq. 12) sum to zero', () => {
      regions.forEach((r, i) => expect(Math.abs(phi[i]! - p[r]!.shapley!)).toBeLessThan(1.5));
      expect(Math.abs(phi.reduce((s, x) => s + x, 0) - p.Total!.shapley!)).toBeLessThan(0.1);
      const tc = regions.map((_, i) => before[i]! - res.cost[i]! - phi[i]!);
      expect(Math.abs(tc.reduce((s, x) => s + x, 0))).toBeLessThan(1e-9);
      regions.forEach((r, i) => expect(Math.abs(tc[i]! - p[r]!.transfer!)).toBeLessThan(1.5));
    });

    it("the game is superadditive (so the paper's assumption holds here), v({i}) = 0", () => {
      expect(isSuperadditive(v, 7).ok).toBe(true);
      for (let i = 0; i < 7; i++) expect(Math.abs(v[1 << i]!)).toBeLessThan(1e-9);
    });
  });
}
