// Sparse LU of A(ρ) = I − ρW for many values of ρ, with one symbolic analysis.
//
// Why no pivoting: for row-standardised W and |ρ| < 1 (more generally |ρ|·max row-sum < 1) A is strictly
// diagonally dominant by rows, so Aᵀ is dominant by columns and Gaussian elimination needs no pivoting; a
// symmetric permutation P A Pᵀ keeps that dominance. So the fill pattern depends only on the pattern of W and the
// ordering, not on ρ — it is computed once, and each ρ costs one numeric factorisation.
//
// Structure: the pattern is symmetrised (pattern of W + Wᵀ), ordered by minimum degree, and factored
// "up-looking" (row k of L and column k of U together, the LU analogue of CSparse's up-looking Cholesky): with a
// structurally symmetric pattern, L and Uᵀ share one pattern — the Cholesky pattern of the symmetrised graph —
// given row by row by the elimination-tree reach. Both are stored column-wise with the same index arrays.
import { SolverError } from '../errors.ts';
import type { CsrMatrix } from './csr.ts';
import { csrTranspose } from './csr.ts';

/**
 * Minimum-degree ordering of the graph with adjacency lists `adj` (symmetric, no self loops). Explicit
 * elimination graph; ties broken by the lower node index, so the ordering is deterministic. Returns perm with
 * perm[newIndex] = oldIndex.
 */
export function minimumDegreeOrder(n: number, adjPtr: Int32Array, adjIdx: Int32Array): Int32Array {
  const adj: Set<number>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = new Set<number>();
    for (let p = adjPtr[i]!; p < adjPtr[i + 1]!; p++) if (adjIdx[p] !== i) s.add(adjIdx[p]!);
    adj[i] = s;
  }
  // binary min-heap of (degree, node) with lazy deletion
  let hk = new Float64Array(Math.max(16, 2 * n));
  let hsize = 0;
  const push = (key: number) => {
    if (hsize === hk.length) {
      const nk = new Float64Array(hk.length * 2);
      nk.set(hk);
      hk = nk;
    }
    let c = hsize++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (hk[p]! > key) {
        hk[c] = hk[p]!;
        c = p;
      } else break;
    }
    hk[c] = key;
  };
  const pop = (): number => {
    const top = hk[0]!;
    const last = hk[--hsize]!;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= hsize) break;
      const m = l + 1 < hsize && hk[l + 1]! < hk[l]! ? l + 1 : l;
      if (hk[m]! < last) {
        hk[c] = hk[m]!;
        c = m;
      } else break;
    }
    hk[c] = last;
    return top;
  };
  // key = degree·n + node fits exactly in a double for n up to ~9e7
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    degree[i] = adj[i]!.size;
    push(degree[i]! * n + i);
  }
  const eliminated = new Uint8Array(n);
  const perm = new Int32Array(n);
  let k = 0;
  while (k < n) {
    const key = pop();
    const v = key % n;
    const d = (key - v) / n;
    if (eliminated[v] || d !== degree[v]) continue; // stale entry
    eliminated[v] = 1;
    perm[k++] = v;
    const nb = [...adj[v]!];
    for (const u of nb) adj[u]!.delete(v);
    for (let a = 0; a < nb.length; a++) {
      const su = adj[nb[a]!]!;
      for (let b = 0; b < nb.length; b++) if (a !== b) su.add(nb[b]!);
    }
    for (const u of nb) {
      const du = adj[u]!.size;
      if (du !== degree[u]) {
        degree[u] = du;
        push(du * n + u);
      }
    }
    adj[v] = new Set();
  }
  return perm;
}

export interface SparseLUOptions {
  /** Supply an ordering (perm[new] = old); default minimum degree. */
  perm?: Int32Array;
}

/**
 * Symbolic + numeric LU of I − ρW. Create once per W; call `factor(rho)` for each ρ, then `logDet()`, `solve`,
 * `solveTranspose`.
 */
