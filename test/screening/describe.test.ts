// Descriptive statistics pinned against NumPy / SciPy (describe.json) and R's quantile() (quantiles.json), 1e-10.
import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  columnCvs,
  columnMeans,
  columnSds,
  cv,
  mean,
  median,
  quantile,
  screenByScore,
  sd,
  summary,
  variance,
  type QuantileType,
} from '../../solvers/describe.ts';
import { SolverError } from '../../execute/errors.ts';
import { expectAllClose, expectClose, loadFixture, errorCode } from './fixtures.ts';

const D = loadFixture('describe.json');
const Q = loadFixture('quantiles.json');

describe('mean / variance / sd / cv vs NumPy', () => {
  for (const c of D.cases) {
    it(c.name, () => {
      const x = Float64Array.from(c.x as number[]);
      expectClose(mean(x), c.mean, 1e-10, 'mean');
      expectClose(variance(x), c.var1, 1e-10, 'var ddof 1');
      expectClose(variance(x, 0), c.var0, 1e-10, 'var ddof 0');
      expectClose(sd(x), c.sd1, 1e-10, 'sd ddof 1');
      expectClose(sd(x, 0), c.sd0, 1e-10, 'sd ddof 0');
      expectClose(cv(x), c.cv1, 1e-10, 'cv ddof 1');
      expectClose(cv(x, 0), c.cv0, 1e-10, 'cv ddof 0');
      const r = averageRanks(x);
      expectAllClose(r.ranks, c.ranks, 0, 'average ranks');
      expect(r.tieSum).toBe(c.tieSum);
    });
  }

  it('keeps full precision for data with a large offset (two-pass variance)', () => {
    const c = D.cases.find((k: { name: string }) => k.name === 'large_offset');
    // relative 1e-10 on a variance of ~1 around a mean of 1e9: a one-pass formula loses every digit here
    expect(Math.abs(variance(c.x) - c.var1) / c.var1).toBeLessThan(1e-8);
  });
});

describe('column-wise statistics of a respondents × items matrix', () => {
  it('matches NumPy column means, sds and CVs (Eq. 4)', () => {
    const m = D.matrix;
    const data = Float64Array.from(m.data as number[]);
    expectAllClose(columnMeans(data, m.rows, m.cols), m.colMeans, 1e-10, 'col means');
    expectAllClose(columnSds(data, m.rows, m.cols), m.colSd1, 1e-10, 'col sd');
    expectAllClose(columnCvs(data, m.rows, m.cols), m.colCv1, 1e-10, 'col cv ddof 1');
    expectAllClose(columnCvs(data, m.rows, m.cols, 0), m.colCv0, 1e-10, 'col cv ddof 0');
  });
  it('rejects a shape mismatch', () => {
    expect(() => columnMeans(new Float64Array(5), 2, 3)).toThrow(SolverError);
  });
});

describe('Hyndman–Fan quantiles, types 1–9, vs R', () => {
  for (const c of Q.cases) {
    it(c.name, () => {
      for (let t = 1; t <= 9; t++) {
        const got = quantile(c.x as number[], Q.probs as number[], t as QuantileType);
        expectAllClose(got, c.byType[t - 1], 1e-12, `type ${t}`);
      }
    });
  }
  it('median and summary agree with the type-7 quantiles', () => {
    const c = Q.cases.find((k: { name: string }) => k.name === 'normal_23');
    const i50 = (Q.probs as number[]).indexOf(0.5);
    expectClose(median(c.x), c.byType[6][i50], 1e-12, 'median');
    const s = summary(c.x);
    expectClose(s.q1, c.byType[6][(Q.probs as number[]).indexOf(0.25)], 1e-12, 'q1');
    expectClose(s.q3, c.byType[6][(Q.probs as number[]).indexOf(0.75)], 1e-12, 'q3');
    expect(s.n).toBe(23);
  });
});

describe('input checks', () => {
  it('throws SolverError with stable codes', () => {
    const code = errorCode;
    expect(code(() => mean([]))).toBe('R731');
    expect(code(() => sd([1]))).toBe('R731');
    expect(code(() => mean([1, Number.NaN]))).toBe('R730');
    expect(code(() => cv([-1, 1]))).toBe('R733');
    expect(code(() => quantile([1, 2], 1.5))).toBe('R735');
    expect(code(() => quantile([1, 2], 0.5, 10 as QuantileType))).toBe('R734');
    expect(code(() => variance([1, 2, 3], -1))).toBe('R732');
  });
});

describe('screenByScore: the keep rule is data', () => {
  // groups:   0   0   1   1   1   2
  const groups = [0, 0, 1, 1, 1, 2];
  const scores = [0.3, 0.2, 0.5, 0.1, 0.4, 0.9];
  const kept = (r: ReturnType<typeof screenByScore>) => r.decisions.filter((d) => d.keep).map((d) => d.item);

  it('keeps the lowest score per group', () => {
    const r = screenByScore(groups, scores, { by: 'cv', keep: 'lowest', count: 1 });
    expect(kept(r)).toEqual([1, 3, 5]);
    expect(r.decisions[4]!.rankInGroup).toBe(2);
  });
  it('keeps the highest score per group', () => {
    expect(kept(screenByScore(groups, scores, { by: 'mean', keep: 'highest', count: 1 }))).toEqual([0, 2, 5]);
  });
  it('keeps two per group (a smaller group keeps all)', () => {
    expect(kept(screenByScore(groups, scores, { by: 'cv', keep: 'lowest', count: 2 }))).toEqual([0, 1, 3, 4, 5]);
  });
  it('breaks score ties by item order and reports ties at the cut', () => {
    const r = screenByScore([7, 7, 7], [0.2, 0.1, 0.1], { by: 'cv', keep: 'lowest', count: 1 });
    expect(kept(r)).toEqual([1]);
    expect(r.tiedAtCut).toEqual([7]);
  });
  it('rejects malformed rules', () => {
    expect(() => screenByScore([0], [1], { by: 'cv', keep: 'lowest', count: 0 })).toThrow(SolverError);
    expect(() => screenByScore([0], [1, 2], { by: 'cv', keep: 'lowest', count: 1 })).toThrow(SolverError);
    expect(() => screenByScore([0], [1], { by: 'cv', keep: 'middle' as 'lowest', count: 1 })).toThrow(SolverError);
  });
});
