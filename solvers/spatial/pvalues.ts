// Tail probabilities used by the spatial tests. Upper tails are computed directly (never as 1 − cdf) so that
// tiny p-values keep their relative accuracy.
import normal from '@stdlib/stats-base-dists-normal';
import gammainc from '@stdlib/math-base-special-gammainc';

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  return normal.cdf(-z, 0, 1);
}

/** P(Z < z). */
export function normalLower(z: number): number {
  return normal.cdf(z, 0, 1);
}

/** 2·P(Z > |z|). */
export function normalTwoSided(z: number): number {
  return 2 * normal.cdf(-Math.abs(z), 0, 1);
}

/** P(χ²_df > x). */
export function chisqUpper(x: number, df: number): number {
  if (!(x > 0)) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

export type Alternative = 'greater' | 'less' | 'two.sided';

/** p-value of a z statistic for the given alternative (as R's htest functions report it). */
export function zPValue(z: number, alternative: Alternative): number {
  if (alternative === 'greater') return normalUpper(z);
  if (alternative === 'less') return normalLower(z);
  return normalTwoSided(z);
}
