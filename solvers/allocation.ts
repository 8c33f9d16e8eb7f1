// Least-cost allocation of a reduction target across regions (seed 002, Eq. 1–3):
//
//   minimise Σ_i RC_i(P_i)   s.t.   Σ_i P_i·E0_i ≥ R,   α_i ≤ P_i ≤ β_i.
//
// With every RC_i convex on [α_i, β_i] the problem is separable and convex, so the KKT conditions are exact:
// every region not at a bound has the same marginal cost per unit of emission, RC_i'(P_i)/E0_i = λ, and λ ≥ 0 is
// the shadow price of the target (cost units per emission unit: billion USD / Mt = 1000 USD/t in the study).
// We solve for λ by a bracketed Newton iteration with bisection fallback (to machine precision); for a given λ
// each region's P_i(λ) is the inverse of its marginal, clipped to its bounds: closed form for cubic, log, power
// and pel costs, safeguarded Newton/bisection for higher-degree polynomials. The whole solve is O(n·iterations)
// with no allocation, because a cooperative game calls it for every coalition (2^n times).
import { SolverError } from './errors.ts';
import { type CostCurve, checkConvex, cost, curvature, marginal } from './mac.ts';

const EPS = 2.220446049250313e-16;
const KIND_CUBIC = 0; // poly of degree <= 3: RC = k0 + k1 P + k2 P² + k3 P³
const KIND_POLY = 1; // poly of degree > 3
const KIND_LOG = 2;
const KIND_POWER = 3;
const KIND_PEL = 4;

/** Maximum players addressable by a bitmask subset (bit i = region i). */
export const MAX_MASK_REGIONS = 30;

/** A validated allocation problem with preallocated work space; reuse it for many targets / subsets. */
export class AllocationProblem {
  readonly n: number;
  readonly curves: readonly CostCurve[];
  readonly e0: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** P of the most recent solve (entries of regions outside the subset are left untouched by minCost). */
  readonly p: Float64Array;
  /** Multiplier λ of the most recent solve. */
  lambda = 0;
  /** Σ P·E0 − R of the most recent solve (≥ 0 up to rounding). */
  residual = 0;
  /** Iterations of the λ search in the most recent solve. */
  iterations = 0;

  /** @internal */ readonly kind: Int8Array;
  /** @internal */ readonly k: Float64Array; // 4 parameters per region
  /** @internal */ readonly mLo: Float64Array; // RC'(α)
  /** @internal */ readonly mHi: Float64Array; // RC'(β)
  /** @internal */ readonly act: Int32Array;
  /** @internal */ readonly mark: Uint8Array;
  /** @internal */ readonly pA: Float64Array;
  /** @internal */ readonly pB: Float64Array;
  /** @internal */ nAct = 0;
  /** Every curve is a polynomial of degree <= 3: the hot loops inline its closed forms (the common case). */
  readonly allCubic: boolean;
  /** 2^n: bitmask subsets are below it. */
  private readonly masks: number;

