// Compressed sparse row (CSR) matrices for spatial weights.
//
// A spatial weights matrix W is N×N with a few neighbours per row, so it is stored as CSR: row i's entries are
// col[rowPtr[i] .. rowPtr[i+1]) with values val[...], columns sorted ascending within a row. Every matrix carries
// the names of its units (row i and column i are unit names[i]) so that data and W are matched by name, never by
// position (peers' "non-conformable weights" errors come from positional matching).
//
// Panels are stacked time-major (all N units at t = 1, then t = 2, ...), so W acts on each length-N block of a
// length-NT vector; nothing here ever forms I_T ⊗ W.
import { SolverError } from '../errors.ts';

export interface CsrMatrix {
  /** Number of rows = number of columns = number of units. */
  readonly n: number;
  /** Length n + 1; row i occupies [rowPtr[i], rowPtr[i+1]). */
  readonly rowPtr: Int32Array;
  /** Column index of each stored entry, ascending within a row. */
  readonly col: Int32Array;
  /** Value of each stored entry. */
  readonly val: Float64Array;
  /** Unit names, length n (row i and column i both refer to names[i]). */
  readonly names: readonly string[];
}

/** Number of stored entries. */
export function nnz(W: CsrMatrix): number {
  return W.rowPtr[W.n]!;
}

function checkNames(n: number, names: readonly string[]): void {
  if (names.length !== n) {
    throw new SolverError('R500', { rows: n, names: names.length });
  }
  const seen = new Set<string>();
  for (const nm of names) {
    if (seen.has(nm)) throw new SolverError('R501', { case: 'matrix', unit: nm });
    seen.add(nm);
  }
}

/**
 * Build a CSR matrix from coordinate triplets (0-based). Duplicate (i, j) pairs are summed; explicit zeros are
 * dropped. Runs in O(nnz + n) with a counting sort, so it scales to large N.
 */
export function csrFromTriplets(
  n: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  vals: ArrayLike<number>,
  names: readonly string[],
  /** The caller has already checked that the names are n distinct strings (a Set of N names costs at large N). */
  namesChecked = false,
): CsrMatrix {
  if (!namesChecked || names.length !== n) checkNames(n, names);
  const m = rows.length;
  if (cols.length !== m || vals.length !== m) {
    throw new SolverError('R502');
  }
  const count = new Int32Array(n + 1);
  for (let p = 0; p < m; p++) {
    const i = rows[p]!;
    const j = cols[p]!;
    if (!(Number.isInteger(i) && i >= 0 && i < n && Number.isInteger(j) && j >= 0 && j < n)) {
      throw new SolverError('R503', { entry: p, i, j, n });
    }
    if (!Number.isFinite(vals[p]!)) {
      throw new SolverError('R504', { case: 'entry', from: names[i]!, to: names[j]!, value: vals[p]! });
    }
    count[i + 1]!++;
  }
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const tmpCol = new Int32Array(m);
  const tmpVal = new Float64Array(m);
  const next = count.slice(0, n);
  for (let p = 0; p < m; p++) {
    const q = next[rows[p]!]!++;
    tmpCol[q] = cols[p]!;
    tmpVal[q] = vals[p]!;
  }
  // Sort each row by column and merge duplicates (rows are short: insertion sort).
  const rowPtr = new Int32Array(n + 1);
  const outCol = new Int32Array(m);
  const outVal = new Float64Array(m);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const a = count[i]!;
    const b = count[i + 1]!;
    for (let p = a + 1; p < b; p++) {
      const c = tmpCol[p]!;
      const v = tmpVal[p]!;
      let q = p - 1;
      while (q >= a && tmpCol[q]! > c) {
        tmpCol[q + 1] = tmpCol[q]!;
        tmpVal[q + 1] = tmpVal[q]!;
        q--;
      }
      tmpCol[q + 1] = c;
      tmpVal[q + 1] = v;
    }
    rowPtr[i] = w;
    for (let p = a; p < b; p++) {
      if (w > rowPtr[i]! && outCol[w - 1] === tmpCol[p]) outVal[w - 1]! += tmpVal[p]!;
      else {
        outCol[w] = tmpCol[p]!;
        outVal[w] = tmpVal[p]!;
        w++;
      }
    }
    // drop entries that are exactly zero (after summing)
    let k = rowPtr[i]!;
    for (let p = rowPtr[i]!; p < w; p++) {
      if (outVal[p] !== 0) {
        outCol[k] = outCol[p]!;
        outVal[k] = outVal[p]!;
        k++;
      }
    }
    w = k;
  }
  rowPtr[n] = w;
  return { n, rowPtr, col: outCol.slice(0, w), val: outVal.slice(0, w), names: [...names] };
}

