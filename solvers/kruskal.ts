// Kruskal–Wallis H test with the tie correction (as scipy.stats.kruskal and R's kruskal.test):
//   H = [12 / (N (N + 1)) Σ_g n_g (R̄_g − (N + 1)/2)²] / [1 − Σ (t³ − t) / (N³ − N)],  df = G − 1,
//   p = P(χ²_df ≥ H), taken directly from the regularised upper incomplete gamma Q(df/2, H/2) — never 1 − cdf,
//   which loses every digit once p < 1e-16.
// The centred form of the numerator is algebraically equal to the textbook 12/(N(N+1)) Σ R_g²/n_g − 3(N+1) but
// does not cancel catastrophically when H is small.
import gammainc from '@stdlib/math-base-special-gammainc';
import { SolverError } from './errors.ts';
import { averageRanks } from './describe.ts';

export interface KruskalResult {
  /** Tie-corrected H statistic. */
  H: number;
  /** H before the tie correction. */
  Huncorrected: number;
  /** 1 − Σ(t³ − t)/(N³ − N), the divisor applied to H. */
  tieCorrection: number;
  df: number;
  /** Upper-tail χ² p-value of H. */
  p: number;
  /** Total observations N. */
  n: number;
  /** Observations per group. */
  groupSizes: Int32Array;
  /** Mean rank per group (ranks 1..N over the pooled sample, ties averaged). */
  meanRanks: Float64Array;
}

/** Upper tail of the χ² distribution, P(X ≥ x), computed directly. */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new SolverError('R720', { df });
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/**
 * Kruskal–Wallis test on G ≥ 2 non-empty samples, each an array of numbers.
 * Throws KW_ALL_TIED when every observation is equal (H is 0/0), as SciPy does.
 */
export function kruskalWallis(groups: ArrayLike<number>[]): KruskalResult {
  const G = groups.length;
  if (G < 2) throw new SolverError('R721', { groups: G });
  const sizes = new Int32Array(G);
  let N = 0;
  groups.forEach((g, i) => {
    if (g.length === 0) throw new SolverError('R722', { group: i });
    sizes[i] = g.length;
    N += g.length;
  });
  const pooled = new Float64Array(N);
  const owner = new Int32Array(N);
  let o = 0;
  for (let gi = 0; gi < G; gi++) {
    const g = groups[gi]!;
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (!Number.isFinite(v)) {
        throw new SolverError('R723', { case: 'inGroup', group: gi, index: i, value: v });
      }
      pooled[o] = v;
      owner[o++] = gi;
    }
  }
  return kruskalFromPooled(pooled, owner, G, sizes);
}

/**
 * Same test from one pooled sample and a group label 0..G−1 per observation (labels must cover 0..G−1,
 * each group non-empty).
 */
export function kruskalWallisLabelled(values: ArrayLike<number>, labels: ArrayLike<number>): KruskalResult {
  const N = values.length;
  if (labels.length !== N) throw new SolverError('R724', { case: 'length', labels: labels.length, n: N });
  let G = 0;
  for (let i = 0; i < N; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new SolverError('R724', { case: 'label', label: l, index: i });
    if (l + 1 > G) G = l + 1;
  }
  const sizes = new Int32Array(G);
  const pooled = new Float64Array(N);
  const owner = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new SolverError('R723', { case: 'observation', index: i, value: v });
    pooled[i] = v;
    owner[i] = labels[i]!;
    sizes[labels[i]!]!++;
  }
  if (G < 2) throw new SolverError('R721', { groups: G });
  for (let g = 0; g < G; g++) if (sizes[g] === 0) throw new SolverError('R722', { group: g });
  return kruskalFromPooled(pooled, owner, G, sizes);
}

function kruskalFromPooled(pooled: Float64Array, owner: Int32Array, G: number, sizes: Int32Array): KruskalResult {
  const N = pooled.length;
  const { ranks, tieSum } = averageRanks(pooled);
  const rankSums = new Float64Array(G);
  for (let i = 0; i < N; i++) rankSums[owner[i]!]! += ranks[i]!;
  const meanRanks = new Float64Array(G);
  const centre = (N + 1) / 2;
  let ss = 0;
  for (let g = 0; g < G; g++) {
    const m = rankSums[g]! / sizes[g]!;
    meanRanks[g] = m;
    ss += sizes[g]! * (m - centre) * (m - centre);
  }
  const Huncorrected = (12 / (N * (N + 1))) * ss;
  const tieCorrection = 1 - tieSum / (N * N * N - N);
  if (!(tieCorrection > 0)) {
    throw new SolverError('R725');
  }
  const H = Huncorrected / tieCorrection;
  const df = G - 1;
  return { H, Huncorrected, tieCorrection, df, p: chiSquareSf(H, df), n: N, groupSizes: sizes, meanRanks };
}
