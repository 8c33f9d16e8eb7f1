// The MAC path of the CER method (Eq. 4-9) through the language, on the synthetic series: points, fits and
// integrated costs pinned to the numpy fixtures (spec/conformance/cer/make_fixtures.py → mac_fixtures.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel, scalar, valuesOf } from './run-model.ts';

type Fit = { coef: number[]; r2: number };
const fx = JSON.parse(readFileSync('spec/conformance/cer/mac_fixtures.json', 'utf8')) as {
  series: Array<{ region: string; P: number[]; mac: number[]; quadratic: Fit; log: Fit; power_loglog: Fit }>;
};

describe('cer-synthetic.model (MAC curves fitted from GDP and emission series)', async () => {
  const out = await runModel('models/cer-china/cer-synthetic.model');
  it('derives the (P, MAC) points of Eq. 5-8 as numpy does, to 1e-10', () => {
    const pts = out.tables.find((t) => t.name === 'm_points')!.rows;
    for (const s of fx.series) {
      const mine = pts.filter((r) => r['member'] === s.region);
      expect(mine).toHaveLength(s.P.length);
      mine.forEach((r, i) => {
        expect(r['P'] as number).toBeCloseTo(s.P[i]!, 10);
        expect((r['mac'] as number) - s.mac[i]!).toBeCloseTo(0, 7);
      });
    }
  });
  it('picks the form with the best R² and integrates it (Eq. 9): cost at P0 = 25 % equals the closed form of the fixture fit', () => {
    const r2 = valuesOf(out, 'cost_before');
    for (const s of fx.series) {
      const forms = { quadratic: s.quadratic, log: s.log, power: s.power_loglog };
      const [bestForm, best] = Object.entries(forms).reduce((a, b) => (b[1].r2 > a[1].r2 ? b : a));
      const row = out.tables.find((t) => t.name === 'allocation')!.rows.find((r) => r['r'] === s.region)!;
      expect(row['r2'] as number).toBeCloseTo(best.r2, 10);
      expect(bestForm).toBe('quadratic');
      const [a, b, c] = best.coef as [number, number, number];
      const P = 0.25;
      expect(r2.get(s.region) as number).toBeCloseTo((a / 3) * P ** 3 + (b / 2) * P ** 2 + c * P, 8);
    }
  });
  it('allocates, shares and settles: transfers sum to zero and the saving is positive', () => {
    const t = [...valuesOf(out, 'transfer').values()] as number[];
    expect(Math.abs(t.reduce((x, y) => x + y, 0))).toBeLessThan(1e-9);
    expect(scalar(out, 'saving_pct')).toBeGreaterThan(0);
  });
});
