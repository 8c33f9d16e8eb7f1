// Solves with A(ρ) = I − ρW for the standard errors, effects and fitted values when N is too large for the sparse
// LU: the Neumann (Richardson) iteration x ← b + ρWx, which needs only products with W (O(nnz) memory, no fill).
// For row-standardised W the iteration is a contraction in the ∞-norm with factor q = |ρ|·‖W‖∞ < 1, so after the
// step d = x_{k+1} − x_k the error is at most ‖d‖∞·q/(1 − q) (the stopping rule uses that bound); for other W it
// converges when |ρ| < 1/spectral radius and stops on a small step. Both solvers share one interface, so the
// callers (models.ts, dynamic.ts, gtraces.ts) do not care which one they hold.
import { SolverError } from '../errors.ts';
import { type CsrMatrix, csrRowSums, csrTranspose } from './csr.ts';
import { PROBE_BLOCK, blockMatVec } from './traces.ts';

/** (I − ρW)⁻¹ applied to vectors, at the ρ of the last `factor(ρ)`. SparseLU implements it exactly. */
export interface ShiftedSolver {
  readonly n: number;
  factor(rho: number): void;
  readonly currentRho: number;
  /** Solve (I − ρW)x = b; offsets address one period block of a stacked panel vector. */
  solve(b: ArrayLike<number>, out: Float64Array, bOff?: number, outOff?: number): Float64Array;
  /**
   * m right-hand sides at once, row-major n × m (entry (i, c) at i·m + c). `tol`: the relative accuracy an
   * iterative solver may stop at (probe solves need less than 1e-13); exact solvers ignore it.
   */
  solveBlock(B: Float64Array, m: number, out?: Float64Array, tol?: number): Float64Array;
  /** Solve (I − ρW)ᵀx = b. */
  solveTranspose(b: ArrayLike<number>, out: Float64Array, bOff?: number, outOff?: number): Float64Array;
  /** Solve each of the T period blocks of a time-major panel vector (length N·T). */
  solvePanel(b: ArrayLike<number>, T: number, out: Float64Array): Float64Array;
}

export interface IterativeOptions {
  /** Relative accuracy in the ∞-norm. Default 1e-13. */
  tol?: number;
  /** Default 100,000 iterations. */
  maxIter?: number;
}

/** Neumann-series solver for I − ρW (see the header). */
export class IterativeShifted implements ShiftedSolver {
  readonly n: number;
  private readonly W: CsrMatrix;
  private Wt: CsrMatrix | null = null;
  private readonly normInf: number;
  private normInfT = NaN;
  private readonly tol: number;
  private readonly maxIter: number;
  private rho = NaN;
  private lastPanel: { rho: number; b: Float64Array; x: Float64Array } | null = null;
  /** Iterations of the last solve (for diagnostics). */
  lastIterations = 0;

  constructor(W: CsrMatrix, opts: IterativeOptions = {}) {
    this.n = W.n;
    this.W = W;
    this.normInf = csrRowSums({ ...W, val: W.val.map(Math.abs) }).reduce((m, v) => Math.max(m, v), 0);
    this.tol = opts.tol ?? 1e-13;
    this.maxIter = opts.maxIter ?? 100_000;
  }

  factor(rho: number): void {
    if (!Number.isFinite(rho)) throw new SolverError('R913', { rho });
    this.rho = rho;
  }

  get currentRho(): number {
    return this.rho;
  }

  /** Solve for m interleaved columns: one at a time when m = 1, else in 8-wide chunks (the fast kernel). */
  private run(A: CsrMatrix, normA: number, b: Float64Array, m: number, x: Float64Array, tol = this.tol): void {
    if (m === 1 || m === PROBE_BLOCK) return this.iterate(A, normA, b, m, x, tol);
    const n = this.n;
    const B = PROBE_BLOCK;
    const bc = new Float64Array(n * B);
    const xc = new Float64Array(n * B);
    for (let c0 = 0; c0 < m; c0 += B) {
      const w = Math.min(B, m - c0);
      bc.fill(0);
      for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) bc[i * B + c] = b[i * m + c0 + c]!;
      this.iterate(A, normA, bc, B, xc, tol);
      for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) x[i * m + c0 + c] = xc[i * B + c]!;
    }
  }

  private iterate(A: CsrMatrix, normA: number, b: Float64Array, m: number, x: Float64Array, tol: number): void {
    const rho = this.rho;
    if (Number.isNaN(rho)) throw new SolverError('R903', { before: 'solving' });
    const q = Math.abs(rho) * normA;
    const factor = q < 1 ? Math.max(1, q / (1 - q)) : 1;
    x.set(b);
    const y = new Float64Array(x.length);
    for (let it = 1; it <= this.maxIter; it++) {
      blockMatVec(A, x, m, y);
      let dmax = 0;
      let xmax = 0;
      for (let i = 0; i < x.length; i++) {
        const v = b[i]! + rho * y[i]!;
        const d = Math.abs(v - x[i]!);
        if (d > dmax) dmax = d;
        const a = Math.abs(v);
        if (a > xmax) xmax = a;
        x[i] = v;
      }
      if (dmax * factor <= tol * xmax || dmax === 0) {
        this.lastIterations = it;
        return;
      }
      if (!Number.isFinite(dmax)) break;
    }
    throw new SolverError('R914', { rho, q });
  }

  solve(b: ArrayLike<number>, out: Float64Array, bOff = 0, outOff = 0): Float64Array {
    const n = this.n;
    const bb = Float64Array.from({ length: n }, (_, i) => b[bOff + i]!);
    const x = new Float64Array(n);
    this.run(this.W, this.normInf, bb, 1, x);
    out.set(x, outOff);
    return out;
  }

  solveBlock(B: Float64Array, m: number, out: Float64Array = new Float64Array(this.n * m), tol?: number): Float64Array {
    this.run(this.W, this.normInf, B.subarray(0, this.n * m), m, out.subarray(0, this.n * m), tol ?? this.tol);
    return out;
  }

  solvePanel(b: ArrayLike<number>, T: number, out: Float64Array): Float64Array {
    // a fit solves the same Z̃β̂ at ρ̂ for its information matrix and its fitted values: keep the last one
    const last = this.lastPanel;
    if (last && last.rho === this.rho && last.b.length === b.length && last.b.every((v, i) => v === b[i])) {
      out.set(last.x);
      return out;
    }
    // the T blocks as T interleaved columns, solved together (one pass over W per iteration)
    const n = this.n;
    const B = new Float64Array(n * T);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) B[i * T + t] = b[t * n + i]!;
    const X = new Float64Array(n * T);
    this.run(this.W, this.normInf, B, T, X);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) out[t * n + i] = X[i * T + t]!;
    this.lastPanel = { rho: this.rho, b: Float64Array.from(b), x: out.slice() };
    return out;
  }

  solveTranspose(b: ArrayLike<number>, out: Float64Array, bOff = 0, outOff = 0): Float64Array {
    if (!this.Wt) {
      this.Wt = csrTranspose(this.W);
      this.normInfT = csrRowSums({ ...this.Wt, val: this.Wt.val.map(Math.abs) }).reduce((m, v) => Math.max(m, v), 0);
    }
    const n = this.n;
    const bb = Float64Array.from({ length: n }, (_, i) => b[bOff + i]!);
    const x = new Float64Array(n);
    this.run(this.Wt, this.normInfT, bb, 1, x);
    out.set(x, outOff);
    return out;
  }
}
