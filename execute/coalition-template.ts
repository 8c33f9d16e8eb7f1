// Fast path for problems over a coalition, p(S in set), solved for many coalitions (a game's 2^n). When the
// problem is *coalition-additive* — every variable is indexed by S alone, S appears only as the domain of
// plain sums whose bodies do not mention S, and the bounds do not mention S — its data for coalition S are
// the per-member contributions of the full set restricted to S. We evaluate those contributions once, prepare
// one separable allocation problem over all members, and solve each coalition with the allocation solver's
// allocation-free hot path (subset by bitmask). Any other problem takes the general path (optimize.ts), so
// results never depend on which path ran; test/coalition-template.test.ts checks both agree.
import type { PExpr, Step } from '../spec/plan.ts';
import { ExecutionError, SolverError, problemRef } from './errors.ts';
import { makeIndexed, type Indexed, type Solution } from './env.ts';
import type { Evaluator, VarLayout } from './evaluate.ts';
import { isLinear, type LinearForm, type SetValue, type Value } from './values.ts';
import { AllocationProblem, minCost, MAX_MASK_REGIONS } from '../solvers/allocation.ts';
import type { CostCurve } from '../solvers/mac.ts';
import type { AllocationTerm } from '../solvers/coalition-kernel.ts';

type ProblemStep = Extract<Step, { kind: 'problem' }>;

/** fixed part + Σ over members in S of their contribution */
interface Additive {
  fixed: LinearForm;
  member: LinearForm[];
}

const ZERO = (): LinearForm => ({ kind: 'lin', constant: 0, terms: new Map(), separable: [] });

function mentions(e: unknown, name: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as { op?: string; name?: string };
  if ((o.op === 'it' || o.op === 'set') && o.name === name) return true;
  return Object.values(e).some((v) => mentions(v, name));
}

type ProblemVar = ProblemStep['vars'][number];
type Comparison = Extract<PExpr, { op: 'cmp' }>;

/**
 * The shape the fast path needs: one variable indexed by the coalition S alone, bounds free of S, one
 * unindexed single comparison, and a coalition set small enough for bitmasks.
 */
function templateShape(
  ev: Evaluator,
  step: ProblemStep,
): { S: string; v: ProblemVar; cmp: Comparison; set: SetValue } | undefined {
  const S = step.coalition?.it;
  if (!S || step.solver !== 'separable-convex' || step.vars.length !== 1 || step.constraints.length !== 1)
    return undefined;
  const v = step.vars[0]!;
  if (v.index.length !== 1 || v.index[0]!.set !== S) return undefined;
  if ([...v.lower, ...v.upper].some((b) => mentions(b, S))) return undefined;
  const c = step.constraints[0]!;
  if (c.index.length || c.expr.op !== 'cmp' || c.expr.ops.length !== 1) return undefined;
  const set = ev.env.sets.get(step.coalition!.set);
  if (!set || set.members.length > MAX_MASK_REGIONS) return undefined;
  return { S, v, cmp: c.expr, set };
}

/**
 * `e` as fixed part + per-member contributions (evaluated over the full set), or undefined when S appears other
 * than as the domain of a plain sum whose body does not mention S (sums, differences and negations of those).
 */
function additive(lev: Evaluator, e: PExpr, S: string, set: SetValue, full: Map<string, Value>): Additive | undefined {
  if (!mentions(e, S)) {
    const x = lev.eval(e, full);
    return { fixed: asLin(x), member: [] };
  }
  if (
    e.op === 'agg' &&
    e.fn === 'sum' &&
    e.its.length === 1 &&
    !e.filter &&
    e.its[0]!.domain.op === 'it' &&
    e.its[0]!.domain.name === S &&
    !mentions(e.body, S)
  ) {
    const it = e.its[0]!.name;
    return { fixed: ZERO(), member: set.members.map((m) => asLin(lev.eval(e.body, new Map([...full, [it, m]])))) };
  }
  if (e.op === 'bin' && (e.fn === '+' || e.fn === '-')) {
    const a = additive(lev, e.a, S, set, full),
      b = additive(lev, e.b, S, set, full);
    if (!a || !b) return undefined;
    const sign = e.fn === '-' ? -1 : 1;
    return {
      fixed: add(a.fixed, b.fixed, sign),
      member: set.members.map((_, i) => add(a.member[i] ?? ZERO(), b.member[i] ?? ZERO(), sign)),
    };
  }
  if (e.op === 'neg') {
    const a = additive(lev, e.a, S, set, full);
    return a && { fixed: scale(a.fixed, -1), member: a.member.map((x) => scale(x, -1)) };
  }
  return undefined;
}

