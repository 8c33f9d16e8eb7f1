// Traces of G = W(I − ρW)⁻¹ needed by the ML information matrix: tr(G), tr(G²) and tr(GᵀG) = ‖G‖²_F.
//
// - 'exact' (N ≤ exactMaxN, default 2000): G column by column, g_j = W (I − ρW)⁻¹ e_j, by blocked solves with the
//   sparse LU (N right-hand sides); G is held densely (≤ 32 MB at N = 2000) so tr(G²) needs no further solves.
// - 'hutchinson' (larger N): Rademacher probes z (seeded) with control variates that remove the leading terms of
//   G = W + ρW² + ρ²W³ + …, whose traces are exact (from the sparse W² = W·W):
//   tr(G) = Σ_{k≤4} ρ^{k−1} tr(W^k) + E[zᵀ(G − Σ_{k≤4} ρ^{k−1}W^k)z],
//   tr(G²) = Σ_{2≤k≤4} (k−1)ρ^{k−2} tr(W^k) + E[zᵀ(G² − …)z],
//   tr(GᵀG) = ‖W + ρW²‖²_F + E[‖Gz‖² − ‖(W + ρW²)z‖²]. Standard errors are returned.
import { createRng } from '../random.ts';
import { type CsrMatrix, csrInner, csrMatVec, csrMultiply } from './csr.ts';
import type { Eigenvalues } from './eigen.ts';
import { lowTraces } from './logdet.ts';
import type { SparseLU } from './sparselu.ts';

export interface GTraces {
  trG: number;
  trG2: number;
  trGtG: number;
  method: 'exact' | 'hutchinson';
  /** Standard errors (0 for exact). */
  se: { trG: number; trG2: number; trGtG: number };
  probes?: number;
}

export interface GTraceOptions {
  method?: 'auto' | 'exact' | 'hutchinson';
  exactMaxN?: number;
  probes?: number;
  seed?: number;
}

/** tr(G) and tr(G²) from eigenvalues (real parts of the complex sums); a cross-check of the exact path. */
export function gTracesFromEigen(ev: Eigenvalues, rho: number): { trG: number; trG2: number } {
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < ev.re.length; i++) {
    const a = ev.re[i]!;
    const b = ev.im[i]!;
    // g = λ / (1 − ρλ)
    const dr = 1 - rho * a;
    const di = -rho * b;
    const den = dr * dr + di * di;
    const gr = (a * dr + b * di) / den;
    const gi = (b * dr - a * di) / den;
    t1 += gr;
    t2 += gr * gr - gi * gi;
  }
  return { trG: t1, trG2: t2 };
}

