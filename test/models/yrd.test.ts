// The YRD screening study (seed 000) run from models/yrd-collaboration/yrd.model, pinned to the scikit-learn /
// SciPy fixture of the same data (spec/conformance/screening/make_fixtures.py → study.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel, scalar } from './run-model.ts';

const study = JSON.parse(readFileSync('spec/conformance/screening/study.json', 'utf8')) as {
  codes: string[];
  cv1: number[];
  categories: Array<{
    category: string;
    items: string[];
    bestK: number;
    table: Array<{ k: number; labels: number[]; silhouette: number }>;
    kw: { H: number; p: number };
  }>;
};

/** Two labelings are the same partition up to renaming clusters. */
function samePartition(a: number[], b: number[]): boolean {
  const ab = new Map<number, number>(),
    ba = new Map<number, number>();
  return a.every((x, i) => {
    const y = b[i]!;
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false;
    ab.set(x, y);
    ba.set(y, x);
    return true;
  });
}

describe('YRD screening model', async () => {
  const out = await runModel('models/yrd-collaboration/yrd.model');
  it('computes every item CV (Eq. 4, sd with n - 1) as numpy does, to 1e-10', () => {
    const survey = out.tables.find((t) => t.name === 'experts')!;
    study.codes.forEach((code, i) =>
      expect(survey.rows.find((r) => r['item'] === code)!['cv'] as number).toBeCloseTo(study.cv1[i]!, 10),
    );
  });
  it('chooses k by the largest mean silhouette, with the same silhouettes and partitions as scikit-learn', () => {
    const sil = out.tables.find((t) => t.name === 'factors_silhouette')!.rows;
    const screen = out.tables.find((t) => t.name === 'factors')!.rows;
    for (const c of study.categories) {
      for (const row of c.table) {
        const mine = sil.find((r) => r['group'] === c.category && r['k'] === row.k)!;
        expect(mine['silhouette'] as number).toBeCloseTo(row.silhouette, 10);
      }
      expect(sil.find((r) => r['group'] === c.category && r['chosen'] === 'yes')!['k']).toBe(c.bestK);
      const best = c.table.find((r) => r.k === c.bestK)!;
      const labels = c.items.map((it) => screen.find((r) => r['item'] === it)!['cluster'] as number);
      expect(samePartition(labels, best.labels)).toBe(true);
    }
  });
  it('tests the clustering with Kruskal–Wallis as scipy.stats.kruskal does (pooled scores), to 1e-10', () => {
    const kw = out.tables.find((t) => t.name === 'factors_kruskal')!.rows;
    for (const c of study.categories) {
      const mine = kw.find((r) => r['group'] === c.category)!;
      expect(mine['H'] as number).toBeCloseTo(c.kw.H, 10);
      expect((mine['p'] as number) / c.kw.p).toBeCloseTo(1, 10);
    }
  });
  it('keeps the lowest-CV item of each cluster; on the planted synthetic data all 20 decisions match Table 5', () => {
    expect(scalar(out, 'retained')).toBe(15);
    expect(scalar(out, 'agreement')).toBe(20);
    const deleted = out.tables
      .find((t) => t.name === 'factors')!
      .rows.filter((r) => r['decision'] === 'Delete')
      .map((r) => r['item']);
    expect(deleted).toEqual(['A3', 'B3', 'C4', 'D5', 'E3']);
  });
});
