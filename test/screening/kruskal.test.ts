// Kruskal–Wallis pinned to scipy.stats.kruskal (H, p, tie correction) and scipy.stats.rankdata (mean ranks),
// and the χ² upper tail to scipy.stats.chi2.sf — all to 1e-10 (p relative). Fixture: kruskal.json.
import { describe, expect, it } from 'vitest';
import { chiSquareSf, kruskalWallis, kruskalWallisLabelled } from '../../solvers/kruskal.ts';
import { expectAllClose, expectClose, expectRelClose, loadFixture, errorCode } from './fixtures.ts';

const F = loadFixture('kruskal.json');

describe('Kruskal–Wallis vs SciPy', () => {
  for (const c of F.cases) {
    it(c.name, () => {
      const r = kruskalWallis(c.groups);
      expectClose(r.H, c.H, 1e-10, 'H');
      expectRelClose(r.p, c.p, 1e-10, 'p');
      expect(r.df).toBe(c.df);
      expectAllClose(r.meanRanks, c.meanRanks, 1e-12, 'mean ranks');
      expectClose(r.tieCorrection, c.tieCorrection, 1e-14, 'tie correction');
      expectClose(r.H * r.tieCorrection, r.Huncorrected, 1e-12, 'H × correction = uncorrected H');
      expect(Array.from(r.groupSizes)).toEqual(c.groups.map((g: number[]) => g.length));
    });
  }

  it('the labelled form gives the same answer', () => {
    const c = F.cases.find((x: { name: string }) => x.name === 'likert_ties_4');
    const values: number[] = [];
    const labels: number[] = [];
    // interleave the groups so order cannot matter
    const gs: number[][] = c.groups;
    const maxLen = Math.max(...gs.map((g) => g.length));
    for (let i = 0; i < maxLen; i++) {
      gs.forEach((g, gi) => {
        if (i < g.length) {
          values.push(g[i]!);
          labels.push(gi);
        }
      });
    }
    const r = kruskalWallisLabelled(values, labels);
    expectClose(r.H, c.H, 1e-10, 'H');
    expectRelClose(r.p, c.p, 1e-10, 'p');
  });

  it('keeps precision deep in the tail (p far below 1e-16, where 1 − cdf would give 0)', () => {
    const c = F.cases.find((x: { name: string }) => x.name === 'very_significant');
    expect(c.p).toBeLessThan(1e-30);
    expectRelClose(kruskalWallis(c.groups).p, c.p, 1e-10, 'p');
  });
});

describe('chi-square upper tail vs scipy.stats.chi2.sf', () => {
  for (const g of F.chi2sf) {
    it(`sf(${g.x}, ${g.df})`, () => expectRelClose(chiSquareSf(g.x, g.df), g.sf, 1e-10, 'sf'));
  }
  it('sf(0) = 1 and sf of a negative value = 1', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-2, 3)).toBe(1);
  });
});

describe('input checks', () => {
  const code = errorCode;
  it('throws SolverError with stable codes', () => {
    expect(code(() => kruskalWallis([[1, 2, 3]]))).toBe('R721');
    expect(code(() => kruskalWallis([[1, 2], []]))).toBe('R722');
    expect(
      code(() =>
        kruskalWallis([
          [2, 2],
          [2, 2, 2],
        ]),
      ),
    ).toBe('R725');
    expect(code(() => kruskalWallis([[1, Number.NaN], [2]]))).toBe('R723');
    expect(code(() => kruskalWallisLabelled([1, 2, 3], [0, 2, 2]))).toBe('R722');
    expect(code(() => kruskalWallisLabelled([1, 2, 3], [0, 1]))).toBe('R724');
    expect(code(() => chiSquareSf(1, 0))).toBe('R720');
  });
});
