import { describe, expect, it } from 'vitest';
import {
  alignWeights,
  checkSymmetry,
  distanceBandWeights,
  distanceMatrix,
  economicDistanceWeights,
  economicGeographicWeights,
  inverseDistanceWeights,
  islands,
  isRowStandardized,
  knnWeights,
  nestedWeights,
  rowStandardize,
  symmetrizingScale,
  weightsFromDense,
  weightsFromEdges,
  weightsSummary,
} from '../../solvers/spatial/weights.ts';
import { csrFromTriplets, csrGet, csrMatVec, csrToDense, csrTranspose, panelLag } from '../../solvers/spatial/csr.ts';
import { SolverError } from '../../execute/errors.ts';
import { createRng } from '../../solvers/random.ts';
import { loadFixture, loadW } from './helpers.ts';

const fx = loadFixture('weights_moran.json');

function neighbourSets(W: ReturnType<typeof knnWeights>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < W.n; i++) out.push(Array.from(W.col.subarray(W.rowPtr[i]!, W.rowPtr[i + 1]!)).map((j) => j + 1));
  return out;
}

function expectDenseClose(W: ReturnType<typeof knnWeights>, rows: number[][], rtol: number): void {
  const D = csrToDense(W);
  const n = W.n;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const e = rows[i]![j]!;
      const a = D[i * n + j]!;
      const d = Math.abs(a - e) / Math.max(Math.abs(e), 1e-300);
      if (e === 0) expect(a).toBe(0);
      else worst = Math.max(worst, d);
    }
  }
  expect(worst).toBeLessThan(rtol);
}

describe('CSR basics', () => {
  it('sums duplicates, drops zeros, sorts columns, transposes', () => {
    const W = csrFromTriplets(3, [0, 0, 2, 1, 0], [2, 1, 0, 1, 2], [1, 2, 3, 0, 4], ['a', 'b', 'c']);
    expect(Array.from(W.rowPtr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(W.col)).toEqual([1, 2, 0]);
    expect(Array.from(W.val)).toEqual([2, 5, 3]);
    const Wt = csrTranspose(W);
    expect(csrGet(Wt, 2, 0)).toBe(5);
    expect(csrGet(Wt, 0, 2)).toBe(3);
    expect(csrGet(Wt, 1, 0)).toBe(2);
    const out = csrMatVec(W, [1, 10, 100], new Float64Array(3));
    expect(Array.from(out)).toEqual([520, 0, 3]);
  });

  it('lags a time-major panel period by period', () => {
    const W = weightsFromEdges(
      ['a', 'b', 'c'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c', weight: 2 },
        { from: 'c', to: 'a', weight: 0.5 },
      ],
    );
    const x = Float64Array.from([1, 2, 3, 10, 20, 30]);
    expect(Array.from(panelLag(W, x, 2))).toEqual([2, 6, 0.5, 20, 60, 5]);
  });
});

describe('builders', () => {
  it('edge list: names an unknown unit and suggests the closest', () => {
    const units = ['Harbin', 'Changchun', 'Shenyang'];
    try {
      weightsFromEdges(units, [
        { from: 'Harbin', to: 'Changchun' },
        { from: 'Shenyng', to: 'Harbin' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SolverError);
      const err = e as SolverError;
      expect(err.code).toBe('R508');
      expect(err.message).toContain('edge 2');
      expect(err.message).toContain('"Shenyng"');
      expect(err.hint).toContain('"Shenyang"');
    }
    expect(() => weightsFromEdges(units, [{ from: 'Harbin', to: 'Harbin' }])).toThrow(/own neighbour/);
    expect(() =>
      weightsFromEdges(units, [
        { from: 'Harbin', to: 'Shenyang' },
        { from: 'Harbin', to: 'Shenyang' },
      ]),
    ).toThrow(/more than once/);
    const S = weightsFromEdges(units, [{ from: 'Harbin', to: 'Shenyang', weight: 2 }], { symmetric: true });
    expect(csrGet(S, 2, 0)).toBe(2);
  });

  it('dense rows: rejects ragged input with the unit name', () => {
    expect(() => weightsFromDense(['a', 'b'], [[0, 1], [1]])).toThrow(/row 2 \("b"\)/);
    const W = weightsFromDense(['a', 'b'], Float64Array.from([0, 1, 0.5, 0]));
    expect(csrGet(W, 1, 0)).toBe(0.5);
  });

  it('k-nearest neighbours match spdep::knearneigh (Euclidean)', () => {
    const W = knnWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, 4);
    expect(neighbourSets(W)).toEqual(fx.knn4);
    expect(W.names).toEqual(fx.points.ids);
  });

  it('k-nearest neighbours on lon/lat match spdep::knearneigh(longlat = TRUE)', () => {
    const ll = fx.lonlat;
    const W = knnWeights(ll.ids, { x: ll.lon, y: ll.lat, lonlat: true }, 5);
    expect(neighbourSets(W)).toEqual(fx.knn5_lonlat_spdep);
  });

  it('the grid search used above 2000 planar points equals an exhaustive scan, ties included', () => {
    const N = 3000;
    const rng = createRng(17);
    const ids = Array.from({ length: N }, (_, i) => `u${i}`);
    // half the points on a coarse lattice, so exact distance ties occur
    const x = Float64Array.from({ length: N }, (_, i) => (i % 2 ? Math.floor(rng.uniform() * 40) / 40 : rng.uniform()));
    const y = Float64Array.from({ length: N }, (_, i) => (i % 2 ? Math.floor(rng.uniform() * 40) / 40 : rng.uniform()));
    const W = knnWeights(ids, { x, y }, 5);
    const d = new Float64Array(N);
    for (let i = 0; i < N; i += 7) {
      for (let j = 0; j < N; j++) d[j] = Math.sqrt((x[j]! - x[i]!) ** 2 + (y[j]! - y[i]!) ** 2);
      const want = Array.from({ length: N }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => d[a]! - d[b]! || a - b)
        .slice(0, 5)
        .sort((a, b) => a - b);
      expect(Array.from(W.col.subarray(W.rowPtr[i]!, W.rowPtr[i + 1]!))).toEqual(want);
    }
  });

  it('haversine distances match the formula evaluated in R', () => {
    const ll = fx.lonlat;
    const D = distanceMatrix(ll.ids, { x: ll.lon, y: ll.lat, lonlat: true });
    const m = ll.ids.length;
    let worst = 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        if (i !== j) worst = Math.max(worst, Math.abs(D[i * m + j]! - fx.haversine[i][j]) / fx.haversine[i][j]);
    expect(worst).toBeLessThan(1e-12);
  });

  it('distance band matches spdep::dnearneigh', () => {
    const W = distanceBandWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, { upper: 2.5 });
    expect(neighbourSets(W)).toEqual(fx.band25);
  });

  it('inverse distance with power and cutoff', () => {
    const W = inverseDistanceWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, { power: 2, cutoff: 3 });
    expectDenseClose(W, fx.invd2_cut3, 1e-13);
    expect(() => inverseDistanceWeights(['a', 'b'], { x: [0, 0], y: [1, 1] })).toThrow(/same coordinates/);
  });

  it('economic distance, nested and economic-geographic matrices match their formulas', () => {
    const ll = fx.lonlat;
    const We = economicDistanceWeights(ll.ids, ll.gdp);
    expectDenseClose(We, fx.econ, 1e-13);
    const Wd = inverseDistanceWeights(ll.ids, { x: ll.lon, y: ll.lat, lonlat: true });
    expectDenseClose(nestedWeights(Wd, We), fx.nested_phi05, 1e-12);
    expectDenseClose(nestedWeights(Wd, We, { phi: 0.3 }), fx.nested_phi03, 1e-12);
    expectDenseClose(economicGeographicWeights(Wd, ll.gdp), fx.econgeo, 1e-12);
    expect(() => economicDistanceWeights(['a', 'b', 'c'], [1, 2, 1])).toThrow(/"a" and "c"/);
    expect(economicDistanceWeights(['a', 'b', 'c'], [1, 2, 1], { ties: 'skip' }).val.length).toBe(4);
  });
});