  /**
   * `names` (optional) label the regions in error messages with the caller's names (a model's `P[north]`)
   * instead of `region i`.
   */
  constructor(
    curves: readonly CostCurve[],
    e0: ArrayLike<number>,
    lo: ArrayLike<number>,
    hi: ArrayLike<number>,
    names?: readonly string[],
  ) {
    const n = curves.length;
    if (e0.length !== n || lo.length !== n || hi.length !== n) {
      throw new SolverError('R620', { case: 'regions', curves: n, e0: e0.length, lower: lo.length, upper: hi.length });
    }
    this.n = n;
    this.curves = curves;
    this.e0 = Float64Array.from(e0);
    this.lo = Float64Array.from(lo);
    this.hi = Float64Array.from(hi);
    this.p = new Float64Array(n);
    this.kind = new Int8Array(n);
    this.k = new Float64Array(4 * n);
    this.mLo = new Float64Array(n);
    this.mHi = new Float64Array(n);
    this.act = new Int32Array(n);
    this.mark = new Uint8Array(n);
    this.pA = new Float64Array(n);
    this.pB = new Float64Array(n);
    const region = (i: number) => ({ region: i, ...(names?.[i] === undefined ? {} : { name: names[i] }) });
    for (let i = 0; i < n; i++) {
      const a = this.lo[i]!;
      const b = this.hi[i]!;
      const e = this.e0[i]!;
      if (!Number.isFinite(e) || e < 0) {
        throw new SolverError('R621', { ...region(i), e0: e });
      }
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        throw new SolverError('R622', { case: 'finite', ...region(i), lo: a, hi: b });
      }
      if (a > b) {
        throw new SolverError('R622', { case: 'order', ...region(i), lo: a, hi: b });
      }
      const c = curves[i]!;
      if (!Number.isFinite(cost(c, a)) || !Number.isFinite(cost(c, b))) {
        throw new SolverError('R622', { case: 'curve', ...region(i), form: c.form, lo: a, hi: b });
      }
      const bad = checkConvex(c, a, b);
      if (bad !== null && bad.hi > bad.lo) {
        throw new SolverError('R623', { ...region(i), from: bad.lo, to: bad.hi, lo: a, hi: b });
      }
      this.pack(i, c);
      this.mLo[i] = marginal(c, a);
      this.mHi[i] = marginal(c, b);
    }
    this.allCubic = this.kind.every((k) => k === KIND_CUBIC);
    this.masks = 2 ** n;
  }

  private pack(i: number, c: CostCurve): void {
    const k = this.k;
    switch (c.form) {
      case 'poly': {
        let deg = c.coef.length - 1;
        while (deg > 0 && c.coef[deg] === 0) deg--;
        if (deg <= 3) {
          this.kind[i] = KIND_CUBIC;
          for (let j = 0; j < 4; j++) k[4 * i + j] = c.coef[j] ?? 0;
        } else {
          this.kind[i] = KIND_POLY;
        }
        return;
      }
      case 'log':
        this.kind[i] = KIND_LOG;
        k[4 * i] = c.a;
        k[4 * i + 1] = c.b;
        return;
      case 'power':
        this.kind[i] = KIND_POWER;
        k[4 * i] = c.a;
        k[4 * i + 1] = c.b;
        return;
      case 'pel':
        this.kind[i] = KIND_PEL;
        k[4 * i] = c.g0;
        return;
    }
  }

  /** @internal Set the active index list from a mask or an index list. */
  select(subset: number | ArrayLike<number> | undefined): void {
    const n = this.n;
    const act = this.act;
    let m = 0;
    if (subset === undefined) {
      for (let i = 0; i < n; i++) act[m++] = i;
    } else if (typeof subset === 'number') {
      if (n > MAX_MASK_REGIONS) throw new SolverError('R624', { case: 'maskTooWide', max: MAX_MASK_REGIONS });
      if (!(subset >= 0 && subset < this.masks && subset === Math.floor(subset))) {
        throw new SolverError('R624', { case: 'mask', mask: subset, n });
      }
      for (let r = subset; r !== 0; r &= r - 1) act[m++] = 31 - Math.clz32(r & -r);
    } else {
      const mark = this.mark;
      for (let j = 0; j < subset.length; j++) {
        const i = subset[j]!;
        if (!Number.isInteger(i) || i < 0 || i >= n || mark[i] === 1) {
          for (let q = 0; q < j; q++) mark[subset[q]!] = 0;
          throw new SolverError('R624', { case: 'index', index: i, n });
        }
        mark[i] = 1;
        act[m++] = i;
      }
      for (let j = 0; j < subset.length; j++) mark[subset[j]!] = 0;
    }
    this.nAct = m;
  }

  /**
   * @internal P_i minimising RC_i(P) − m·P on [α_i, β_i] (m = λ·E0_i). Where the marginal is flat (a linear
   * piece) the minimiser is not unique: `up` picks the largest, otherwise the smallest.
   */
  inverse(i: number, m: number, up = false): number {
    const a = this.lo[i]!;
    const b = this.hi[i]!;
    if (up ? m >= this.mHi[i]! : m <= this.mLo[i]!) return up ? b : a;
    if (up ? m <= this.mLo[i]! : m >= this.mHi[i]!) return up ? a : b;
    const k = this.k;
    let p: number;
    switch (this.kind[i]) {
      case KIND_CUBIC: {
        // RC' = k1 + 2k2 P + 3k3 P² = m; the root on the increasing branch is (−B + √D)/(2A) for either sign
        // of A; use the cancellation-free form when B > 0.
        const A = 3 * k[4 * i + 3]!;
        const B = 2 * k[4 * i + 2]!;
        const C = k[4 * i + 1]! - m;
        if (A === 0) {
          p = -C / B;
        } else {
          const D = Math.max(B * B - 4 * A * C, 0);
          const s = Math.sqrt(D);
          p = B > 0 ? (-2 * C) / (B + s) : (-B + s) / (2 * A);
        }
        break;
      }
      case KIND_LOG:
        p = Math.exp((m - k[4 * i]!) / k[4 * i + 1]!);
        break;
      case KIND_POWER:
        p = Math.pow(m / k[4 * i]!, 1 / k[4 * i + 1]!);
        break;
      case KIND_PEL:
        p = m / (k[4 * i]! + m);
        break;
      default:
        p = this.newtonInverse(i, m, a, b);
    }
    // the closed forms can leave the bracket by an ulp
    return p < a ? a : p > b ? b : p;
  }

  private newtonInverse(i: number, m: number, a: number, b: number): number {
    const c = this.curves[i]!;
    let lo = a;
    let hi = b;
    let x = 0.5 * (a + b);
    for (let it = 0; it < 200; it++) {
      const f = marginal(c, x) - m;
      if (f === 0) return x;
      if (f < 0) lo = x;
      else hi = x;
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) break;
      const d = curvature(c, x);
      const nx = d > 0 ? x - f / d : NaN;
      x = nx > lo && nx < hi ? nx : 0.5 * (lo + hi);
    }
    return x;
  }

  /** @internal RC_i''(P). */
  curv(i: number, P: number): number {
    if (this.kind[i] === KIND_CUBIC) return 2 * this.k[4 * i + 2]! + 6 * this.k[4 * i + 3]! * P;
    return curvature(this.curves[i]!, P);
  }

  /** @internal RC_i'(P). */
  marg(i: number, P: number): number {
    if (this.kind[i] === KIND_CUBIC)
      return this.k[4 * i + 1]! + P * (2 * this.k[4 * i + 2]! + 3 * this.k[4 * i + 3]! * P);
    return marginal(this.curves[i]!, P);
  }

  /** @internal RC_i(P). */
  costOf(i: number, P: number): number {
    if (this.kind[i] === KIND_CUBIC) {
      const k = this.k;
      return k[4 * i]! + P * (k[4 * i + 1]! + P * (k[4 * i + 2]! + P * k[4 * i + 3]!));
    }
    return cost(this.curves[i]!, P);
  }
}