export class SparseLU {
  readonly n: number;
  readonly perm: Int32Array;
  readonly pinv: Int32Array;
  /** nnz of the strictly lower factor L (= nnz of the strictly upper U). */
  readonly nnzL: number;
  private readonly W: CsrMatrix;
  private readonly Wt: CsrMatrix;
  private readonly diagW: Float64Array;
  // column storage of L and Uᵀ (same pattern): rows Li[Lp[j] .. Lp[j+1])
  private readonly Lp: Int32Array;
  private readonly Li: Int32Array;
  // row patterns in topological order and their slots in the column storage
  private readonly Rp: Int32Array;
  private readonly Rj: Int32Array;
  private readonly Rslot: Int32Array;
  private readonly Lx: Float64Array;
  private readonly Ux: Float64Array;
  private readonly Ud: Float64Array;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private rho = NaN;
  private factored = false;

  constructor(W: CsrMatrix, opts: SparseLUOptions = {}) {
    const n = W.n;
    this.n = n;
    this.W = W;
    this.Wt = csrTranspose(W);
    const { cnt, adjIdx, diagW } = symmetrisedPattern(W, this.Wt);
    this.diagW = diagW;
    const perm = opts.perm ?? minimumDegreeOrder(n, cnt, adjIdx);
    if (perm.length !== n) throw new SolverError('R901', { case: 'length', length: perm.length, n });
    const pinv = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) pinv[perm[k]!] = k;
    if (pinv.some((v) => v < 0)) throw new SolverError('R901', { case: 'permutation' });
    this.perm = perm;
    this.pinv = pinv;