describe('diagnostics', () => {
  it('row-standardisation, islands, symmetry and the symmetrizing scale', () => {
    const B = loadW('usa46.json');
    expect(checkSymmetry(B).symmetric).toBe(true);
    expect(isRowStandardized(B)).toBe(false);
    const W = rowStandardize(B);
    expect(isRowStandardized(W)).toBe(true);
    const rep = checkSymmetry(W);
    expect(rep.symmetric).toBe(false);
    expect(rep.pairs.length).toBeGreaterThan(0);
    // D·W symmetric with D = original row sums (up to a common factor per component)
    const d = symmetrizingScale(W)!;
    expect(d).not.toBeNull();
    for (let i = 0; i < W.n; i++) {
      for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++) {
        const j = W.col[p]!;
        expect(Math.abs(d[i]! * W.val[p]! - d[j]! * csrGet(W, j, i))).toBeLessThan(1e-12 * d[i]!);
      }
    }
    // kNN weights are not symmetrizable in general
    const K = rowStandardize(knnWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, 4));
    expect(symmetrizingScale(K)).toBeNull();
    const isl = distanceBandWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, { upper: 1.0 });
    expect(islands(rowStandardize(isl))).toEqual(fx.islands.names);
    const s = weightsSummary(isl);
    expect(s.islands).toEqual(fx.islands.names);
    expect(s.n).toBe(60);
  });

  it('aligns W to the data order by name and names the missing units', () => {
    const W = loadW('usaww.json');
    const order = [...W.names].reverse();
    const A = alignWeights(W, order);
    const n = W.n;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(csrGet(A, i, j)).toBe(csrGet(W, n - 1 - i, n - 1 - j));
    try {
      alignWeights(W, [...W.names.slice(0, 47), 'PUERTO RICO']);
      expect.unreachable();
    } catch (e) {
      const err = e as SolverError;
      expect(err.code).toBe('R522');
      expect(err.message).toContain('"PUERTO RICO"');
      expect(err.message).toContain(`"${W.names[47]}"`);
    }
    const dropped = alignWeights(W, W.names.slice(1), { extra: 'drop' });
    expect(dropped.n).toBe(47);
  });
});
