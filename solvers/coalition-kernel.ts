// A game's worth v(S) lowered to a kernel over typed arrays: plain data (structured-cloneable, so a worker thread
// or another process rebuilds it exactly) and an evaluator that computes v for a range of coalition bitmasks with
// no allocation per coalition. The kernel knows nothing of the language: execute/coalition-template.ts lowers
// a model's value(S) to it, or finds that it cannot (then the evaluator runs per coalition).
//
// v(S) is a pure function of the bitmask S: every coalition is solved from the same start whatever the order,
// the range or the thread, so a table filled in parts (workers, shards) equals the one filled in one pass to the
// last bit. Sums over S run over its members in ascending order from 0, as the evaluator's `sum` does, so the
// kernel and the evaluator agree to the last bit too.
import { SolverError } from './errors.ts';
import { AllocationProblem, minCost } from './allocation.ts';
import type { CostCurve } from './mac.ts';

/** An expression in S: constants, member sums, objectives of coalition allocation problems. */
export type KernelExpr =
  | { op: 'const'; v: number }
  | { op: 'sum'; w: Float64Array } // Σ_{i∈S} w_i
  | { op: 'count' } // |S|
  | { op: 'objective'; term: number } // optimal objective of terms[term] over S
  | { op: 'bin'; fn: '+' | '-' | '*' | '/'; a: KernelExpr; b: KernelExpr }
  | { op: 'neg'; a: KernelExpr };

/**
 * min Σ_{i∈S} RC_i(P_i) s.t. Σ_{i∈S} w_i P_i ≥ targetFixed + Σ_{i∈S} targetMember_i, lo ≤ P ≤ hi, reported as
 * that minimum + objFixed + Σ_{i∈S} objMember_i (constants of the objective).
 */
export interface AllocationTerm {
  curves: CostCurve[];
  weights: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  targetFixed: number;
  targetMember: Float64Array;
  objFixed: number;
  objMember: Float64Array;
}

export interface KernelSpec {
  n: number;
  expr: KernelExpr;
  terms: AllocationTerm[];
}

/** A failure at one coalition: a term's solve (term >= 0), or a non-finite worth (term −1), for the caller to word. */
export class KernelError extends Error {
  constructor(
    readonly mask: number,
    readonly term: number,
    readonly cause: SolverError,
  ) {
    super(cause.message);
    this.name = 'KernelError';
  }
}

/** One allocation term prepared for solving (validated once; its work space reused for every coalition). */
export class PreparedTerm {
  readonly problem: AllocationProblem;
  constructor(readonly term: AllocationTerm) {
    this.problem = new AllocationProblem(term.curves, term.weights, term.lo, term.hi);
  }
  /** The right-hand side of the coalition's constraint. */
  target(mask: number): number {
    let t = this.term.targetFixed;
    for (let r = mask; r !== 0; r &= r - 1) t += this.term.targetMember[31 - Math.clz32(r & -r)]!;
    return t;
  }
  /** The objective's constant part at S. */
  constant(mask: number): number {
    let c = this.term.objFixed;
    for (let r = mask; r !== 0; r &= r - 1) c += this.term.objMember[31 - Math.clz32(r & -r)]!;
    return c;
  }
  /** Coalitions solved. */
  solves = 0;
  private lastMask = -1;
  private lastValue = 0;
  /** The optimal objective at S (the allocation solver's minimum plus the constants); v(S) reading it twice solves once. */
  objective(mask: number): number {
    if (mask === this.lastMask) return this.lastValue;
    this.solves++;
    this.lastValue = minCost(this.problem, this.target(mask), mask) + this.constant(mask);
    this.lastMask = mask;
    return this.lastValue;
  }
}

type Compiled = (mask: number) => number;

function compileExpr(e: KernelExpr, terms: PreparedTerm[]): Compiled {
  switch (e.op) {
    case 'const': {
      const v = e.v;
      return () => v;
    }
    case 'sum': {
      const w = e.w;
      return (mask) => {
        let s = 0;
        for (let r = mask; r !== 0; r &= r - 1) s += w[31 - Math.clz32(r & -r)]!;
        return s;
      };
    }
    case 'count':
      return (mask) => {
        let c = 0;
        for (let r = mask; r !== 0; r &= r - 1) c++;
        return c;
      };
    case 'objective': {
      const t = terms[e.term]!;
      const k = e.term;
      return (mask) => {
        try {
          return t.objective(mask);
        } catch (err) {
          if (err instanceof SolverError) throw new KernelError(mask, k, err);
          throw err;
        }
      };
    }
    case 'neg': {
      const a = compileExpr(e.a, terms);
      return (mask) => -1 * a(mask);
    }
    case 'bin': {
      const a = compileExpr(e.a, terms);
      const b = compileExpr(e.b, terms);
      switch (e.fn) {
        case '+':
          return (mask) => a(mask) + b(mask);
        case '-':
          return (mask) => a(mask) - b(mask);
        case '*':
          return (mask) => a(mask) * b(mask);
        case '/':
          return (mask) => a(mask) / b(mask);
      }
    }
  }
}

/** A kernel ready to evaluate: v(mask), and v over a range into a table. */
export class CoalitionKernel {
  readonly n: number;
  readonly terms: PreparedTerm[];
  readonly value: Compiled;
  constructor(readonly spec: KernelSpec) {
    this.n = spec.n;
    this.terms = spec.terms.map((t) => new PreparedTerm(t));
    this.value = compileExpr(spec.expr, this.terms);
  }

  /** Coalition problems solved so far, over all terms. */
  get solves(): number {
    return this.terms.reduce((t, x) => t + x.solves, 0);
  }

  /** out[m − from] = v(m) for m in [from, to); v(∅) = 0. A failure is a KernelError naming the coalition. */
  fill(out: Float64Array, from: number, to: number): void {
    const value = this.value;
    for (let m = from; m < to; m++) {
      if (m === 0) {
        out[m - from] = 0;
        continue;
      }
      const x = value(m);
      if (!Number.isFinite(x)) throw new KernelError(m, -1, nonFinite(m, x));
      out[m - from] = x;
    }
  }
}

export function nonFinite(mask: number, x: number): SolverError {
  const members: number[] = [];
  for (let r = mask; r !== 0; r &= r - 1) members.push(31 - Math.clz32(r & -r));
  return new SolverError('R603', { members, value: x });
}