    const up = permutedUpperPattern(pinv, cnt, adjIdx);
    const { rowLists, colCount, total } = rowPatterns(up, eliminationTree(up));
    this.nnzL = total;
    const { Lp, Li, Rp, Rj, Rslot } = factorStorage(rowLists, colCount, total);
    this.Lp = Lp;
    this.Li = Li;
    this.Rp = Rp;
    this.Rj = Rj;
    this.Rslot = Rslot;
    this.Lx = new Float64Array(total);
    this.Ux = new Float64Array(total);
    this.Ud = new Float64Array(n);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
  }

  /** Numeric factorisation of I − ρW. Throws LU_SINGULAR on a zero pivot. */
  factor(rho: number): void {
    const { n, perm, pinv, W, Wt, diagW, Lp, Li, Rp, Rj, Rslot, Lx, Ux, Ud, x, y } = this;
    const nr = -rho;
    for (let k = 0; k < n; k++) {
      const old = perm[k]!;
      // scatter row k (left of the diagonal) into y and column k (above the diagonal) into x
      for (let p = W.rowPtr[old]!, e = W.rowPtr[old + 1]!; p < e; p++) {
        const j = pinv[W.col[p]!]!;
        if (j < k) y[j] = nr * W.val[p]!;
      }
      for (let p = Wt.rowPtr[old]!, e = Wt.rowPtr[old + 1]!; p < e; p++) {
        const j = pinv[Wt.col[p]!]!;
        if (j < k) x[j] = nr * Wt.val[p]!;
      }
      let ukk = 1 + nr * diagW[old]!;
      for (let q = Rp[k]!, qe = Rp[k + 1]!; q < qe; q++) {
        const j = Rj[q]!;
        const slot = Rslot[q]!;
        const ukj = x[j]!;
        x[j] = 0;
        const lkj = y[j]! / Ud[j]!;
        y[j] = 0;
        if (ukj !== 0 || lkj !== 0) {
          for (let p = Lp[j]!; p < slot; p++) {
            const i = Li[p]!;
            x[i]! -= Lx[p]! * ukj;
            y[i]! -= Ux[p]! * lkj;
          }
        }
        ukk -= lkj * ukj;
        Lx[slot] = lkj;
        Ux[slot] = ukj;
      }
      if (ukk === 0 || !Number.isFinite(ukk)) {
        this.factored = false;
        throw new SolverError('R902', { rho });
      }
      Ud[k] = ukk;
    }
    this.rho = rho;
    this.factored = true;
  }

  private need(): void {
    if (!this.factored) throw new SolverError('R903', { before: 'using the factorisation' });
  }

  /** ρ of the current factorisation. */
  get currentRho(): number {
    return this.rho;
  }

  /** ln|det(I − ρW)| and the sign of the determinant. */
  logDet(): { value: number; sign: number } {
    this.need();
    let s = 0;
    let sign = 1;
    for (let k = 0; k < this.n; k++) {
      const u = this.Ud[k]!;
      if (u < 0) sign = -sign;
      s += Math.log(Math.abs(u));
    }
    return { value: s, sign };
  }

  /** Solve (I − ρW) x = b (b length n, offsets allow panel blocks). */
  solve(b: ArrayLike<number>, out: Float64Array, bOff = 0, outOff = 0): Float64Array {
    this.need();
    const { n, perm, Lp, Li, Lx, Ux, Ud } = this;
    const z = this.x;
    for (let k = 0; k < n; k++) z[k] = b[bOff + perm[k]!]!;
    for (let j = 0; j < n; j++) {
      const zj = z[j]!;
      if (zj !== 0) for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) z[Li[p]!]! -= Lx[p]! * zj;
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = z[j]!;
      for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) s -= Ux[p]! * z[Li[p]!]!;
      z[j] = s / Ud[j]!;
    }
    for (let k = 0; k < n; k++) {
      out[outOff + perm[k]!] = z[k]!;
      z[k] = 0;
    }
    return out;
  }

  /** Solve each of the T period blocks of a time-major panel vector (length n·T), one `solve` per block. */
  solvePanel(b: ArrayLike<number>, T: number, out: Float64Array): Float64Array {
    for (let t = 0; t < T; t++) this.solve(b, out, t * this.n, t * this.n);
    return out;
  }

  /**
   * Solve (I − ρW) X = B for m right-hand sides at once. B and the result are row-major n×m (entry (i, c) at
   * i·m + c); looping over the factor once for all m columns is several times faster than m single solves.
   */
  solveBlock(B: Float64Array, m: number, out: Float64Array = new Float64Array(this.n * m)): Float64Array {
    this.need();
    const { n, perm, Lp, Li, Lx, Ux, Ud } = this;
    const z = new Float64Array(n * m);
    for (let k = 0; k < n; k++) {
      const src = perm[k]! * m;
      const dst = k * m;
      for (let c = 0; c < m; c++) z[dst + c] = B[src + c]!;
    }
    for (let j = 0; j < n; j++) {
      const jm = j * m;
      for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) {
        const l = Lx[p]!;
        if (l === 0) continue;
        const im = Li[p]! * m;
        for (let c = 0; c < m; c++) z[im + c]! -= l * z[jm + c]!;
      }
    }
    for (let j = n - 1; j >= 0; j--) {
      const jm = j * m;
      for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) {
        const u = Ux[p]!;
        if (u === 0) continue;
        const im = Li[p]! * m;
        for (let c = 0; c < m; c++) z[jm + c]! -= u * z[im + c]!;
      }
      const d = 1 / Ud[j]!;
      for (let c = 0; c < m; c++) z[jm + c]! *= d;
    }
    for (let k = 0; k < n; k++) {
      const dst = perm[k]! * m;
      const src = k * m;
      for (let c = 0; c < m; c++) out[dst + c] = z[src + c]!;
    }
    return out;
  }

  /** Solve (I − ρW)ᵀ x = b. */
  solveTranspose(b: ArrayLike<number>, out: Float64Array, bOff = 0, outOff = 0): Float64Array {
    this.need();
    const { n, perm, Lp, Li, Lx, Ux, Ud } = this;
    const z = this.x;
    for (let k = 0; k < n; k++) z[k] = b[bOff + perm[k]!]!;
    for (let j = 0; j < n; j++) {
      const wj = z[j]! / Ud[j]!;
      z[j] = wj;
      if (wj !== 0) for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) z[Li[p]!]! -= Ux[p]! * wj;
    }
    for (let j = n - 1; j >= 0; j--) {
      let s = z[j]!;
      for (let p = Lp[j]!, e = Lp[j + 1]!; p < e; p++) s -= Lx[p]! * z[Li[p]!]!;
      z[j] = s;
    }
    for (let k = 0; k < n; k++) {
      out[outOff + perm[k]!] = z[k]!;
      z[k] = 0;
    }
    return out;
  }
}

