// Every solver precondition answers with its own code from the diagnostics table (the messages are pinned in
// the solvers' own tests where a number matters; here the code, so each code of the table is exercised).
import { describe, expect, test } from 'vitest';
import { SolverError } from '../../solvers/errors.ts';
import { csrAdd, csrFromTriplets, csrMultiply, panelLag } from '../../solvers/spatial/csr.ts';
import {
  alignWeights,
  distanceBandWeights,
  economicDistanceWeights,
  economicGeographicWeights,
  inverseDistanceWeights,
  knnWeights,
  nestedWeights,
  weightsFromDense,
  weightsFromEdges,
} from '../../solvers/spatial/weights.ts';
import { panelIndex, unitMeans } from '../../solvers/spatial/panel.ts';
import { invert } from '../../solvers/spatial/linalg.ts';
import { brentMaximize } from '../../solvers/spatial/brent.ts';
import { SparseLU } from '../../solvers/spatial/sparselu.ts';
import { IterativeShifted } from '../../solvers/spatial/shifted.ts';
import { estimateTraces, combineTraces } from '../../solvers/spatial/traces.ts';
import { createLogDet } from '../../solvers/spatial/logdet.ts';
import { moranByPeriod, moranTest } from '../../solvers/spatial/moran.ts';
import { panelLMTests } from '../../solvers/spatial/lmtests.ts';
import { kmeans, kmeansFromCentres, pointSet } from '../../solvers/kmeans.ts';
import { silhouetteSamplesFromDistances } from '../../solvers/silhouette.ts';
import { column, cv, quantile, screenByScore, variance } from '../../solvers/describe.ts';
import { coalitionTable, coreCheck, shapleyExact, shapleySampled, tabulate } from '../../solvers/games.ts';
import { fitMac, checkConvex, cubicCost } from '../../solvers/mac.ts';

/** The code a call fails with. */
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SolverError) return e.code;
    throw e;
  }
  throw new Error('did not fail');
}

const units = ['a', 'b', 'c', 'd', 'e'];
const ring = weightsFromEdges(
  units,
  units.map((u, i) => ({ from: u, to: units[(i + 1) % units.length]!, weight: 1 })),
  { symmetric: true },
);
const pts = { x: [0, 1, 2, 3, 4], y: [0, 1, 0, 1, 0], lonlat: false };