/**
 * Each member's weight and constant in the target, cost curve and constant in the objective, and bounds; undefined
 * when a member's contribution involves another member's variable or is not a separable curve (plus a linear term
 * on a polynomial), or when a weight is not positive or a bound not finite (the general path reports those).
 */
function memberData(
  ev: Evaluator,
  v: ProblemVar,
  set: SetValue,
  lhs: Additive,
  rhs: Additive,
  obj: Additive,
  sign: number,
):
  | {
      weights: Float64Array;
      tMember: Float64Array;
      oMember: Float64Array;
      curves: CostCurve[];
      lo: Float64Array;
      hi: Float64Array;
    }
  | undefined {
  const n = set.members.length;
  const weights = new Float64Array(n),
    tMember = new Float64Array(n),
    oMember = new Float64Array(n);
  const curves: CostCurve[] = [];
  const lo = new Float64Array(n),
    hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = add(lhs.member[i] ?? ZERO(), rhs.member[i] ?? ZERO(), -1); // lhs − rhs per member
    // the member's contribution may only involve its own variable
    if ([...d.terms.keys()].some((k) => k !== i) || d.separable.length) return undefined;
    weights[i] = sign * (d.terms.get(i) ?? 0);
    tMember[i] = -sign * d.constant;
    const o = obj.member[i] ?? ZERO();
    if (
      [...o.terms.keys()].some((k) => k !== i) ||
      o.separable.some((s) => s.variable !== i || s.scale !== 1) ||
      o.separable.length > 1
    )
      return undefined;
    const sep = o.separable[0];
    const lin = o.terms.get(i) ?? 0;
    let curve: CostCurve = sep ? sep.curve.curve : { form: 'poly', coef: Float64Array.of(0) };
    if (lin !== 0) {
      if (curve.form !== 'poly') return undefined;
      const coef = Float64Array.from(curve.coef.length >= 2 ? curve.coef : [curve.coef[0] ?? 0, 0]);
      coef[1] = coef[1]! + lin;
      curve = { form: 'poly', coef };
    }
    curves.push(curve);
    oMember[i] = o.constant;
    const b = new Map<string, Value>([[v.index[0]!.it, set.members[i]!]]);
    lo[i] = Math.max(-Infinity, ...v.lower.map((e) => ev.num(e, b, `lower bound of ${v.name}`)));
    hi[i] = Math.min(Infinity, ...v.upper.map((e) => ev.num(e, b, `upper bound of ${v.name}`)));
    if (!(weights[i]! > 0) || !Number.isFinite(lo[i]!) || !Number.isFinite(hi[i]!)) return undefined; // the general path reports it
  }
  return { weights, tMember, oMember, curves, lo, hi };
}

export class CoalitionTemplate {
  private constructor(
    readonly step: ProblemStep,
    readonly members: SetValue,
    private readonly pos: Map<string, number>,
    private readonly pr: AllocationProblem,
    private readonly targetFixed: number,
    private readonly targetMember: Float64Array,
    private readonly objFixed: number,
    private readonly objMember: Float64Array,
    private readonly varName: string,
  ) {}

  /** Build the template, or undefined when the problem is not coalition-additive (then use the general path). */
  static tryBuild(ev: Evaluator, step: ProblemStep): CoalitionTemplate | undefined {
    const shape = templateShape(ev, step);
    if (!shape) return undefined;
    const { S, v, cmp, set } = shape;
    const pos = new Map(set.members.map((m, i) => [m, i]));
    const layout: VarLayout = {
      vars: new Map([
        [
          v.name,
          {
            offset: 0,
            lookup: (t: string[]) => {
              const p = pos.get(t[0]!);
              if (p === undefined)
                throw new ExecutionError('R401', { case: 'variable', variable: v.name, member: t[0]!, set: set.name });
              return p;
            },
          },
        ],
      ]),
    };
    const lev = ev.withLayout(layout);
    const full: Map<string, Value> = new Map([[S, set]]);
    const lhs = additive(lev, cmp.args[0]!, S, set, full),
      rhs = additive(lev, cmp.args[1]!, S, set, full),
      obj = additive(lev, step.objective.expr, S, set, full);
    if (!lhs || !rhs || !obj) return undefined;
    const op = cmp.ops[0]!;
    if (op !== '>=' && op !== '<=') return undefined;
    const sign = op === '>=' ? 1 : -1; // normalise to Σ w·x >= R
    if (lhs.fixed.terms.size || rhs.fixed.terms.size || obj.fixed.terms.size || obj.fixed.separable.length)
      return undefined;
    const m = memberData(ev, v, set, lhs, rhs, obj, sign);
    if (!m) return undefined;
    let pr: AllocationProblem;
    try {
      pr = new AllocationProblem(m.curves, m.weights, m.lo, m.hi);
    } catch {
      return undefined;
    } // the general path reports it, per coalition
    return new CoalitionTemplate(
      step,
      set,
      pos,
      pr,
      sign * (rhs.fixed.constant - lhs.fixed.constant),
      m.tMember,
      obj.fixed.constant,
      m.oMember,
      v.name,
    );
  }

