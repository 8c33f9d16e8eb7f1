// Maximising a concentrated log-likelihood ℓ(ρ) = f(ρ) + T·ln|I − ρW| when the log-determinant may be an
// approximation (logdet.ts), and what its error does to ρ̂.
//
// If the approximation is ln|I − ρW| + δ(ρ), its maximiser ρ̃ satisfies ℓ′(ρ̃) = −Tδ′(ρ̃), so to first order
// |ρ̃ − ρ̂| ≤ T·|δ′(ρ̃)|/|ℓ″(ρ̃)|; |δ′| is bounded by the derivative bound of the approximation (truncation, rigorous,
// plus 3 standard errors of the probes), ℓ″ is the curvature of the approximate objective by central differences.
// When the order was not fixed by the caller it is raised until the truncation part of this bound is below
// RHO_TRUNCATION_TARGET, and ρ is re-maximised (the probes are kept, so this only extends the series).
import { type BrentResult, brentMaximize } from './brent.ts';
import type { LogDet } from './logdet.ts';

/** Truncation part of the ρ bound that an adaptive order aims below. */
export const RHO_TRUNCATION_TARGET = 1e-8;

export interface ConcentratedResult extends BrentResult {
  /** First-order bound on |ρ̂ − ρ̂(exact log-determinant)|: truncation + 3 s.e. parts (0 for exact methods). */
  rhoBound: number;
  rhoBoundParts: { truncation: number; se: number };
  /** ℓ″ at the maximum (NaN for exact methods). */
  curvature: number;
}

/**
 * Brent on the concentrated log-likelihood `objective` (which contains T·ld(ρ)) over [a, b], with the bound on ρ̂
 * when ld is an approximation.
 */
export function maximizeConcentrated(
  objective: (rho: number) => number,
  T: number,
  ld: LogDet,
  a: number,
  b: number,
  tol: number,
): ConcentratedResult {
  for (let pass = 0; ; pass++) {
    const opt = brentMaximize(objective, a, b, tol);
    if (!ld.bounds || !ld.settings)
      return { ...opt, rhoBound: 0, rhoBoundParts: { truncation: 0, se: 0 }, curvature: NaN };
    const x = opt.x;
    const h = Math.min(1e-4 * (b - a), (x - a) / 2, (b - x) / 2);
    const curvature = h > 0 ? (objective(x + h) - 2 * opt.fx + objective(x - h)) / (h * h) : NaN;
    const scale = curvature < 0 ? T / -curvature : Infinity;
    const db = ld.bounds(x).derivative;
    const truncation = scale * db.truncation;
    const se = scale * db.se;
    if (!ld.settings.fixedOrder && truncation > RHO_TRUNCATION_TARGET && Number.isFinite(scale) && pass < 4) {
      const m = ld.orderFor!(x, RHO_TRUNCATION_TARGET / scale);
      if (m > ld.settings.order) {
        ld.setOrder!(m);
        continue;
      }
    }
    return { ...opt, rhoBound: truncation + 3 * se, rhoBoundParts: { truncation, se }, curvature };
  }
}
