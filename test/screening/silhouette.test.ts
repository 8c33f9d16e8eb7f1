// Silhouette (Eq. 1–3) pinned to sklearn.metrics.silhouette_samples / silhouette_score to 1e-10, including a
// one-member cluster (scored 0, as scikit-learn) and a = b = 0 points. chooseK pinned on the enumerated
// SSE-optimal partitions in study.json. Fixtures: silhouette.json, kmeans.json, study.json.
import { describe, expect, it } from 'vitest';
import {
  chooseK,
  pickBestK,
  pairwiseDistances,
  silhouetteSamples,
  silhouetteSamplesFromDistances,
  silhouetteScore,
} from '../../solvers/silhouette.ts';
import { pointSet, pointsFromRows } from '../../solvers/kmeans.ts';
import { SolverError } from '../../execute/errors.ts';
import { expectAllClose, expectClose, loadFixture } from './fixtures.ts';

const S = loadFixture('silhouette.json');
const K = loadFixture('kmeans.json');

describe('silhouette vs scikit-learn', () => {
  for (const c of S.cases) {
    it(c.name, () => {
      const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
      expectAllClose(silhouetteSamples(pts, c.labels), c.samples, 1e-10, 'samples (streamed)');
      const D = pairwiseDistances(pts);
      expectAllClose(silhouetteSamplesFromDistances(D, c.n, c.labels), c.samples, 1e-10, 'samples (from matrix)');
      expectClose(silhouetteScore(pts, c.labels), c.score, 1e-10, 'score');
    });
  }

  it('a one-member cluster scores exactly 0', () => {
    const c = S.cases.find((x: { name: string }) => x.name === 'with_singleton');
    const s = silhouetteSamples(pointSet(Float64Array.from(c.X), c.n, c.d), c.labels);
    expect(s[7]).toBe(0);
  });

  it('matches Eq. 3 case by case on a hand-checkable example', () => {
    // points on a line: 0, 1 | 4  → for point 0: a = 1, b = 4 → s = 1 − a/b = 0.75 (a < b case)
    const pts = pointsFromRows([[0], [1], [4], [10]]);
    const s = silhouetteSamples(pts, [0, 0, 1, 1]);
    expectClose(s[0]!, 1 - 1 / 7, 1e-15, 'point 0'); // b = mean(|0−4|, |0−10|) = 7
    // point 2 (value 4): a = 6, b = mean(4, 3) = 3.5 → a > b: s = b/a − 1
    expectClose(s[2]!, 3.5 / 6 - 1, 1e-15, 'point 2');
  });

  it('distance matrix is symmetric with a zero diagonal', () => {
    const c = S.cases[0];
    const D = pairwiseDistances(pointSet(Float64Array.from(c.X), c.n, c.d));
    for (let i = 0; i < c.n; i += 37) {
      expect(D[i * c.n + i]).toBe(0);
      for (let j = 0; j < c.n; j += 41) expect(D[i * c.n + j]).toBe(D[j * c.n + i]);
    }
  });

  it('rejects label vectors outside 2..n−1 clusters', () => {
    const pts = pointsFromRows([[0], [1], [2]]);
    const code = (labels: number[]) => {
      try {
        silhouetteSamples(pts, labels);
      } catch (e) {
        expect(e).toBeInstanceOf(SolverError);
        return (e as SolverError).code;
      }
      return 'no error';
    };
    expect(code([0, 0, 0])).toBe('R711');
    expect(code([0, 1, 2])).toBe('R711');
    expect(code([0, 1])).toBe('R710');
    expect(() => silhouetteSamplesFromDistances(new Float64Array(4), 3, [0, 0, 1])).toThrow(SolverError);
  });
});

describe('chooseK', () => {
  it('returns the full k → silhouette table and the best k on the small9 set', () => {
    const c = K.optimum.find((x: { name: string }) => x.name === 'small9_k3');
    const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
    const r = chooseK(pts, 2, 4, { seed: 5 });
    expect(r.table.map((row) => row.k)).toEqual([2, 3, 4]);
    // each row's partition is the enumerated SSE optimum, so its silhouette equals scikit-learn's of that partition
    for (const row of r.table) {
      const ref = K.optimum.find((x: { name: string }) => x.name === `small9_k${row.k}`);
      expectClose(row.inertia, ref.inertia, 1e-10, `inertia k=${row.k}`);
      expectClose(row.silhouette, silhouetteScore(pts, ref.labels), 1e-12, `silhouette k=${row.k}`);
    }
    const bestSil = Math.max(...r.table.map((row) => row.silhouette));
    expect(r.best.silhouette).toBe(bestSil);
    expect(r.bestK).toBe(r.table.find((row) => row.silhouette === bestSil)!.k);
  });

  it('breaks ties towards the smaller k', () => {
    expect(
      pickBestK([
        { k: 3, silhouette: 0.4 },
        { k: 2, silhouette: 0.4 },
        { k: 4, silhouette: 0.3 },
      ]).k,
    ).toBe(2);
    expect(
      pickBestK([
        { k: 2, silhouette: 0.4 },
        { k: 3, silhouette: 0.4 + 1e-14 },
      ]).k,
    ).toBe(2);
    expect(
      pickBestK([
        { k: 2, silhouette: 0.4 },
        { k: 3, silhouette: 0.4 + 1e-9 },
      ]).k,
    ).toBe(3);
    // A real tie: singletons s1, s2 and a tight pair P, all inter-cluster distances 2. The partitions
    // {s1} {s2} {P} (k = 3) and {s1, s2} {P} (k = 2) have the same silhouette (1 − e)/2 up to rounding.
    const e = 0.1;
    const y = Math.sqrt(3 - e * e);
    const pts = pointsFromRows([
      [-1, 0, 0],
      [1, 0, 0],
      [0, y, e],
      [0, y, -e],
    ]);
    const s3 = silhouetteScore(pts, [0, 1, 2, 2]);
    const s2 = silhouetteScore(pts, [0, 0, 1, 1]);
    expectClose(s3, (1 - e) / 2, 1e-12, 'k = 3');
    expectClose(s2, (1 - e) / 2, 1e-12, 'k = 2');
    expect(
      pickBestK([
        { k: 3, silhouette: s3 },
        { k: 2, silhouette: s2 },
      ]).k,
    ).toBe(2);
  });

  it('skips k above the number of distinct points', () => {
    const pts = pointsFromRows([[0], [0], [5], [5], [9]]);
    const r = chooseK(pts, 2, 4, { seed: 1 });
    expect(r.skipped).toEqual([4]);
    expect(r.table.map((row) => row.k)).toEqual([2, 3]);
    expect(r.bestK).toBe(3); // {0,0} {5,5} {9}
  });

  it('refuses ranges the silhouette cannot score (n = 2 has no admissible k)', () => {
    const two = pointsFromRows([[0], [1]]);
    expect(() => chooseK(two, 2, 1, { seed: 1 })).toThrow(SolverError);
    const four = pointsFromRows([[0], [1], [2], [3]]);
    expect(() => chooseK(four, 1, 3, { seed: 1 })).toThrow(SolverError);
    expect(() => chooseK(four, 2, 4, { seed: 1 })).toThrow(SolverError);
  });
});