/** Validate curves, E0 and bounds once (convexity on [α, β] included) and preallocate the work space. */
export function prepareAllocation(
  curves: readonly CostCurve[],
  e0: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
): AllocationProblem {
  return new AllocationProblem(curves, e0, lo, hi);
}

// λ-evaluation scratch (module level so the hot path allocates nothing)
let evalS = 0;
let evalDS = 0;
let sumE0 = 0;

/**
 * λ of the problem with every marginal linearised at P̄ (the hint, e.g. the regions' own feasible rates, or the
 * common rate R/ΣE0 clipped to the bounds): Σ E0_i·(P̄_i + (λE0_i − RC_i'(P̄_i))/RC_i''(P̄_i)) = R.
 */
function guessLambda(pr: AllocationProblem, target: number, hint: ArrayLike<number> | undefined): number {
  const { act, e0, k } = pr;
  const cubic = pr.allCubic;
  const common = sumE0 > 0 ? target / sumE0 : 0;
  let num = target;
  let den = 0;
  for (let j = 0; j < pr.nAct; j++) {
    const i = act[j]!;
    const a = pr.lo[i]!;
    const b = pr.hi[i]!;
    let p = hint === undefined ? common : hint[i]!;
    p = p < a ? a : p > b ? b : p;
    const e = e0[i]!;
    num -= e * p;
    let c: number;
    let mg: number;
    if (cubic) {
      c = 2 * k[4 * i + 2]! + 6 * k[4 * i + 3]! * p;
      mg = k[4 * i + 1]! + p * (2 * k[4 * i + 2]! + 3 * k[4 * i + 3]! * p);
    } else {
      c = pr.curv(i, p);
      mg = c > 0 ? pr.marg(i, p) : 0;
    }
    if (c > 0) {
      num += (e * mg) / c;
      den += (e * e) / c;
    }
  }
  return den > 0 ? num / den : NaN;
}

