// One-dimensional maximisation on a closed interval by Brent's method (golden-section search with successive
// parabolic interpolation, Brent 1973 ch. 5) — the algorithm behind R's optimize(), used here for the
// concentrated log-likelihood in ρ or λ.
import { SolverError } from '../errors.ts';

export interface BrentResult {
  x: number;
  fx: number;
  iterations: number;
  evaluations: number;
}

/**
 * Maximise f on [a, b]. Stops when the bracket around the best point is within 2·(√ε·|x| + tol/3), like
 * optimize(tol). Default tol 1e-10.
 */
export function brentMaximize(f: (x: number) => number, a: number, b: number, tol = 1e-10, maxIter = 500): BrentResult {
  if (!(a < b) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new SolverError('R907', { a, b });
  }
  const g = (x: number) => {
    const v = -f(x);
    if (Number.isNaN(v)) throw new SolverError('R908', { x });
    return v;
  };
  const c = (3 - Math.sqrt(5)) / 2;
  const eps = Math.sqrt(Number.EPSILON);
  let lo = a;
  let hi = b;
  let v = lo + c * (hi - lo);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = g(x);
  let fv = fx;
  let fw = fx;
  let evals = 1;
  let it = 0;
  const tol3 = tol / 3;
  for (; it < maxIter; it++) {
    const xm = (lo + hi) / 2;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = 2 * tol1;
    if (Math.abs(x - xm) <= t2 - (hi - lo) / 2) break;
    let useGolden = true;
    if (Math.abs(e) > tol1) {
      // trial parabola through x, v, w
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (lo - x) && p < q * (hi - x)) {
        d = p / q;
        const u = x + d;
        if (u - lo < t2 || hi - u < t2) d = x < xm ? tol1 : -tol1;
        useGolden = false;
      }
    }
    if (useGolden) {
      e = x < xm ? hi - x : lo - x;
      d = c * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
    const fu = g(u);
    evals++;
    if (fu <= fx) {
      if (u < x) hi = x;
      else lo = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) lo = u;
      else hi = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx: -fx, iterations: it, evaluations: evals };
}
