// The shared Durbin column builder (solvers/spatial/durbin.ts) against a dense computation, for the static layout
// (all periods) and the dynamic one (the first period dropped, lags in front).
import { describe, expect, it } from 'vitest';
import { SPATIAL_MODELS } from '../../spec/spatial-models.ts';
import { durbinIndex, durbinTerms, writeRegressorBlock } from '../../solvers/spatial/durbin.ts';
import { SolverError } from '../../solvers/errors.ts';
import { weightsFromDense } from '../../solvers/spatial/weights.ts';

// 3 units, 4 periods, 3 regressors; an asymmetric, not row-standardised W (so W·x and Wᵀ·x differ)
const units = ['a', 'b', 'c'];
const Wd = [
  [0, 2, 0],
  [0.5, 0, 0.25],
  [1, 3, 0],
];
const W = weightsFromDense(units, Wd);
const N = 3;
const T0 = 4;
const k = 3;
const names = ['x1', 'x2', 'x3'];
// X[r, c] = 100·c + 10·t + i + 1 (time-major rows r = t·N + i): every entry distinct
const X = Float64Array.from({ length: N * T0 * k }, (_, q) => {
  const r = Math.floor(q / k);
  return 100 * (q % k) + 10 * Math.floor(r / N) + (r % N) + 1;
});
const x = (t: number, i: number, c: number) => X[(t * N + i) * k + c]!;
const wx = (t: number, i: number, c: number) => Wd[i]!.reduce((s, w, j) => s + w * x(t, j, c), 0);

describe('durbinTerms', () => {
  it('selects all regressors, none, or a named subset in regressor order without repeats', () => {
    expect(durbinTerms(SPATIAL_MODELS.sdm, names)).toEqual({ cols: [0, 1, 2], names: ['W*x1', 'W*x2', 'W*x3'] });
    expect(durbinTerms(SPATIAL_MODELS.sdem, names, true).cols).toEqual([0, 1, 2]);
    expect(durbinTerms(SPATIAL_MODELS.sdm, names, false)).toEqual({ cols: [], names: [] });
    expect(durbinTerms(SPATIAL_MODELS.sdem, names, ['x3', 'x1', 'x3'])).toEqual({
      cols: [0, 2],
      names: ['W*x1', 'W*x3'],
    });
  });
  it('gives no terms for a model without W·X, whatever the selection (the names are not even checked)', () => {
    for (const m of ['sar', 'sem'] as const) {
      expect(durbinTerms(SPATIAL_MODELS[m], names).cols).toEqual([]);
      expect(durbinTerms(SPATIAL_MODELS[m], names, ['nope']).cols).toEqual([]);
    }
  });
  it('names an unknown Durbin term and the regressors', () => {
    try {
      durbinTerms(SPATIAL_MODELS.sdm, names, ['x2', 'x4']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SolverError);
      expect((e as SolverError).code).toBe('R546');
      expect((e as SolverError).message).toBe('Durbin term "x4" is not one of the regressors "x1", "x2", "x3"');
    }
  });
  it('indexes each regressor’s W·x column from where the block starts', () => {
    const terms = durbinTerms(SPATIAL_MODELS.sdm, names, ['x3', 'x1']);
    expect(Array.from(durbinIndex(terms, k, k))).toEqual([3, -1, 4]);
    expect(Array.from(durbinIndex(terms, k, 5))).toEqual([5, -1, 6]);
    expect(Array.from(durbinIndex(durbinTerms(SPATIAL_MODELS.sar, names), k, k))).toEqual([-1, -1, -1]);
  });
});

describe('writeRegressorBlock', () => {
  it('static layout: [X, W·X_d] over every period', () => {
    const terms = durbinTerms(SPATIAL_MODELS.sdm, names, ['x2', 'x3']);
    const kz = k + 2;
    const Z = new Float64Array(N * T0 * kz);
    writeRegressorBlock(Z, kz, 0, X, k, W, 0, T0, terms);
    for (let t = 0; t < T0; t++)
      for (let i = 0; i < N; i++) {
        const row = Array.from(Z.subarray((t * N + i) * kz, (t * N + i + 1) * kz));
        expect(row).toEqual([x(t, i, 0), x(t, i, 1), x(t, i, 2), wx(t, i, 1), wx(t, i, 2)]);
      }
  });
  it('dynamic layout: periods 2..T after two lag columns, which it leaves alone', () => {
    const terms = durbinTerms(SPATIAL_MODELS.sdm, names);
    const t = T0 - 1;
    const kz = 2 + k + k;
    const Z = new Float64Array(N * t * kz).fill(-7);
    writeRegressorBlock(Z, kz, 2, X, k, W, 1, t, terms);
    for (let s = 0; s < t; s++)
      for (let i = 0; i < N; i++) {
        const row = Array.from(Z.subarray((s * N + i) * kz, (s * N + i + 1) * kz));
        const p = s + 1; // period of the data
        expect(row).toEqual([-7, -7, x(p, i, 0), x(p, i, 1), x(p, i, 2), wx(p, i, 0), wx(p, i, 1), wx(p, i, 2)]);
      }
  });
  it('without Durbin terms writes X only', () => {
    const Z = new Float64Array(N * T0 * k);
    writeRegressorBlock(Z, k, 0, X, k, W, 0, T0, durbinTerms(SPATIAL_MODELS.sem, names));
    expect(Array.from(Z)).toEqual(Array.from(X));
  });
});
