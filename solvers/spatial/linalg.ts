// Small dense linear algebra (k×k, k = number of regressors + 2) on row-major Float64Arrays: cross-products of
// tall matrices, Cholesky solves, inverses, and rank detection that names collinear columns.
import { SolverError } from '../errors.ts';

/** A'B for tall row-major A (m×p) and B (m×q): p×q row-major. */
export function crossprod(A: Float64Array, p: number, B: Float64Array, q: number, m: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let r = 0; r < m; r++) {
    const ar = r * p;
    const br = r * q;
    for (let i = 0; i < p; i++) {
      const a = A[ar + i]!;
      if (a === 0) continue;
      const oi = i * q;
      for (let j = 0; j < q; j++) out[oi + j]! += a * B[br + j]!;
    }
  }
  return out;
}

/** A'v for tall row-major A (m×p). */
export function crossprodVec(A: Float64Array, p: number, v: ArrayLike<number>, m: number): Float64Array {
  const out = new Float64Array(p);
  for (let r = 0; r < m; r++) {
    const vr = v[r]!;
    if (vr === 0) continue;
    const ar = r * p;
    for (let i = 0; i < p; i++) out[i]! += A[ar + i]! * vr;
  }
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** y = A x for row-major A (m×p). */
export function matVec(
  A: Float64Array,
  m: number,
  p: number,
  x: ArrayLike<number>,
  out = new Float64Array(m),
): Float64Array {
  for (let r = 0; r < m; r++) {
    let s = 0;
    const ar = r * p;
    for (let i = 0; i < p; i++) s += A[ar + i]! * x[i]!;
    out[r] = s;
  }
  return out;
}

/** Lower Cholesky factor of an SPD matrix (n×n); null if not positive definite. */
export function cholesky(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]!;
    for (let k = 0; k < j; k++) s -= L[j * n + k]! * L[j * n + k]!;
    if (!(s > 0)) return null;
    const d = Math.sqrt(s);
    L[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j]!;
      for (let k = 0; k < j; k++) t -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = t / d;
    }
  }
  return L;
}

/** Solve L Lᵀ x = b. */
export function cholSolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}

/** Inverse of a general square matrix by Gauss–Jordan with partial pivoting; throws SINGULAR_MATRIX. */
export function invert(A: Float64Array, n: number, what = 'matrix'): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    const pv = a[piv * n + c]!;
    if (Math.abs(pv) <= 1e-14 * scale) throw new SolverError('R900', { what });
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        let t = a[c * n + j]!;
        a[c * n + j] = a[piv * n + j]!;
        a[piv * n + j] = t;
        t = inv[c * n + j]!;
        inv[c * n + j] = inv[piv * n + j]!;
        inv[piv * n + j] = t;
      }
    }
    const ip = 1 / pv;
    for (let j = 0; j < n; j++) {
      a[c * n + j]! *= ip;
      inv[c * n + j]! *= ip;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r * n + j]! -= f * a[c * n + j]!;
        inv[r * n + j]! -= f * inv[c * n + j]!;
      }
    }
  }
  return inv;
}

/** Inverse of a symmetric matrix, symmetrised to remove rounding asymmetry. */
export function invertSymmetric(A: Float64Array, n: number, what = 'matrix'): Float64Array {
  const inv = invert(A, n, what);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (inv[i * n + j]! + inv[j * n + i]!);
      inv[i * n + j] = m;
      inv[j * n + i] = m;
    }
  }
  return inv;
}

/**
 * Check that the columns behind a cross-product matrix G = Z'Z (k×k) are linearly independent; otherwise throw
 * COLLINEAR naming each dependent column and the columns it is a combination of. Columns that are identically
 * zero (e.g. a time-invariant regressor after the individual within transformation) are named as absorbed.
 * `tol` is relative to the column norms (pivoted Cholesky on the correlation-scaled matrix).
 */
export function assertFullRank(
  G: Float64Array,
  k: number,
  names: readonly string[],
  opts: { tol?: number; absorbedBy?: string } = {},
): void {
  const tol = opts.tol ?? 1e-9;
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, G[i * k + i]!);
  const zero: string[] = [];
  for (let i = 0; i < k; i++) if (!(G[i * k + i]! > 1e-24 * Math.max(maxDiag, 1e-300))) zero.push(names[i]!);
  if (zero.length) {
    throw new SolverError('R549', {
      case: 'constant',
      columns: zero,
      ...(opts.absorbedBy ? { absorbedBy: opts.absorbedBy } : {}),
    });
  }
  // correlation scaling, then Cholesky column by column: a column whose residual norm vanishes is dependent on
  // the earlier independent ones.
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = 1 / Math.sqrt(G[i * k + i]!);
  const C = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) C[i * k + j] = G[i * k + j]! * s[i]! * s[j]!;
  const indep: number[] = [];
  const details: Array<{ column: string; with: string[] }> = [];
  for (let j = 0; j < k; j++) {
    // residual of column j on the independent set: 1 − c_jᵀ C_SS⁻¹ c_j
    const m = indep.length;
    let resid = 1;
    let coef: Float64Array | null = null;
    if (m) {
      const Css = new Float64Array(m * m);
      const cj = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        cj[a] = C[indep[a]! * k + j]!;
        for (let b = 0; b < m; b++) Css[a * m + b] = C[indep[a]! * k + indep[b]!]!;
      }
      const L = cholesky(Css, m)!;
      coef = cholSolve(L, m, cj);
      resid = 1 - dot(cj, coef);
    }
    if (resid > tol) indep.push(j);
    else {
      const partners = indep.filter((_, a) => Math.abs(coef![a]!) > 1e-6).map((c) => names[c]!);
      details.push({ column: names[j]!, with: partners });
    }
  }
  if (details.length) {
    throw new SolverError('R549', { case: 'combination', collinear: details });
  }
}