function evalAt(pr: AllocationProblem, lam: number, out: Float64Array, up = false): void {
  if (pr.allCubic && !up) return evalAtCubic(pr, lam, out);
  const act = pr.act;
  const e0 = pr.e0;
  let S = 0;
  let dS = 0;
  for (let j = 0; j < pr.nAct; j++) {
    const i = act[j]!;
    const e = e0[i]!;
    const P = pr.inverse(i, lam * e, up);
    out[i] = P;
    S += e * P;
    if (P > pr.lo[i]! && P < pr.hi[i]!) {
      const d = pr.curv(i, P);
      dS += d > 0 ? (e * e) / d : Infinity;
    }
  }
  evalS = S;
  evalDS = dS;
}

/** evalAt for all-cubic problems: AllocationProblem.inverse and .curv inlined (the same arithmetic, no calls). */
function evalAtCubic(pr: AllocationProblem, lam: number, out: Float64Array): void {
  const { act, e0, lo, hi, mLo, mHi, k } = pr;
  let S = 0;
  let dS = 0;
  for (let j = 0; j < pr.nAct; j++) {
    const i = act[j]!;
    const e = e0[i]!;
    const m = lam * e;
    const a = lo[i]!;
    const b = hi[i]!;
    let P: number;
    if (m <= mLo[i]!) P = a;
    else if (m >= mHi[i]!) P = b;
    else {
      const A = 3 * k[4 * i + 3]!;
      const B = 2 * k[4 * i + 2]!;
      const C = k[4 * i + 1]! - m;
      if (A === 0) P = -C / B;
      else {
        const D = Math.max(B * B - 4 * A * C, 0);
        const sq = Math.sqrt(D);
        P = B > 0 ? (-2 * C) / (B + sq) : (-B + sq) / (2 * A);
      }
      P = P < a ? a : P > b ? b : P;
    }
    out[i] = P;
    S += e * P;
    if (P > a && P < b) {
      const d = 2 * k[4 * i + 2]! + 6 * k[4 * i + 3]! * P;
      dS += d > 0 ? (e * e) / d : Infinity;
    }
  }
  evalS = S;
  evalDS = dS;
}

/**
 * Hot path: minimum total cost for `target` over the regions in `subset` (bitmask, index list, or all).
 * Writes P into `problem.p` (active regions only) and sets `problem.lambda`, `.residual`, `.iterations`.
 * `hint` (optional, indexed by region) is a rate vector near the answer, e.g. the regions' own rates that meet
 * the same target; it only seeds the λ iteration (without it the common rate R/ΣE0 is used), never the result.
 * Throws ALLOC_INFEASIBLE when the target exceeds Σ β·E0 over the subset.
 */
