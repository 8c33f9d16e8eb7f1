import { describe, expect, it } from 'vitest';
import { demean, demeanColumns, panelIndex, stackColumn, unitMeans } from '../../solvers/spatial/panel.ts';
import { SolverError } from '../../execute/errors.ts';
import { loadCsv, loadFixture, loadW } from './helpers.ts';

const fx = loadFixture('panel.json');

describe('panel layout and within transformations', () => {
  const W = loadW('usa46.json');
  const rows = loadCsv('cigar.csv');
  // shuffle the long rows: the index must not depend on the input order
  const shuffled = rows
    .map((r, i) => ({ r, k: (i * 7919) % rows.length }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
  const idx = panelIndex(
    shuffled.map((r) => r.state_name!),
    shuffled.map((r) => Number(r.year)),
    { unitOrder: W.names },
  );
  const y = stackColumn(
    shuffled.map((r) => Math.log(Number(r.sales))),
    idx,
  );

  it('indexes long data time-major in W order', () => {
    expect(idx.N).toBe(46);
    expect(idx.T).toBe(30);
    expect(idx.times[0]).toBe('63');
    expect(idx.units).toEqual(W.names);
    const r = shuffled[idx.order[idx.N * 2 + 5]!]!;
    expect(r.state_name).toBe(W.names[5]);
    expect(r.year).toBe('65');
  });

  it('matches plm::Within for individual, time and two-way effects', () => {
    for (const eff of ['individual', 'time', 'twoways'] as const) {
      const d = demean(y, idx.N, idx.T, eff);
      const e: number[] = fx[eff];
      let worst = 0;
      for (let p = 0; p < d.length; p++) worst = Math.max(worst, Math.abs(d[p]! - e[p]!));
      expect(worst, eff).toBeLessThan(1e-13);
    }
    const um = unitMeans(y, idx.N, idx.T);
    um.forEach((v, i) => expect(Math.abs(v - fx.unit_means[i])).toBeLessThan(1e-13));
  });

  it('demeans every column of a row-major matrix', () => {
    const k = 2;
    const X = new Float64Array(y.length * k);
    for (let p = 0; p < y.length; p++) {
      X[p * k] = y[p]!;
      X[p * k + 1] = 2 * y[p]! + 1;
    }
    const D = demeanColumns(X, k, idx.N, idx.T, 'twoways');
    for (let p = 0; p < y.length; p++) {
      expect(Math.abs(D[p * k]! - fx.twoways[p])).toBeLessThan(1e-13);
      expect(Math.abs(D[p * k + 1]! - 2 * fx.twoways[p])).toBeLessThan(1e-12);
    }
  });

  it('names the missing cells of an unbalanced panel and duplicated cells', () => {
    const cut = rows.filter((r) => !(r.state_name === 'Ohio' && r.year === '70'));
    try {
      panelIndex(
        cut.map((r) => r.state_name!),
        cut.map((r) => r.year!),
      );
      expect.unreachable();
    } catch (e) {
      expect((e as SolverError).code).toBe('R533');
      expect((e as SolverError).message).toContain('("Ohio", 70)');
    }
    const dup = [...rows, rows[3]!];
    expect(() =>
      panelIndex(
        dup.map((r) => r.state_name!),
        dup.map((r) => r.year!),
      ),
    ).toThrow(/two rows/);
  });
});
