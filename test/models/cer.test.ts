// The CER study (seed 002) run from models/cer-china/cer.model, pinned to the SciPy fixtures (SLSQP allocation,
// exact-enumeration Shapley, linprog nucleolus: spec/conformance/cer/make_fixtures.py) and to the paper's tables.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel, scalar, valuesOf } from './run-model.ts';

const MODEL = 'models/cer-china/cer.model';
const alloc = JSON.parse(readFileSync('spec/conformance/cer/allocation_fixtures.json', 'utf8')) as {
  cases: Array<{ scenario?: string; name: string; p: number[]; total: number; lam: number; cost: number[] }>;
};
const games = JSON.parse(readFileSync('spec/conformance/cer/game_fixtures.json', 'utf8')) as {
  games: Array<{
    scenario?: string;
    regions?: string[];
    shapley: number[];
    nucleolus: number[];
    shapley_in_core: boolean;
    convex: boolean;
    superadditive: boolean;
  }>;
};
const paper = readFileSync('models/cer-china/data/paper_tables.csv', 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const paperValue = (table: string, scenario: string, region: string, q: string) =>
  Number(paper.find((r) => r[0] === table && r[1] === scenario && r[2] === region && r[3] === q)![4]);

describe.each(['1.5C-2030', '2C-2030', '1.5C-2025', '2C-2025'])('CER model, scenario %s', (scenario) => {
  const fx = alloc.cases.find((c) => c.name === `study-${scenario}`);
  const gx = games.games.find((g) => g.scenario === scenario);
  it('reproduces the SciPy SLSQP allocation (P*, costs, total, multiplier) to 1e-6', async () => {
    expect(fx).toBeDefined();
    const out = await runModel(MODEL, scenario);
    const regions = [...valuesOf(out, 'P_after').keys()];
    expect(regions).toHaveLength(7);
    regions.forEach((r, i) => {
      expect(valuesOf(out, 'P_after').get(r) as number).toBeCloseTo(fx!.p[i]!, 6);
      expect(valuesOf(out, 'cost_after').get(r) as number).toBeCloseTo(fx!.cost[i]!, 5);
    });
    expect(scalar(out, 'total_after')).toBeCloseTo(fx!.total, 6);
    expect(scalar(out, 'shadow_price') / 1000 / fx!.lam).toBeCloseTo(1, 6);
    expect(Math.abs(scalar(out, 'transfer_sum'))).toBeLessThan(1e-9);
    if (gx) {
      regions.forEach((r, i) => {
        expect(valuesOf(out, 'row_value').get(`D|${r}`) as number).toBeCloseTo(gx.shapley[i]!, 6);
      });
      const game = out.tables.find((t) => t.name === 'coop')!;
      game.rows.forEach((row, i) => expect(row['nucleolus'] as number).toBeCloseTo(gx.nucleolus[i]!, 5));
      const props = out.tables.find((t) => t.name === 'coop_properties')!.rows;
      expect(
        String(props.find((p) => p['property'] === 'convex (supermodular)')!['value']).startsWith(
          gx.convex ? 'yes' : 'no',
        ),
      ).toBe(true);
      expect(
        String(props.find((p) => p['property'] === 'Shapley value in the core')!['value']).startsWith(
          gx.shapley_in_core ? 'yes' : 'no',
        ),
      ).toBe(true);
    }
  });
});

describe('CER model against the paper (2030, recovered inputs)', () => {
  it.each([
    ['1.5C-2030', 'Table 3', 'Table 5', 659.8],
    ['2C-2030', 'Table 4', 'Table 6', 405.98],
  ] as const)(
    '%s: totals within 0.1 %%, P* within 0.5 points, Shapley within 1.5',
    async (scenario, allocTable, shapTable, totalAfter) => {
      const out = await runModel(MODEL, scenario);
      expect(Math.abs(scalar(out, 'total_after') / totalAfter - 1)).toBeLessThan(0.001);
      for (const [r, p] of valuesOf(out, 'P_after')) {
        expect(Math.abs(100 * (p as number) - paperValue(allocTable, scenario, r, 'p_after'))).toBeLessThan(0.5);
        expect(
          Math.abs(
            (valuesOf(out, 'row_value').get(`D|${r}`) as number) - paperValue(shapTable, scenario, r, 'shapley'),
          ),
        ).toBeLessThan(1.5);
      }
    },
  );
});