/** Traces of G at the ρ the LU currently holds. */
export function gTraces(W: CsrMatrix, lu: SparseLU, opts: GTraceOptions = {}): GTraces {
  const n = W.n;
  const rho = lu.currentRho;
  let method = opts.method ?? 'auto';
  if (method === 'auto') method = n <= (opts.exactMaxN ?? 2000) ? 'exact' : 'hutchinson';
  if (method === 'exact') {
    // columns of S⁻¹ in blocks of B right-hand sides, g_j = W S⁻¹ e_j; G is kept densely (N ≤ exactMaxN, at most
    // 32 MB at the default) so tr(G²) = Σ_ij G_ij G_ji comes without a second round of solves.
    const G = denseGreen(W, lu);
    let trG = 0;
    let trG2 = 0;
    let trGtG = 0;
    for (let i = 0; i < n; i++) {
      trG += G[i * n + i]!;
      for (let j = 0; j < n; j++) {
        const v = G[i * n + j]!;
        trGtG += v * v;
        if (j <= i) trG2 += (j === i ? 1 : 2) * v * G[j * n + i]!;
      }
    }
    return { trG, trG2, trGtG, method: 'exact', se: { trG: 0, trG2: 0, trGtG: 0 } };
  }
  const probes = opts.probes ?? 200;
  const rng = createRng(opts.seed ?? 20240601);
  // exact low-order traces for the control variates: tr(W^k), k ≤ 4, and Frobenius products of W and W²
  const [t1, t2] = lowTraces(W);
  const W2 = csrMultiply(W, W);
  const t3 = csrInner(W2, W).traceProduct;
  const t4 = csrInner(W2, W2).traceProduct;
  const f11 = csrInner(W, W).frobenius;
  const f12 = csrInner(W, W2).frobenius;
  const f22 = csrInner(W2, W2).frobenius;
  const z = new Float64Array(n);
  const a = new Float64Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const w1 = new Float64Array(n);
  const w2 = new Float64Array(n);
  const w3 = new Float64Array(n);
  const w4 = new Float64Array(n);
  const r2 = rho * rho;
  const r3 = r2 * rho;
  const s = [new Float64Array(probes), new Float64Array(probes), new Float64Array(probes)] as const;
  for (let p = 0; p < probes; p++) {
    for (let i = 0; i < n; i++) z[i] = rng.uniform() < 0.5 ? -1 : 1;
    lu.solve(z, a);
    csrMatVec(W, a, g); // Gz
    lu.solve(g, a);
    csrMatVec(W, a, h); // G²z
    csrMatVec(W, z, w1);
    csrMatVec(W, w1, w2);
    csrMatVec(W, w2, w3);
    csrMatVec(W, w3, w4);
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      // G − (W + ρW² + ρ²W³ + ρ³W⁴),  G² − (W² + 2ρW³ + 3ρ²W⁴),  ‖Gz‖² − ‖(W + ρW²)z‖²
      c1 += zi * (g[i]! - w1[i]! - rho * w2[i]! - r2 * w3[i]! - r3 * w4[i]!);
      c2 += zi * (h[i]! - w2[i]! - 2 * rho * w3[i]! - 3 * r2 * w4[i]!);
      const pz = w1[i]! + rho * w2[i]!;
      c3 += g[i]! * g[i]! - pz * pz;
    }
    s[0][p] = c1;
    s[1][p] = c2;
    s[2][p] = c3;
  }
  const stat = (v: Float64Array) => {
    let m = 0;
    for (const x of v) m += x;
    m /= v.length;
    let q = 0;
    for (const x of v) q += (x - m) * (x - m);
    return { m, se: v.length > 1 ? Math.sqrt(q / (v.length - 1) / v.length) : 0 };
  };
  const q1 = stat(s[0]);
  const q2 = stat(s[1]);
  const q3 = stat(s[2]);
  return {
    trG: t1 + rho * t2 + r2 * t3 + r3 * t4 + q1.m,
    trG2: t2 + 2 * rho * t3 + 3 * r2 * t4 + q2.m,
    trGtG: f11 + 2 * rho * f12 + r2 * f22 + q3.m,
    method: 'hutchinson',
    se: { trG: q1.se, trG2: q2.se, trGtG: q3.se },
    probes,
  };
}

/**
 * Walk the columns of S⁻¹ = (I − ρW)⁻¹, at the ρ the LU holds, in blocks of 32 right-hand sides: `visit(j0, m, sol,
 * wsol)` receives S⁻¹e_j and g_j = W S⁻¹e_j for j = j0 … j0 + m − 1, entry i of column c at [i·m + c].
 */
export function forGreenColumns(
  W: CsrMatrix,
  lu: SparseLU,
  visit: (j0: number, m: number, sol: Float64Array, wsol: Float64Array) => void,
): void {
  const n = W.n;
  const B = 32;
  const rhs = new Float64Array(n * B);
  const sol = new Float64Array(n * B);
  const wsol = new Float64Array(n * B);
  for (let j0 = 0; j0 < n; j0 += B) {
    const m = Math.min(B, n - j0);
    rhs.fill(0);
    for (let c = 0; c < m; c++) rhs[(j0 + c) * m + c] = 1;
    lu.solveBlock(rhs.subarray(0, n * m), m, sol);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) s += W.val[p]! * sol[W.col[p]! * m + c]!;
        wsol[i * m + c] = s;
      }
    }
    visit(j0, m, sol.subarray(0, n * m), wsol.subarray(0, n * m));
  }
}

/** G = W(I − ρW)⁻¹ densely (row-major n × n), for the exact traces when N is small enough to keep it. */
export function denseGreen(W: CsrMatrix, lu: SparseLU): Float64Array {
  const n = W.n;
  const G = new Float64Array(n * n);
  forGreenColumns(W, lu, (j0, m, _sol, wsol) => {
    for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) G[i * n + j0 + c] = wsol[i * m + c]!;
  });
  return G;
}
