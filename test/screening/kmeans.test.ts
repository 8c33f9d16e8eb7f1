// k-means: Lloyd from fixed centres pinned to scikit-learn KMeans(init=centres, n_init=1, algorithm='lloyd')
// to 1e-10 (labels exactly, centres, inertia, n_iter_); k-means++ with restarts pinned to the global optimum
// (enumeration, or scikit-learn with 100 starts on well-separated blobs). Fixture: kmeans.json.
import { describe, expect, it } from 'vitest';
import {
  canonicalLabels,
  countDistinct,
  kmeans,
  kmeansFromCentres,
  kmeansPlusPlus,
  pointSet,
  pointsFromRows,
} from '../../solvers/kmeans.ts';
import { createRng } from '../../solvers/random.ts';
import { expectAllClose, expectClose, loadFixture, errorCode } from './fixtures.ts';

const K = loadFixture('kmeans.json');

describe('Lloyd from given centres vs scikit-learn', () => {
  for (const c of K.lloyd) {
    it(c.name, () => {
      const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
      const r = kmeansFromCentres(pts, Float64Array.from(c.init), { tol: c.tol, maxIter: c.maxIter });
      expect(Array.from(r.labels)).toEqual(c.expected.labels);
      expectAllClose(r.centres, c.expected.centres, 1e-10, 'centres');
      expectClose(r.inertia, c.expected.inertia, 1e-10, 'inertia');
      expect(r.iterations).toBe(c.expected.iterations);
      expect(r.converged).toBe(c.name !== 'uniform_max_iter_2'); // that case stops at maxIter = 2
    });
  }

  it('relocates an empty cluster to the point farthest from its centre', () => {
    const c = K.lloyd.find((x: { name: string }) => x.name === 'empty_cluster_relocation');
    const r = kmeansFromCentres(pointSet(Float64Array.from(c.X), c.n, c.d), Float64Array.from(c.init));
    // the far-away initial centre (50, 50) ends up owning real points
    expect(r.labels.includes(3)).toBe(true);
    expect(Math.abs(r.centres[6]!)).toBeLessThan(10);
  });
});

describe('k-means++ with restarts', () => {
  for (const c of K.optimum) {
    it(`${c.name}: reaches the reference optimum (${c.source})`, () => {
      const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
      const r = kmeans(pts, c.k, { seed: 11, restarts: 10 });
      expectClose(r.inertia, c.inertia, 1e-10, 'inertia');
      expect(Array.from(canonicalLabels(r.labels))).toEqual(Array.from(canonicalLabels(c.labels)));
      // best-of-R: the kept run is the minimum over the restarts
      expect(r.inertia).toBe(Math.min(...r.restartInertias));
    });
  }

  it('is bit-reproducible for a seed and changes with the seed', () => {
    const c = K.optimum.find((x: { name: string }) => x.name === 'blobs_k5');
    const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
    const a = kmeans(pts, 5, { seed: 3, restarts: 3 });
    const b = kmeans(pts, 5, { seed: 3, restarts: 3 });
    expect(Array.from(a.restartInertias)).toEqual(Array.from(b.restartInertias));
    expect(Array.from(a.centres)).toEqual(Array.from(b.centres));
    const rngA = createRng(1);
    const rngB = createRng(2);
    expect(Array.from(kmeansPlusPlus(pts, 5, rngA))).not.toEqual(Array.from(kmeansPlusPlus(pts, 5, rngB)));
  });

  it('k-means++ seeds are distinct data points', () => {
    const c = K.lloyd.find((x: { name: string }) => x.name === 'likert_rows_init');
    const pts = pointSet(Float64Array.from(c.X), c.n, c.d);
    const centres = kmeansPlusPlus(pts, 8, createRng(5));
    const rows = new Set<string>();
    for (let i = 0; i < c.n; i++) rows.add(Array.from(pts.data.subarray(i * c.d, (i + 1) * c.d)).join());
    const seeds = new Set<string>();
    for (let k = 0; k < 8; k++) {
      const s = Array.from(centres.subarray(k * c.d, (k + 1) * c.d)).join();
      expect(rows.has(s)).toBe(true);
      seeds.add(s);
    }
    expect(seeds.size).toBe(8);
  });
});

describe('edge cases and input checks', () => {
  const code = errorCode;

  it('k = n puts every point in its own cluster with zero inertia', () => {
    const pts = pointsFromRows([
      [0, 0],
      [1, 0],
      [0, 5],
    ]);
    const r = kmeans(pts, 3, { seed: 1 });
    expect(new Set(r.labels).size).toBe(3);
    expect(r.inertia).toBe(0);
  });

  it('k = 1 gives the grand mean', () => {
    const pts = pointsFromRows([
      [0, 0],
      [2, 0],
      [1, 3],
    ]);
    const r = kmeans(pts, 1, { seed: 1, restarts: 1 });
    expect(Array.from(r.centres)).toEqual([1, 1]);
  });

  it('rejects bad shapes, bad k, non-finite data and too few distinct points', () => {
    expect(code(() => pointSet(new Float64Array(5), 2, 3))).toBe('R700');
    expect(code(() => pointSet(Float64Array.from([1, Number.NaN]), 1, 2))).toBe('R701');
    const pts = pointsFromRows([[1], [1], [1], [2]]);
    expect(countDistinct(pts)).toBe(2);
    expect(code(() => kmeans(pts, 5, { seed: 1 }))).toBe('R702');
    expect(code(() => kmeans(pts, 3, { seed: 1 }))).toBe('R705');
    expect(code(() => kmeansFromCentres(pts, Float64Array.from([1, 2, 3, 4, 5])))).toBe('R702');
    expect(code(() => kmeans(pts, 2, { seed: 1.5 }))).toBe('R704');
    expect(code(() => kmeans(pts, 2, { seed: 1, restarts: 0 }))).toBe('R704');
  });

  it('canonicalLabels renumbers by first appearance', () => {
    expect(Array.from(canonicalLabels([4, 4, 1, 9, 1]))).toEqual([0, 0, 1, 2, 1]);
  });
});
