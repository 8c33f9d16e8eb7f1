// Charts declared in a model's report show exactly the results they come from.
import { describe, expect, it } from 'vitest';
import { runModel, valuesOf } from './run-model.ts';
import { buildReportDoc } from '../../report/results.ts';
import { chartBlocks } from '../../report/doc.ts';

describe('report charts are views of the results', async () => {
  const out = await runModel('models/cer-china/cer.model', '1.5C-2030');
  const doc = buildReportDoc([{ scenario: '1.5C-2030', output: out }], '2026-01-01');
  const charts = new Map(chartBlocks(doc).map((b) => [b.id, b.chart]));

  it('Fig. 1: one curve per region over its feasible range, the optimum marked at P* with the marginal cost there', () => {
    const fig1 = charts.get('fig1')!;
    expect(fig1.type).toBe('line');
    if (fig1.type !== 'line') return;
    const table = out.tables.find((t) => t.name === 'mac_curves')!;
    expect(fig1.data).toHaveLength(table.rows.length);
    fig1.data.forEach((p, i) => {
      expect(p['P']).toBe(table.rows[i]!['P']);
      expect(p['mac']).toBe(table.rows[i]!['mac']);
      expect(typeof p['P']).toBe('number');
    });
    expect(new Set(fig1.data.map((p) => p['r'])).size).toBe(7);
    const pAfter = valuesOf(out, 'P_after');
    expect(fig1.marks).toHaveLength(7);
    for (const m of fig1.marks!) expect(m.x).toBeCloseTo(100 * (pAfter.get(m.series!) as number), 12);
    // interior regions sit at the shadow price (the multiplier equalises marginal cost per tonne)
    const price = valuesOf(out, 'shadow_price').get('') as number;
    const interior = fig1.marks!.filter((m) => m.x > 40 && m.x < 77);
    expect(interior.length).toBeGreaterThan(0);
    for (const m of interior) expect(m.y).toBeCloseTo(price, 6);
  });

  it('Fig. 2: every coalition containing North China with its worth', () => {
    const fig2 = charts.get('fig2')!;
    expect(fig2.type).toBe('dot');
    if (fig2.type !== 'dot') return;
    expect(fig2.data).toHaveLength(64);
    const table = out.tables.find((t) => t.name === 'coop_coalitions')!;
    fig2.data.forEach((p, i) => expect(p['value']).toBe(table.rows[i]!['value']));
  });

  it('savings and Shapley bars equal the results', () => {
    const bars = charts.get('savings')!;
    if (bars.type !== 'bar') throw new Error('expected a bar chart');
    const shap = out.tables.find((t) => t.name === 'coop')!.rows;
    for (const row of shap) {
      const bar = bars.data.find((p) => p['q'] === 'shapley' && p['r'] === row['player'])!;
      expect(bar['value']).toBe(row['shapley']);
    }
  });
});
