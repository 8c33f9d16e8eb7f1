// Unit order for memory locality at large N. The kernels of the approximate path (products with W, Neumann solves)
// read x[col[p]] for every stored entry; with units in an arbitrary order (a shuffled grid, random IDs) almost
// every such read misses the cache, and a product with a 1,000,000-unit kNN W is ~8× slower than with neighbours
// stored close together. Reverse Cuthill–McKee (George & Liu 1981) on the graph of W + Wᵀ numbers the units
// breadth first, so neighbours get nearby numbers (small bandwidth). A fit relabels its units by this order,
// P W Pᵀ and P y, works there, and maps its unit-level outputs back; nothing it reports depends on the order
// beyond rounding.
import { type CsrMatrix, csrFromTriplets, csrTranspose } from './csr.ts';

/** Reverse Cuthill–McKee order of W + Wᵀ: perm[new] = old. Each component starts from a minimum-degree unit. */
export function rcmOrder(W: CsrMatrix): Int32Array {
  const n = W.n;
  const Wt = csrTranspose(W);
  const deg = new Int32Array(n);
  for (let i = 0; i < n; i++) deg[i] = W.rowPtr[i + 1]! - W.rowPtr[i]! + Wt.rowPtr[i + 1]! - Wt.rowPtr[i]!;
  // start nodes: units by increasing degree (counting sort), so each component starts at a low-degree unit
  const byDeg = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => deg[a]! - deg[b]! || a - b);
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const nb: number[] = [];
  let head = 0;
  let tail = 0;
  for (const s of byDeg) {
    if (seen[s]) continue;
    seen[s] = 1;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++]!;
      nb.length = 0;
      for (let p = W.rowPtr[v]!, e = W.rowPtr[v + 1]!; p < e; p++) {
        const u = W.col[p]!;
        if (!seen[u]) {
          seen[u] = 1;
          nb.push(u);
        }
      }
      for (let p = Wt.rowPtr[v]!, e = Wt.rowPtr[v + 1]!; p < e; p++) {
        const u = Wt.col[p]!;
        if (!seen[u]) {
          seen[u] = 1;
          nb.push(u);
        }
      }
      nb.sort((a, b) => deg[a]! - deg[b]! || a - b);
      for (const u of nb) order[tail++] = u;
    }
  }
  return order.reverse();
}

/** A relabelling of W's units: Wp = P W Pᵀ with Wp's unit k = W's unit perm[k]. */
export interface LocalView {
  W: CsrMatrix;
  perm: Int32Array;
  /** pinv[old] = new. */
  pinv: Int32Array;
}

const views = new WeakMap<CsrMatrix, LocalView>();

/** W relabelled in RCM order (memoised per W, so a fit and its effects share it). */
export function localView(W: CsrMatrix): LocalView {
  const hit = views.get(W);
  if (hit) return hit;
  const perm = rcmOrder(W);
  const n = W.n;
  const pinv = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv[perm[k]!] = k;
  const m = W.val.length;
  const rows = new Int32Array(m);
  const cols = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
      rows[p] = pinv[i]!;
      cols[p] = pinv[W.col[p]!]!;
    }
  }
  const names = Array.from(perm, (o) => W.names[o]!);
  const view = { W: csrFromTriplets(n, rows, cols, W.val, names, true), perm, pinv }; // W's names, relabelled
  views.set(W, view);
  views.set(view.W, {
    W: view.W,
    perm: Int32Array.from({ length: n }, (_, i) => i),
    pinv: Int32Array.from({ length: n }, (_, i) => i),
  });
  return view;
}

/** Rows of a time-major panel array (T blocks of N rows, `width` values per row) in the view's unit order. */
export function toLocal(x: Float64Array, view: LocalView, T: number, width = 1): Float64Array {
  const n = view.perm.length;
  const out = new Float64Array(x.length);
  for (let t = 0; t < T; t++) {
    const o = t * n;
    for (let k = 0; k < n; k++) {
      const src = (o + view.perm[k]!) * width;
      const dst = (o + k) * width;
      for (let c = 0; c < width; c++) out[dst + c] = x[src + c]!;
    }
  }
  return out;
}

/** The inverse of toLocal. */
export function fromLocal(x: Float64Array, view: LocalView, T: number, width = 1): Float64Array {
  const n = view.perm.length;
  const out = new Float64Array(x.length);
  for (let t = 0; t < T; t++) {
    const o = t * n;
    for (let k = 0; k < n; k++) {
      const dst = (o + view.perm[k]!) * width;
      const src = (o + k) * width;
      for (let c = 0; c < width; c++) out[dst + c] = x[src + c]!;
    }
  }
  return out;
}