export function minCost(
  pr: AllocationProblem,
  target: number,
  subset?: number | ArrayLike<number>,
  hint?: ArrayLike<number>,
): number {
  if (!Number.isFinite(target)) throw new SolverError('R625', { target });
  pr.select(subset);
  const act = pr.act;
  const nAct = pr.nAct;
  const e0 = pr.e0;
  const P = pr.p;
  let sMax = 0;
  let scale = 0;
  let lamHi = 0;
  sumE0 = 0;
  for (let j = 0; j < nAct; j++) {
    const i = act[j]!;
    sMax += pr.hi[i]! * e0[i]!;
    sumE0 += e0[i]!;
    scale += e0[i]! * Math.max(Math.abs(pr.hi[i]!), Math.abs(pr.lo[i]!));
    if (e0[i]! > 0) lamHi = Math.max(lamHi, pr.mHi[i]! / e0[i]!);
  }
  const tolS = 8 * (nAct + 1) * EPS * Math.max(scale, Math.abs(target));
  if (target > sMax + tolS) {
    const shortfall = target - sMax;
    throw new SolverError('R626', { target, maxReduction: sMax, shortfall });
  }
  pr.iterations = 0;
  if (lamHi <= 0) {
    // every marginal at β is <= 0: at λ = 0 all regions sit at β, which meets the (feasible) target
    evalAt(pr, 0, P);
    return settledAtZero(pr, evalS, target);
  }
  let lo = 0;
  let hi = lamHi;
  const sHi = sMax; // at λ = lamHi every region with E0 > 0 is at β (regions with E0 = 0 contribute nothing)
  // Start from the λ of the linearised problem (each marginal linearised at the hint, or at the common rate
  // R/ΣE0); when that is unusable, check λ = 0 first and start from the secant.
  let lam = guessLambda(pr, target, hint);
  let slackPending = true;
  if (!(lam > 0 && lam < hi)) {
    evalAt(pr, 0, P);
    const sLo = evalS;
    if (sLo >= target - tolS) return settledAtZero(pr, sLo, target);
    slackPending = false;
    lam = lo + ((hi - lo) * (target - sLo)) / (sHi - sLo);
    if (!(lam > lo && lam < hi)) lam = 0.5 * (lo + hi);
  }
  let dx = hi - lo;
  let dxOld = dx;
  let exact = false;
  for (let it = 0; it < 400; it++) {
    pr.iterations = it + 1;
    evalAt(pr, lam, P);
    const f = evalS - target;
    const dS = evalDS;
    if (Math.abs(f) <= tolS) {
      exact = true;
      break;
    }
    if (f < 0) {
      lo = lam;
      slackPending = false; // S(0) <= S(λ) < R: the target binds
    } else {
      hi = lam;
      if (slackPending) {
        // the guess overshot: is the target slack altogether (λ = 0)?
        slackPending = false;
        evalAt(pr, 0, P);
        if (evalS >= target - tolS) return settledAtZero(pr, evalS, target);
      }
    }
    if (hi - lo <= 4 * EPS * hi) break;
    // rtsafe rule: take the Newton step only if it stays inside the bracket and halves the step size
    const step = dS > 0 && Number.isFinite(dS) ? f / dS : NaN;
    const nx = lam - step;
    if (nx > lo && nx < hi && Math.abs(2 * step) <= Math.abs(dxOld)) {
      dxOld = dx;
      dx = step;
      lam = nx;
    } else {
      dxOld = dx;
      dx = 0.5 * (hi - lo);
      lam = lo + dx;
      if (!(lam > lo && lam < hi)) break;
    }
  }
  if (exact) pr.lambda = lam;
  else mixAcrossJump(pr, lo, hi, target);
  let s = 0;
  for (let j = 0; j < nAct; j++) s += e0[act[j]!]! * P[act[j]!]!;
  pr.residual = s - target;
  return totalOf(pr);
}

/** The target is slack (met at λ = 0, where `P` already holds the rates, summing to `s`). */
function settledAtZero(pr: AllocationProblem, s: number, target: number): number {
  pr.lambda = 0;
  pr.residual = s - target;
  return totalOf(pr);
}

/**
 * The bracket [lo, hi] closed on a jump of Σ P(λ)·E0 (linear pieces of the costs): mix P(lo) and P(hi), which is
 * still optimal because every region that moves between them has marginal cost λ per tonne.
 */
function mixAcrossJump(pr: AllocationProblem, lo: number, hi: number, target: number): void {
  const act = pr.act;
  const P = pr.p;
  evalAt(pr, lo, pr.pA);
  const sA = evalS;
  evalAt(pr, hi, pr.pB, true); // right limit: regions on a flat marginal at λ = hi move to their upper end
  const sB = evalS;
  const theta = sB > sA ? Math.min(1, Math.max(0, (target - sA) / (sB - sA))) : 1;
  for (let j = 0; j < pr.nAct; j++) {
    const i = act[j]!;
    P[i] = pr.pA[i]! + theta * (pr.pB[i]! - pr.pA[i]!);
  }
  pr.lambda = hi;
}

function totalOf(pr: AllocationProblem): number {
  const { act, p, k } = pr;
  let t = 0;
  if (pr.allCubic) {
    for (let j = 0; j < pr.nAct; j++) {
      const i = act[j]!;
      const P = p[i]!;
      t += k[4 * i]! + P * (k[4 * i + 1]! + P * (k[4 * i + 2]! + P * k[4 * i + 3]!));
    }
    return t;
  }
  for (let j = 0; j < pr.nAct; j++) {
    const i = act[j]!;
    t += pr.costOf(i, p[i]!);
  }
  return t;
}

export interface AllocationResult {
  /** Optimal abatement rates (fraction); NaN for regions outside the subset. */
  p: Float64Array;
  /** RC_i(P_i); NaN outside the subset. */
  cost: Float64Array;
  /** P_i·E0_i; NaN outside the subset. */
  reduction: Float64Array;
  /** RC_i'(P_i)/E0_i: equals λ for regions strictly inside their bounds. NaN outside the subset. */
  marginalPerUnit: Float64Array;
  /** −1 at the lower bound, +1 at the upper bound, 0 interior, 0 outside the subset. */
  atBound: Int8Array;
  total: number;
  /** Shadow price of the target (cost units per emission unit); 0 when the target is slack. */
  lambda: number;
  /** Σ P·E0 − R (≥ 0 up to rounding; > 0 when the target is slack). */
  residual: number;
  iterations: number;
}