  /** The problem as a kernel term: the same data and the same solve as `solve`, for coalitions given by bitmask. */
  term(): AllocationTerm {
    return {
      curves: [...this.pr.curves],
      weights: this.pr.e0,
      lo: this.pr.lo,
      hi: this.pr.hi,
      targetFixed: this.targetFixed,
      targetMember: this.targetMember,
      objFixed: this.objFixed,
      objMember: this.objMember,
    };
  }

  /** Solutions by coalition bitmask, while few (results read the grand coalition often; a game's 2^n come once each). */
  private readonly memo = new Map<number, Solution>();
  /** Coalitions actually solved (memo hits excluded). */
  solves = 0;

  solve(coalition: SetValue): Solution {
    let mask = 0;
    let target = this.targetFixed,
      objConst = this.objFixed;
    for (const m of coalition.members) {
      const i = this.pos.get(m);
      if (i === undefined)
        throw new ExecutionError('R401', { case: 'coalitionMember', member: m, set: this.members.name });
      mask |= 1 << i;
      target += this.targetMember[i]!;
      objConst += this.objMember[i]!;
    }
    const hit = this.memo.get(mask);
    if (hit) return hit;
    this.solves++;
    const s = this.solveMask(coalition, mask, target, objConst);
    if (this.memo.size < 4096) this.memo.set(mask, s);
    return s;
  }

  private solveMask(coalition: SetValue, mask: number, target: number, objConst: number): Solution {
    const where = problemRef({ problem: this.step.name, coalition: coalition.members });
    let total: number;
    try {
      total = minCost(this.pr, target, mask);
    } catch (e) {
      // the solver speaks of the CER paper's symbols; say it in the model's terms
      if (e instanceof SolverError && e.is('R626'))
        throw new SolverError('R626', {
          ...e.params,
          constraint: this.step.constraints[0]!.name,
          variable: this.step.vars[0]!.name,
        }).within(where);
      if (e instanceof SolverError) throw e.within(where);
      throw e;
    }
    // A game reads only the objective: the variables are recovered on demand by solving the same coalition again
    // (deterministic and cheap), so the 2^n solutions of a game allocate almost nothing.
    const lambda = this.pr.lambda;
    let vars: Map<string, Indexed> | undefined;
    let duals: Map<string, Indexed> | undefined;
    const { varName, step, pos, pr } = this;
    return {
      problem: step.name,
      status: 'optimal',
      objective: total + objConst,
      get vars() {
        if (!vars) {
          minCost(pr, target, mask);
          vars = new Map([
            [
              varName,
              makeIndexed(
                [coalition],
                coalition.members.map((m) => pr.p[pos.get(m)!]!),
              ),
            ],
          ]);
        }
        return vars;
      },
      get duals() {
        return (duals ??= new Map([[step.constraints[0]!.name, makeIndexed([], [lambda])]]));
      },
      get info() {
        return { solver: 'separable convex (KKT, bisection on the multiplier)', multiplier: lambda };
      },
    };
  }
}

function asLin(x: Value): LinearForm {
  if (isLinear(x)) return x;
  if (typeof x === 'number') return { kind: 'lin', constant: x, terms: new Map(), separable: [] };
  throw new ExecutionError('R402', { case: 'inProblem', got: typeof x });
}
function add(a: LinearForm, b: LinearForm, sign: number): LinearForm {
  const terms = new Map(a.terms);
  for (const [k, v] of b.terms) terms.set(k, (terms.get(k) ?? 0) + sign * v);
  return {
    kind: 'lin',
    constant: a.constant + sign * b.constant,
    terms,
    separable: [...a.separable, ...b.separable.map((s) => ({ ...s, scale: s.scale * sign }))],
  };
}
function scale(a: LinearForm, k: number): LinearForm {
  return {
    kind: 'lin',
    constant: a.constant * k,
    terms: new Map([...a.terms].map(([i, v]) => [i, v * k])),
    separable: a.separable.map((s) => ({ ...s, scale: s.scale * k })),
  };
}
