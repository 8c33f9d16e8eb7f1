// Eigenvalues of a (small) spatial weights matrix.
//
// Row-standardised weights built from a symmetric matrix satisfy D·W symmetric for a positive diagonal D, so W is
// similar to S = D^{1/2} W D^{-1/2} (symmetric) and has real eigenvalues. Those are computed here with a
// Householder reduction to tridiagonal form followed by implicit QL iterations with Wilkinson-type shifts
// (eigenvalues only: ≈ 4/3·N³ flops, ~0.1 s at N = 400). Other matrices (e.g. k-nearest-neighbour weights) go to
// ml-matrix's general eigen-decomposition and may have complex eigenvalues.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { SolverError } from '../errors.ts';
import { type CsrMatrix, csrToDense } from './csr.ts';
import { symmetrizingScale } from './weights.ts';

export interface Eigenvalues {
  re: Float64Array;
  im: Float64Array;
  /** All eigenvalues real (W symmetric or symmetrizable). */
  real: boolean;
}

/**
 * Eigenvalues of a dense symmetric matrix (row-major n×n, overwritten). Returns them ascending.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples d[i] and d[i+1]
  // Householder: for column k, annihilate a[k+2.., k] with a reflector on rows/cols k+1..n-1.
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let alpha = 0;
    for (let i = k + 1; i < n; i++) alpha += a[i * n + k]! * a[i * n + k]!;
    alpha = Math.sqrt(alpha);
    const x0 = a[(k + 1) * n + k]!;
    if (alpha === 0) {
      d[k] = a[k * n + k]!;
      e[k] = 0;
      continue;
    }
    const sgn = x0 >= 0 ? 1 : -1;
    // v = x + sgn·α·e1, H = I − 2vvᵀ/(vᵀv)
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k]!;
    v[k + 1] = x0 + sgn * alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i]! * v[i]!;
    const beta = 2 / vv;
    // p = β A v (A = trailing block, symmetric; use the lower triangle)
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j <= i; j++) s += a[i * n + j]! * v[j]!;
      for (let j = i + 1; j < n; j++) s += a[j * n + i]! * v[j]!;
      p[i] = beta * s;
    }
    // w = p − (β/2)(pᵀv) v; A ← A − v wᵀ − w vᵀ (lower triangle)
    let pv = 0;
    for (let i = k + 1; i < n; i++) pv += p[i]! * v[i]!;
    const c = (beta / 2) * pv;
    for (let i = k + 1; i < n; i++) p[i]! -= c * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const vi = v[i]!;
      const wi = p[i]!;
      const row = i * n;
      for (let j = k + 1; j <= i; j++) a[row + j]! -= vi * p[j]! + wi * v[j]!;
    }
    d[k] = a[k * n + k]!;
    e[k] = -sgn * alpha;
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + (n - 2)]!;
    e[n - 2] = a[(n - 1) * n + (n - 2)]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + (n - 1)]!;
  e[n - 1] = 0;
  tridiagonalQL(d, e, n);
  return d.sort();
}

/** Implicit QL on a symmetric tridiagonal matrix (d diagonal, e[i] = T[i, i+1]); eigenvalues left in d. */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): void {
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= eps * dd) break;
      }
      if (m === l) break;
      if (++iter > 100) throw new SolverError('R904');
      // shift from the leading 2×2 block
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let pp = 0;
      let i = m - 1;
      let early = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= pp;
          e[m] = 0;
          early = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - pp;
        r = (d[i]! - g) * s + 2 * c * b;
        pp = s * r;
        d[i + 1] = g + pp;
        g = c * r - b;
      }
      if (early) continue;
      d[l]! -= pp;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Eigenvalues of W (dense work: O(N²) memory, O(N³) time — small N only). Symmetrizable W uses the symmetric
 * path; otherwise ml-matrix's general decomposition.
 */
export function weightsEigenvalues(W: CsrMatrix): Eigenvalues {
  const n = W.n;
  if (n > 5000) {
    throw new SolverError('R905', { n });
  }
  const d = symmetrizingScale(W);
  const dense = csrToDense(W);
  if (d) {
    const sq = d.map(Math.sqrt);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dense[i * n + j] = (dense[i * n + j]! * sq[i]!) / sq[j]!;
    // exact symmetry for the lower-triangle algorithm: average the two halves
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const m = 0.5 * (dense[i * n + j]! + dense[j * n + i]!);
        dense[i * n + j] = m;
        dense[j * n + i] = m;
      }
    }
    return { re: symmetricEigenvalues(dense, n), im: new Float64Array(n), real: true };
  }
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, dense[i * n + j]!);
  const evd = new EigenvalueDecomposition(M, { assumeSymmetric: false });
  const re = Float64Array.from(evd.realEigenvalues);
  const im = Float64Array.from(evd.imaginaryEigenvalues);
  const scale = re.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const real = im.every((v) => Math.abs(v) <= 1e-12 * scale);
  return { re, im, real };
}