/** Pattern of W + Wᵀ without the diagonal, as adjacency lists adjIdx[cnt[i] .. cnt[i+1]), and W's diagonal. */
function symmetrisedPattern(W: CsrMatrix, Wt: CsrMatrix): { cnt: Int32Array; adjIdx: Int32Array; diagW: Float64Array } {
  const n = W.n;
  const cnt = new Int32Array(n + 1);
  const diagW = new Float64Array(n);
  const merged: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s: number[] = [];
    let p = W.rowPtr[i]!;
    let q = Wt.rowPtr[i]!;
    const pe = W.rowPtr[i + 1]!;
    const qe = Wt.rowPtr[i + 1]!;
    while (p < pe || q < qe) {
      const a = p < pe ? W.col[p]! : n;
      const b = q < qe ? Wt.col[q]! : n;
      const c = Math.min(a, b);
      if (a === c) {
        if (c === i) diagW[i] = W.val[p]!;
        p++;
      }
      if (b === c) q++;
      if (c !== i) s.push(c);
    }
    merged[i] = s;
    cnt[i + 1] = cnt[i]! + s.length;
  }
  const adjIdx = new Int32Array(cnt[n]!);
  for (let i = 0; i < n; i++) adjIdx.set(merged[i]!, cnt[i]!);
  return { cnt, adjIdx, diagW };
}

/** The permuted upper pattern: for each new column k, the rows i < k. */
function permutedUpperPattern(pinv: Int32Array, cnt: Int32Array, adjIdx: Int32Array): number[][] {
  const n = pinv.length;
  const up: number[][] = Array.from({ length: n }, () => []);
  for (let old = 0; old < n; old++) {
    const k = pinv[old]!;
    for (let p = cnt[old]!; p < cnt[old + 1]!; p++) {
      const i = pinv[adjIdx[p]!]!;
      if (i < k) up[k]!.push(i);
    }
  }
  return up;
}

/** Elimination tree (Liu, with path compression): parent of each column, -1 at a root. */
function eliminationTree(up: number[][]): Int32Array {
  const n = up.length;
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (const i0 of up[k]!) {
      let i = i0;
      while (i !== -1 && i < k) {
        const next = ancestor[i]!;
        ancestor[i] = k;
        if (next === -1) parent[i] = k;
        i = next;
      }
    }
  }
  return parent;
}

/** Row patterns of L via the elimination-tree reach, in topological order; nnz of each column and in all. */
function rowPatterns(
  up: number[][],
  parent: Int32Array,
): { rowLists: Int32Array[]; colCount: Int32Array; total: number } {
  const n = up.length;
  const mark = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const path = new Int32Array(n);
  const rowLists: Int32Array[] = new Array(n);
  const colCount = new Int32Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    let top = n;
    mark[k] = k;
    for (const i0 of up[k]!) {
      let len = 0;
      let i = i0;
      while (mark[i] !== k) {
        path[len++] = i;
        mark[i] = k;
        i = parent[i]!;
      }
      while (len > 0) stack[--top] = path[--len]!;
    }
    const row = stack.slice(top, n);
    rowLists[k] = row;
    for (let q = 0; q < row.length; q++) colCount[row[q]!]!++;
    total += row.length;
  }
  return { rowLists, colCount, total };
}

/** Column storage of L (and Uᵀ, same pattern) and, per row in topological order, each entry's slot in it. */
function factorStorage(
  rowLists: Int32Array[],
  colCount: Int32Array,
  total: number,
): { Lp: Int32Array; Li: Int32Array; Rp: Int32Array; Rj: Int32Array; Rslot: Int32Array } {
  const n = rowLists.length;
  const Lp = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) Lp[j + 1] = Lp[j]! + colCount[j]!;
  const fill = Lp.slice(0, n);
  const Li = new Int32Array(total);
  const Rp = new Int32Array(n + 1);
  const Rj = new Int32Array(total);
  const Rslot = new Int32Array(total);
  let w = 0;
  for (let k = 0; k < n; k++) {
    Rp[k] = w;
    const row = rowLists[k]!;
    for (let q = 0; q < row.length; q++) {
      const j = row[q]!;
      const slot = fill[j]!++;
      Li[slot] = k;
      Rj[w] = j;
      Rslot[w] = slot;
      w++;
    }
  }
  Rp[n] = w;
  return { Lp, Li, Rp, Rj, Rslot };
}