/** out = W x (length n). `xOff`/`outOff` let callers address one period block of a stacked panel vector. */
export function csrMatVec(W: CsrMatrix, x: ArrayLike<number>, out: Float64Array, xOff = 0, outOff = 0): Float64Array {
  const { n, rowPtr, col, val } = W;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) s += val[p]! * x[xOff + col[p]!]!;
    out[outOff + i] = s;
  }
  return out;
}

/** out = Wᵀ x. */
export function csrTransposeMatVec(
  W: CsrMatrix,
  x: ArrayLike<number>,
  out: Float64Array,
  xOff = 0,
  outOff = 0,
): Float64Array {
  const { n, rowPtr, col, val } = W;
  for (let i = 0; i < n; i++) out[outOff + i] = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOff + i]!;
    if (xi === 0) continue;
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) out[outOff + col[p]!]! += val[p]! * xi;
  }
  return out;
}

const transposes = new WeakMap<CsrMatrix, CsrMatrix>();

/** Transpose (names unchanged); memoised per matrix (matrices are never mutated). */
export function csrTranspose(W: CsrMatrix): CsrMatrix {
  const hit = transposes.get(W);
  if (hit) return hit;
  const t = transpose(W);
  transposes.set(W, t);
  return t;
}

function transpose(W: CsrMatrix): CsrMatrix {
  const { n, rowPtr, col, val } = W;
  const m = rowPtr[n]!;
  const cnt = new Int32Array(n + 1);
  for (let p = 0; p < m; p++) cnt[col[p]! + 1]!++;
  for (let i = 0; i < n; i++) cnt[i + 1]! += cnt[i]!;
  const next = cnt.slice(0, n);
  const tc = new Int32Array(m);
  const tv = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) {
      const q = next[col[p]!]!++;
      tc[q] = i; // rows visited in ascending order, so columns of the transpose come out sorted
      tv[q] = val[p]!;
    }
  }
  return { n, rowPtr: cnt, col: tc, val: tv, names: W.names };
}

/** Dense row-major copy (n×n). Only for small n (tests, eigenvalues). */
export function csrToDense(W: CsrMatrix): Float64Array {
  const { n, rowPtr, col, val } = W;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = rowPtr[i]!, e = rowPtr[i + 1]!; p < e; p++) out[i * n + col[p]!] = val[p]!;
  }
  return out;
}

/** Row sums. */
export function csrRowSums(W: CsrMatrix): Float64Array {
  const out = new Float64Array(W.n);
  for (let i = 0; i < W.n; i++) {
    let s = 0;
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) s += W.val[p]!;
    out[i] = s;
  }
  return out;
}

