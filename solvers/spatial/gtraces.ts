// Traces of G = W(I − ρW)⁻¹ needed by the ML information matrix: tr(G), tr(G²) and tr(GᵀG) = ‖G‖²_F.
//
// - 'exact' (N ≤ exactMaxN, default 2000): G column by column, g_j = W (I − ρW)⁻¹ e_j, by blocked solves with the
//   sparse LU (N right-hand sides); G is held densely (≤ 32 MB at N = 2000) so tr(G²) needs no further solves.
// - 'hutchinson' (larger N): Rademacher probes z (seeded) with control variates that remove the leading terms of
//   G = W + ρW² + ρ²W³ + …, whose traces are exact (from the sparse W² = W·W):
//   tr(G) = Σ_{k≤4} ρ^{k−1} tr(W^k) + E[zᵀ(G − Σ_{k≤4} ρ^{k−1}W^k)z],
//   tr(G²) = Σ_{2≤k≤4} (k−1)ρ^{k−2} tr(W^k) + E[zᵀ(G² − …)z],
//   tr(GᵀG) = ‖W + ρW²‖²_F + E[‖Gz‖² − ‖(W + ρW²)z‖²]. Standard errors are returned.
// - 'series' (with an approximate log-determinant, whose trace estimates it shares — 'auto' above exactMaxN when
//   they are given): tr(G) = Σ_{k≥0} ρ^k tr(W^{k+1}) and tr(G²) = Σ_{k≥0} (k + 1)ρ^k tr(W^{k+2}) from the power
//   traces (traces.ts, exact to order 4), truncated where the tail bound Nr(r|ρ|)^m/(1 − r|ρ|) (resp.
//   Nr²Σ_{k≥m−1}(k + 1)(r|ρ|)^k) is below 1e-10·N; tr(GᵀG) as above with the same number of probes, solved in
//   blocks of 8 by the Neumann iteration, the W and W² terms exact (lowOrderInvariants). No N×N matrix, no LU.
import { SolverError } from '../errors.ts';
import { createRng } from '../random.ts';
import { type CsrMatrix, csrGet, csrInner, csrMatVec, csrMultiply } from './csr.ts';
import type { Eigenvalues } from './eigen.ts';
import { lowTraces, spectralRadiusBound } from './logdet.ts';
import type { ShiftedSolver } from './shifted.ts';
import { PROBE_BLOCK, blockMatVec, combineTraces, fillProbes, lowOrderInvariants, type TraceSource } from './traces.ts';

export interface GTraces {
  trG: number;
  trG2: number;
  trGtG: number;
  method: 'exact' | 'hutchinson' | 'series';
  /** Standard errors (0 for exact). */
  se: { trG: number; trG2: number; trGtG: number };
  /** 'series': bounds of the truncated tails of tr(G) and tr(G²), and the order used. */
  truncation?: { trG: number; trG2: number; order: number };
  /** 'series' with `diag`: diag(G) estimated from the same probes, and Σ_i G_ii² corrected for the probe noise. */
  diag?: Float64Array;
  diagSquares?: number;
  probes?: number;
}