const CASES: Array<[code: string, what: string, f: () => unknown]> = [
  // weights
  ['R500', 'fewer unit names than rows', () => csrFromTriplets(3, [], [], [], ['a', 'b'])],
  ['R501', 'a unit twice in a matrix', () => csrFromTriplets(2, [], [], [], ['a', 'a'])],
  ['R501', 'a unit listed twice', () => weightsFromEdges(['a', 'a'], [])],
  ['R502', 'triplets of different lengths', () => csrFromTriplets(2, [0], [1, 0], [1], ['a', 'b'])],
  ['R503', 'an entry outside the matrix', () => csrFromTriplets(2, [0], [2], [1], ['a', 'b'])],
  ['R504', 'a weight that is not finite', () => csrFromTriplets(2, [0], [1], [NaN], ['a', 'b'])],
  [
    'R504',
    'an edge weight that is not finite',
    () => weightsFromEdges(['a', 'b'], [{ from: 'a', to: 'b', weight: Infinity }]),
  ],
  [
    'R504',
    'a dense weight that is not finite',
    () =>
      weightsFromDense(
        ['a', 'b'],
        [
          [0, NaN],
          [1, 0],
        ],
      ),
  ],
  [
    'R505',
    'weights of different sizes added',
    () =>
      csrAdd(
        ring,
        weightsFromDense(
          ['a', 'b'],
          [
            [0, 1],
            [1, 0],
          ],
        ),
      ),
  ],
  [
    'R505',
    'weights of different sizes multiplied',
    () =>
      csrMultiply(
        ring,
        weightsFromDense(
          ['a', 'b'],
          [
            [0, 1],
            [1, 0],
          ],
        ),
      ),
  ],
  ['R505', 'dense weights of the wrong length', () => weightsFromDense(['a', 'b'], Float64Array.of(0, 1, 1))],
  ['R505', 'dense weights with too few rows', () => weightsFromDense(['a', 'b'], [[0, 1]])],
  ['R506', 'weights over differently ordered units', () => csrAdd(ring, alignWeights(ring, ['b', 'a', 'c', 'd', 'e']))],
  ['R507', 'a panel vector of the wrong length', () => panelLag(ring, new Float64Array(7), 2)],
  [
    'R509',
    'an edge given twice',
    () =>
      weightsFromEdges(
        ['a', 'b'],
        [
          { from: 'a', to: 'b' },
          { from: 'a', to: 'b' },
        ],
      ),
  ],
  ['R510', 'a unit its own neighbour', () => weightsFromEdges(['a', 'b'], [{ from: 'a', to: 'a' }])],
  ['R511', 'coordinates of the wrong length', () => knnWeights(units, { x: [0, 1], y: [0, 1], lonlat: false }, 1)],
  [
    'R512',
    'coordinates that are not finite',
    () => knnWeights(['a', 'b'], { x: [0, NaN], y: [0, 1], lonlat: false }, 1),
  ],
  ['R513', 'a latitude out of range', () => knnWeights(['a', 'b'], { x: [0, 1], y: [0, 95], lonlat: true }, 1)],
  ['R514', 'k outside 1..n − 1', () => knnWeights(units, pts, 5)],
  ['R515', 'a band with upper ≤ lower', () => distanceBandWeights(units, pts, { lower: 2, upper: 1 })],
  ['R516', 'a non-positive inverse-distance power', () => inverseDistanceWeights(units, pts, { power: 0 })],
  ['R517', 'two units at one place', () => inverseDistanceWeights(['a', 'b'], { x: [1, 1], y: [2, 2], lonlat: false })],
  ['R518', 'an indicator of the wrong length', () => economicDistanceWeights(units, [1, 2])],
  ['R504', 'an indicator that is not finite', () => economicDistanceWeights(['a', 'b'], [1, NaN])],
  ['R519', 'two units with one indicator', () => economicDistanceWeights(['a', 'b', 'c'], [1, 2, 1])],
  ['R520', 'a nesting weight outside [0, 1]', () => nestedWeights(ring, ring, { phi: 2 })],
  ['R518', 'an indicator of the wrong length (economic-geographic)', () => economicGeographicWeights(ring, [1])],
  ['R521', 'a non-positive indicator (economic-geographic)', () => economicGeographicWeights(ring, [1, 2, 0, 1, 1])],
  [
    'R524',
    'weights without a positive eigenvalue',
    () => createLogDet(csrFromTriplets(2, [0, 1], [0, 1], [-1, -1], ['a', 'b']), { method: 'eigen' }),
  ],
  [
    'R525',
    'weights without a weight',
    () => createLogDet(csrFromTriplets(3, [], [], [], ['a', 'b', 'c']), { method: 'mc' }),
  ],
  // panel layout
  ['R530', 'unit and time columns of different lengths', () => panelIndex(['a', 'b'], [1])],
  ['R530', 'an array of the wrong length', () => unitMeans(new Float64Array(5), 2, 2)],
  ['R531', 'a data unit outside the unit order', () => panelIndex(['a', 'z'], [1, 1], { unitOrder: ['a'] })],
  ['R532', 'a unit with two rows for a period', () => panelIndex(['a', 'a'], [1, 1])],
  ['R534', 'panel dimensions that are not positive', () => unitMeans(new Float64Array(0), 0, 1)],
  // Moran, LM tests
  ['R590', "a Moran's I value that is not finite", () => moranTest(Float64Array.of(1, 2, NaN, 4, 5), ring)],
  ['R591', "Moran's I of a constant", () => moranTest(new Float64Array(5).fill(3), ring)],
  ['R592', "a Moran's I variable of the wrong length", () => moranTest(new Float64Array(4), ring)],
  ['R592', "a Moran's I panel vector of the wrong length", () => moranByPeriod(new Float64Array(9), ring, 2)],
  [
    'R593',
    "Moran's I on three units",
    () =>
      moranTest(
        Float64Array.of(1, 2, 3),
        weightsFromDense(
          ['a', 'b', 'c'],
          [
            [0, 1, 0],
            [1, 0, 1],
            [0, 1, 0],
          ],
        ),
      ),
  ],
  [
    'R585',
    'LM tests on arrays of the wrong length',
    () => panelLMTests({ y: new Float64Array(3), X: new Float64Array(3), names: ['x'], N: 5, T: 1, W: ring }),
  ],
  [
    'R586',
    'LM tests with weights of the wrong size',
    () => panelLMTests({ y: new Float64Array(4), X: new Float64Array(4), names: ['x'], N: 4, T: 1, W: ring }),
  ],
  // numerical kernels
  ['R900', 'a singular matrix', () => invert(Float64Array.of(1, 2, 2, 4), 2)],
  ['R901', 'an ordering of the wrong length', () => new SparseLU(ring, { perm: Int32Array.of(0, 1) })],
  ['R901', 'an ordering that is not a permutation', () => new SparseLU(ring, { perm: Int32Array.of(0, 0, 1, 2, 3) })],
  ['R902', 'I − ρW singular', () => new SparseLU(rowSym()).factor(1)],
  ['R903', 'a factorisation used unfactored', () => new SparseLU(ring).logDet()],
  [
    'R903',
    'a shifted solve unfactored',
    () => new IterativeShifted(ring).solve(new Float64Array(5), new Float64Array(5)),
  ],
  ['R906', 'det(I − ρW) < 0', () => createLogDet(rowSym(), { method: 'lu' }).logdet(1.5)],
  ['R907', 'a search interval with a > b', () => brentMaximize((x) => -x * x, 1, 0)],
  ['R908', 'an objective that is NaN', () => brentMaximize(() => NaN, 0, 1)],
  ['R909', 'an unknown log-determinant method', () => createLogDet(ring, { method: 'magic' as 'mc' })],
  [
    'R911',
    'a Chebyshev order out of range',
    () => createLogDet(rowSym(), { method: 'chebyshev', chebyshev: { order: 0 } }),
  ],
  ['R912', 'ρ outside a series log-determinant', () => createLogDet(rowSym(), { method: 'mc' }).logdet(3)],
  ['R913', 'a shifted solve at ρ = NaN', () => new IterativeShifted(ring).factor(NaN)],
  ['R915', 'traces of order 0', () => estimateTraces(ring, 0)],
  ['R915', 'a combination of traces above their order', () => combineTraces(estimateTraces(ring, 2), [1, 1, 1, 1])],
  [
    'R916',
    'a Chebyshev basis for asymmetric weights',
    () =>
      estimateTraces(knnWeights(units, { x: [0, 1, 3, 7, 15], y: [0, 0, 0, 0, 0], lonlat: false }, 1), 3, {
        basis: 'chebyshev',
      }),
  ],
  ['R917', 'one probe', () => estimateTraces(ring, 3, { probes: 1 })],
  // screening
  [
    'R703',
    'initial centres not a multiple of d',
    () => kmeansFromCentres(pointSet(Float64Array.of(0, 1, 2, 3), 2, 2), Float64Array.of(0, 1, 2)),
  ],
  ['R712', 'a distance matrix of the wrong size', () => silhouetteSamplesFromDistances(new Float64Array(3), 2, [0, 1])],
  ['R736', 'a column outside the matrix', () => column(new Float64Array(6), 2, 3, 3)],
  ['R737', 'matrix data of the wrong length', () => column(new Float64Array(5), 2, 3, 0)],
  [
    'R740',
    'groups and scores of different lengths',
    () => screenByScore([0], [1, 2], { by: 'cv', keep: 'lowest', count: 1 }),
  ],
  [
    'R741',
    'a rule keeping the middle',
    () => screenByScore([0], [1], { by: 'cv', keep: 'middle' as 'lowest', count: 1 }),
  ],
  ['R741', 'a rule keeping none', () => screenByScore([0], [1], { by: 'cv', keep: 'lowest', count: 0 })],
  [
    'R742',
    'a group label that is not an integer',
    () => screenByScore([0.5], [1], { by: 'cv', keep: 'lowest', count: 1 }),
  ],
  ['R730', 'a value that is not finite', () => variance([1, NaN, 2])],
  ['R733', 'a CV with mean 0', () => cv([-1, 1])],
  ['R734', 'a quantile type outside 1..9', () => quantile([1, 2], 0.5, 10 as 7)],
  // games, MAC
  ['R600', 'a game of no players', () => tabulate(0, () => 0)],
  ['R601', 'a game of too many players', () => shapleyExact(new Float64Array(2), 40)],
  ['R602', 'a coalition table of the wrong length', () => shapleyExact(new Float64Array(3), 2)],
  ['R603', 'a worth that is not finite', () => tabulate(2, () => NaN)],
  ['R604', 'one sampled permutation', () => shapleySampled(() => 1, 3, { samples: 1, seed: 1 })],
  ['R605', 'a payoff of the wrong length', () => coreCheck(new Float64Array(4), 2, [1])],
  ['R606', 'a player outside the game', () => coalitionTable(new Float64Array(4), 2, 5)],
  ['R644', 'an unknown MAC form', () => fitMac([0.1, 0.2, 0.3], [1, 2, 3], 'cubic' as 'log')],
  ['R646', 'an empty interval for the convexity check', () => checkConvex(cubicCost(1, 1, 1), 1, 0)],
];

function rowSym() {
  return weightsFromDense(
    ['a', 'b'],
    [
      [0, 1],
      [1, 0],
    ],
  );
}

describe('solver codes', () => {
  test.each(CASES)('%s: %s', (code, _what, f) => {
    expect(codeOf(f)).toBe(code);
  });

  test('R580 … R584, R600 … R609 and friends of the fits are pinned in their own tests', () => {
    expect(kmeans).toBeTypeOf('function');
  });
});