/** Value W[i, j] (binary search within row i); 0 if not stored. */
export function csrGet(W: CsrMatrix, i: number, j: number): number {
  let lo = W.rowPtr[i]!;
  let hi = W.rowPtr[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = W.col[mid]!;
    if (c === j) return W.val[mid]!;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Sum of the diagonal. */
export function csrTrace(W: CsrMatrix): number {
  let s = 0;
  for (let i = 0; i < W.n; i++) s += csrGet(W, i, i);
  return s;
}

/** Same pattern, values replaced by f(value, row, col). */
export function csrMapValues(W: CsrMatrix, f: (v: number, i: number, j: number) => number): CsrMatrix {
  const val = new Float64Array(W.val.length);
  for (let i = 0; i < W.n; i++) {
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) val[p] = f(W.val[p]!, i, W.col[p]!);
  }
  return { n: W.n, rowPtr: W.rowPtr, col: W.col, val, names: W.names };
}

/** a·A + b·B for two matrices over the same units (in the same order). */
export function csrAdd(A: CsrMatrix, B: CsrMatrix, a = 1, b = 1): CsrMatrix {
  if (A.n !== B.n) throw new SolverError('R505', { case: 'add', a: A.n, b: B.n });
  for (let i = 0; i < A.n; i++) {
    if (A.names[i] !== B.names[i]) {
      throw new SolverError('R506', { position: i, a: A.names[i]!, b: B.names[i]! });
    }
  }
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (const [M, s] of [
    [A, a],
    [B, b],
  ] as const) {
    for (let i = 0; i < M.n; i++) {
      for (let p = M.rowPtr[i]!, e = M.rowPtr[i + 1]!; p < e; p++) {
        rows.push(i);
        cols.push(M.col[p]!);
        vals.push(s * M.val[p]!);
      }
    }
  }
  return csrFromTriplets(A.n, rows, cols, vals, A.names);
}

/** Spatial lag of a panel stacked time-major: out[tN + i] = Σ_j W_ij x[tN + j] for every period t. */
export function panelLag(W: CsrMatrix, x: ArrayLike<number>, T: number, out?: Float64Array): Float64Array {
  const n = W.n;
  if (x.length !== n * T) {
    throw new SolverError('R507', { length: x.length, n, T });
  }
  const o = out ?? new Float64Array(n * T);
  for (let t = 0; t < T; t++) csrMatVec(W, x, o, t * n, t * n);
  return o;
}

/** Wᵀ applied to each period block of a time-major panel vector. */
export function panelLagTranspose(W: CsrMatrix, x: ArrayLike<number>, T: number, out?: Float64Array): Float64Array {
  const n = W.n;
  const o = out ?? new Float64Array(n * T);
  for (let t = 0; t < T; t++) csrTransposeMatVec(W, x, o, t * n, t * n);
  return o;
}

/** Sparse product A·B (Gustavson's row-by-row algorithm with a dense accumulator). */
export function csrMultiply(A: CsrMatrix, B: CsrMatrix): CsrMatrix {
  const n = A.n;
  if (B.n !== n) throw new SolverError('R505', { case: 'multiply', a: n, b: B.n });
  const acc = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    idx.length = 0;
    for (let p = A.rowPtr[i]!; p < A.rowPtr[i + 1]!; p++) {
      const k = A.col[p]!;
      const a = A.val[p]!;
      for (let q = B.rowPtr[k]!; q < B.rowPtr[k + 1]!; q++) {
        const j = B.col[q]!;
        if (mark[j] !== i) {
          mark[j] = i;
          acc[j] = 0;
          idx.push(j);
        }
        acc[j]! += a * B.val[q]!;
      }
    }
    idx.sort((x, y) => x - y);
    for (const j of idx) {
      cols.push(j);
      vals.push(acc[j]!);
    }
    rowPtr[i + 1] = cols.length;
  }
  const out = { n, rowPtr, col: Int32Array.from(cols), val: Float64Array.from(vals), names: A.names };
  return out;
}

/** Frobenius inner product Σ_ij A_ij B_ij and the "transpose" product tr(A·B) = Σ_ij A_ij B_ji. */
export function csrInner(A: CsrMatrix, B: CsrMatrix): { frobenius: number; traceProduct: number } {
  let f = 0;
  let t = 0;
  for (let i = 0; i < A.n; i++) {
    for (let p = A.rowPtr[i]!; p < A.rowPtr[i + 1]!; p++) {
      const j = A.col[p]!;
      f += A.val[p]! * csrGet(B, i, j);
      t += A.val[p]! * csrGet(B, j, i);
    }
  }
  return { frobenius: f, traceProduct: t };
}