export interface GTraceOptions {
  method?: 'auto' | 'exact' | 'hutchinson' | 'series';
  exactMaxN?: number;
  probes?: number;
  seed?: number;
  /** The trace estimates of an approximate log-determinant ('series'). */
  traces?: TraceSource;
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

/** Traces of G at the ρ the solver currently holds. */
export function gTraces(W: CsrMatrix, lu: ShiftedSolver, opts: GTraceOptions = {}): GTraces {
  const n = W.n;
  const rho = lu.currentRho;
  let method = opts.method ?? 'auto';
  if (method === 'auto') method = n <= (opts.exactMaxN ?? 2000) ? 'exact' : opts.traces ? 'series' : 'hutchinson';
  if (method === 'series') {
    if (!opts.traces) throw new SolverError('R918');
    return seriesGTraces(W, lu, opts.traces, opts.seed ?? 20240601);
  }
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
  lu: ShiftedSolver,
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
export function denseGreen(W: CsrMatrix, lu: ShiftedSolver): Float64Array {
  const n = W.n;
  const G = new Float64Array(n * n);
  forGreenColumns(W, lu, (j0, m, _sol, wsol) => {
    for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) G[i * n + j0 + c] = wsol[i * m + c]!;
  });
  return G;
}

/** Tail bounds of the tr(G) and tr(G²) series after m power traces, q = r|ρ| < 1. */
function seriesTails(n: number, r: number, q: number, m: number): { trG: number; trG2: number } {
  if (q >= 1) return { trG: Infinity, trG2: Infinity };
  const K = m - 1;
  return { trG: (n * r * q ** m) / (1 - q), trG2: (n * r * r * q ** K * (K + 1 - K * q)) / ((1 - q) * (1 - q)) };
}

/** The 'series' traces (see the header). */
export function seriesGTraces(
  W: CsrMatrix,
  solver: ShiftedSolver,
  source: TraceSource,
  seed: number,
  opts: { diag?: boolean } = {},
): GTraces {
  const n = W.n;
  const rho = solver.currentRho;
  const r = spectralRadiusBound(W);
  const q = Math.abs(rho) * r;
  let m = Math.max(source.order, 2);
  while (m < 1000 && Math.max(seriesTails(n, r, q, m).trG, seriesTails(n, r, q, m).trG2) > 1e-10 * n) m++;
  const te = source.powerTraces(m);
  const c1 = new Float64Array(m + 1);
  const c2 = new Float64Array(m + 1);
  let pk = 1;
  for (let k = 0; k + 1 <= m; k++) {
    c1[k + 1] = pk;
    if (k + 2 <= m) c2[k + 2] = (k + 1) * pk;
    pk *= rho;
  }
  const g1 = combineTraces(te, c1);
  const g2 = combineTraces(te, c2);
  // ‖G‖²_F: ‖Gz‖² − ‖(W + ρW²)z‖² per probe, blocks of PROBE_BLOCK solved at once
  const inv = lowOrderInvariants(W);
  const probes = te.probes || 16;
  const B = PROBE_BLOCK;
  const Z = new Float64Array(n * B);
  const A = new Float64Array(n * B);
  const GZ = new Float64Array(n * B);
  const WZ = new Float64Array(n * B);
  const W2Z = new Float64Array(n * B);
  const samples = new Float64Array(probes);
  // diag(G): diag(W + ρW²) exactly, plus the probe mean of z ⊙ (G − W − ρW²)z (sum and sum of squares per unit)
  const du = opts.diag ? new Float64Array(n) : null;
  const dv = opts.diag ? new Float64Array(n) : null;
  for (let p0 = 0; p0 < probes; p0 += B) {
    const nb = Math.min(B, probes - p0);
    fillProbes(Z, n, B, seed, p0);
    solver.solveBlock(Z, B, A, 1e-10); // each probe is a random estimate: 1e-10 is far below its noise
    blockMatVec(W, A, B, GZ);
    blockMatVec(W, Z, B, WZ);
    blockMatVec(W, WZ, B, W2Z);
    for (let c = 0; c < nb; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const g = GZ[i * B + c]!;
        const pz = WZ[i * B + c]! + rho * W2Z[i * B + c]!;
        s += g * g - pz * pz;
        if (du) {
          const e = Z[i * B + c]! * (g - pz);
          du[i]! += e;
          dv![i]! += e * e;
        }
      }
      samples[p0 + c] = s;
    }
  }
  let diag: Float64Array | undefined;
  let diagSquares: number | undefined;
  if (du) {
    diag = new Float64Array(n);
    diagSquares = 0;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let p = W.rowPtr[i]!, e = W.rowPtr[i + 1]!; p < e; p++) {
        const j = W.col[p]!;
        if (j === i) d += W.val[p]!;
        d += rho * W.val[p]! * csrGet(W, j, i);
      }
      const mean = du[i]! / probes;
      diag[i] = d + mean;
      // E[d̂²] = d² + Var(d̂): subtract the estimated variance of the probe mean
      const varMean = Math.max(0, (dv![i]! / probes - mean * mean) / (probes - 1));
      diagSquares += diag[i]! * diag[i]! - varMean;
    }
  }
  let mean = 0;
  for (const v of samples) mean += v;
  mean /= probes;
  let ss = 0;
  for (const v of samples) ss += (v - mean) * (v - mean);
  const seF = Math.sqrt(ss / (probes - 1) / probes);
  const tails = seriesTails(n, r, q, m);
  return {
    trG: g1.value,
    trG2: g2.value,
    trGtG: inv.f11 + 2 * rho * inv.f12 + rho * rho * inv.f22 + mean,
    method: 'series',
    se: { trG: g1.se, trG2: g2.se, trGtG: seF },
    truncation: { trG: tails.trG, trG2: tails.trG2, order: m },
    probes,
    ...(diag ? { diag, diagSquares } : {}),
  };
}