/** Least-cost allocation with a full result (allocates; use minCost in loops). */
export function allocate(pr: AllocationProblem, target: number, subset?: number | ArrayLike<number>): AllocationResult {
  const total = minCost(pr, target, subset);
  const n = pr.n;
  const p = new Float64Array(n).fill(NaN);
  const c = new Float64Array(n).fill(NaN);
  const red = new Float64Array(n).fill(NaN);
  const mpu = new Float64Array(n).fill(NaN);
  const atBound = new Int8Array(n);
  for (let j = 0; j < pr.nAct; j++) {
    const i = pr.act[j]!;
    const Pi = pr.p[i]!;
    p[i] = Pi;
    c[i] = pr.costOf(i, Pi);
    red[i] = Pi * pr.e0[i]!;
    mpu[i] = marginal(pr.curves[i]!, Pi) / pr.e0[i]!;
    atBound[i] = Pi <= pr.lo[i]! ? -1 : Pi >= pr.hi[i]! ? 1 : 0;
  }
  return {
    p,
    cost: c,
    reduction: red,
    marginalPerUnit: mpu,
    atBound,
    total,
    lambda: pr.lambda,
    residual: pr.residual,
    iterations: pr.iterations,
  };
}

/** One-shot convenience: validate and solve. */
export function allocateOnce(
  curves: readonly CostCurve[],
  e0: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  target: number,
  subset?: number | ArrayLike<number>,
): AllocationResult {
  return allocate(new AllocationProblem(curves, e0, lo, hi), target, subset);
}

// ---------------------------------------------------------------------------------------------------------
// The cooperation game of Eq. 10–12
// ---------------------------------------------------------------------------------------------------------

export interface SavingsGame {
  n: number;
  /** Each region's own (non-cooperative) abatement rate, cost RC_i(P0_i) and reduction P0_i·E0_i. */
  baselineP: Float64Array;
  baselineCost: Float64Array;
  baselineReduction: Float64Array;
  /**
   * v(S) = Σ_{i∈S} RC_i(P0_i) − min Σ_{i∈S} RC_i(P_i) s.t. Σ_{i∈S} P_i·E0_i ≥ Σ_{i∈S} P0_i·E0_i, α ≤ P ≤ β:
   * the saving coalition S makes by meeting its members' combined targets jointly. v(∅) = 0, v({i}) = 0.
   */
  value(mask: number): number;
}

/**
 * The savings game of the CER model: coalition S keeps its members' combined reduction and re-allocates it at
 * least cost. The baseline rates must lie within the bounds (each region can meet its own target alone).
 */
export function savingsGame(pr: AllocationProblem, baselineP: ArrayLike<number>): SavingsGame {
  const n = pr.n;
  if (n > MAX_MASK_REGIONS) throw new SolverError('R601', { case: 'savings', n, max: MAX_MASK_REGIONS });
  if (baselineP.length !== n) throw new SolverError('R620', { case: 'baseline', n, rates: baselineP.length });
  const P0 = Float64Array.from(baselineP);
  const bc = new Float64Array(n);
  const br = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = P0[i]!;
    const tol = 1e-12 * Math.max(1, Math.abs(pr.lo[i]!), Math.abs(pr.hi[i]!));
    if (!(p >= pr.lo[i]! - tol && p <= pr.hi[i]! + tol)) {
      throw new SolverError('R627', { region: i, rate: p, lo: pr.lo[i]!, hi: pr.hi[i]! });
    }
    bc[i] = pr.costOf(i, p);
    br[i] = p * pr.e0[i]!;
  }
  return {
    n,
    baselineP: P0,
    baselineCost: bc,
    baselineReduction: br,
    value(mask: number): number {
      let base = 0;
      let target = 0;
      for (let r = mask; r !== 0; r &= r - 1) {
        const i = 31 - Math.clz32(r & -r);
        base += bc[i]!;
        target += br[i]!;
      }
      if (mask === 0) return 0;
      return base - minCost(pr, target, mask, P0);
    },
  };
}
