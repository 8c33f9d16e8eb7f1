// Build a problem's rows from the plan (variables → columns, constraints → rows) and solve it: LP/MILP with
// glpk.js, separable convex (Σ curve_i(x_i) under one linear target and bounds) with the exact KKT solver.
import type GLPKFactory from 'glpk.js/node';
import type { Step } from '../spec/plan.ts';
import { ExecutionError, SolverError, problemRef, type ProblemRef } from './errors.ts';
import { makeIndexed, tuples, type Indexed, type Solution } from './env.ts';
import { Evaluator, memberOf, type Bindings, type VarLayout } from './evaluate.ts';
import { isLinear, type LinearForm, type SetValue, type Value } from './values.ts';
import { AllocationProblem, allocate } from '../solvers/allocation.ts';
import type { CostCurve } from '../solvers/mac.ts';

type GLPK = Awaited<ReturnType<typeof GLPKFactory>>;
type ProblemStep = Extract<Step, { kind: 'problem' }>;

interface Row {
  name: string;
  terms: Map<number, number>;
  lo: number;
  hi: number;
}

/** The problem's columns: one per variable instance, with its bounds and whether it is integer. */
interface Columns {
  layout: VarLayout;
  names: string[];
  lower: number[];
  upper: number[];
  integer: boolean[];
  /** The sets each variable is indexed over (resolved under the coalition). */
  shapes: Map<string, SetValue[]>;
}

type ResolveSet = (name: string) => SetValue;

export function solveProblem(glpk: GLPK, ev: Evaluator, step: ProblemStep, coalition: SetValue | undefined): Solution {
  const env = ev.env;
  const b: Bindings = new Map();
  if (step.coalition) {
    if (!coalition) throw new ExecutionError('R410', { problem: step.name });
    b.set(step.coalition.it, coalition);
  }
  const resolveSet = (name: string): SetValue => {
    const v = b.get(name) ?? env.sets.get(name);
    if (!v || typeof v !== 'object' || (v as SetValue).kind !== 'set')
      throw new ExecutionError('R400', { case: 'unknownSet', name });
    return v as SetValue;
  };
  const cols = buildColumns(ev, step, b, resolveSet);
  const lev = ev.withLayout(cols.layout);
  const { rows, rowGroups } = buildRows(lev, step, b, resolveSet);
  const objV = lev.eval(step.objective.expr, b);
  const obj: LinearForm = isLinear(objV)
    ? objV
    : { kind: 'lin', constant: typeof objV === 'number' ? objV : 0, terms: new Map(), separable: [] };
  env.solveCount++;
  const ref: ProblemRef = { problem: step.name, coalition: coalition?.members };
  const x =
    step.solver === 'separable-convex'
      ? solveSeparable(step, obj, rows, cols.lower, cols.upper, cols.names, ref)
      : solveGlpk(glpk, step, obj, rows, cols.lower, cols.upper, cols.integer, cols.names, ref);
  // package the solution
  const vars = new Map<string, Indexed>();
  for (const v of step.vars) {
    const l = cols.layout.vars.get(v.name)!;
    const sets = cols.shapes.get(v.name)!;
    const size = sets.reduce((n, s) => n * s.members.length, 1);
    vars.set(v.name, makeIndexed(sets, Array.from(x.primal.subarray(l.offset, l.offset + size))));
  }
  const duals = x.duals ? constraintDuals(step, resolveSet, rowGroups, x.duals) : new Map<string, Indexed>();
  return { problem: step.name, status: 'optimal', objective: x.objective, vars, duals, info: x.info };
}

/** One column per instance of each variable, bounds evaluated per instance (binary: within [0, 1]). */
function buildColumns(ev: Evaluator, step: ProblemStep, b: Bindings, resolveSet: ResolveSet): Columns {
  const layout: VarLayout = { vars: new Map() };
  const colNames: string[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integer: boolean[] = [];
  const varShapes = new Map<string, SetValue[]>();
  for (const v of step.vars) {
    const sets = v.index.map((d) => resolveSet(d.set));
    varShapes.set(v.name, sets);
    const offset = colNames.length;
    const idx = makeIndexed(sets, []);
    layout.vars.set(v.name, {
      offset,
      lookup: (t) => {
        let k = 0;
        for (let d = 0; d < sets.length; d++) {
          const p = idx.pos[d]!.get(t[d]!);
          if (p === undefined)
            throw new ExecutionError('R401', {
              case: 'variable',
              variable: v.name,
              member: t[d]!,
              set: v.index[d]!.set,
              coalition: !!step.coalition,
            });
          k = k * sets[d]!.members.length + p;
        }
        return offset + k;
      },
    });
    for (const t of tuples(sets)) {
      const bb = new Map(b);
      v.index.forEach((d, i) => bb.set(d.it, t[i]!));
      let lo = v.domain === 'binary' ? 0 : -Infinity;
      let hi = v.domain === 'binary' ? 1 : Infinity;
      for (const e of v.lower) lo = Math.max(lo, ev.num(e, bb, `lower bound of ${v.name}`));
      for (const e of v.upper) hi = Math.min(hi, ev.num(e, bb, `upper bound of ${v.name}`));
      if (lo > hi) throw new ExecutionError('R411', { variable: v.name, index: t, lo, hi });
      colNames.push(`${v.name}[${t.join(',')}]`);
      lower.push(lo);
      upper.push(hi);
      integer.push(v.domain !== 'continuous');
    }
  }
  return { layout, names: colNames, lower, upper, integer, shapes: varShapes };
}

/** The rows of every constraint instance, and which rows each instance got (in order; none if always true). */
function buildRows(
  lev: Evaluator,
  step: ProblemStep,
  b: Bindings,
  resolveSet: ResolveSet,
): { rows: Row[]; rowGroups: Array<[number, number]> } {
  const rows: Row[] = [];
  const rowGroups: Array<[number, number]> = []; // rows of each constraint instance, in order
  for (const c of step.constraints) {
    const sets = c.index.map((d) => resolveSet(d.set));
    for (const t of tuples(sets)) {
      const bb = new Map(b);
      c.index.forEach((d, i) => bb.set(d.it, t[i]!));
      const v = lev.eval(c.expr, bb);
      const label = t.length ? `${c.name}[${t.join(',')}]` : c.name;
      if (typeof v === 'boolean') {
        if (!v) throw new ExecutionError('R412', { constraint: label });
        rowGroups.push([rows.length, rows.length]);
        continue;
      }
      const first = rows.length;
      pushComparisonRows(lev, v, label, rows);
      rowGroups.push([first, rows.length]);
    }
  }
  return { rows, rowGroups };
}

/** A comparison chain as rows: `lo <= e <= hi` as one ranged row, otherwise one row per comparison. */
function pushComparisonRows(lev: Evaluator, v: Value, label: string, rows: Row[]): void {
  const rec = v as { kind: string; fields: { ops: string[]; args: Value[] } };
  const { ops, args } = rec.fields;
  const isConst = (x: Value) => !isLinear(x) || (x.terms.size === 0 && x.separable.length === 0);
  if (ops.length === 2 && isConst(args[0]!) && isConst(args[2]!) && ops[0] === ops[1] && ops[0] !== '==') {
    // lo <= e <= hi (or hi >= e >= lo): one ranged row, as GMPL writes it
    const mid = asLinear(args[1]!);
    const a = constOf(args[0]!) - mid.constant,
      b = constOf(args[2]!) - mid.constant;
    rows.push({ name: label, terms: mid.terms, lo: ops[0] === '<=' ? a : b, hi: ops[0] === '<=' ? b : a });
    return;
  }
  for (let i = 0; i < ops.length; i++) {
    // variables on the left, constants on the right, as GMPL normalises a row
    let [l, r, op] = [args[i]!, args[i + 1]!, ops[i]!];
    if (isConst(l) && !isConst(r)) [l, r, op] = [r, l, op === '<=' ? '>=' : op === '>=' ? '<=' : op];
    const diff = lev.arith('-', l, r) as LinearForm;
    const rhs = -diff.constant;
    rows.push({
      name: ops.length > 1 ? `${label}#${i + 1}` : label,
      terms: diff.terms,
      lo: op === '<=' ? -Infinity : rhs,
      hi: op === '>=' ? Infinity : rhs,
    });
  }
}

/** The dual of a constraint instance is the sum over its rows (at most one of a chain's rows is binding). */
function constraintDuals(
  step: ProblemStep,
  resolveSet: ResolveSet,
  rowGroups: Array<[number, number]>,
  rowDuals: number[],
): Map<string, Indexed> {
  const duals = new Map<string, Indexed>();
  let g = 0;
  for (const c of step.constraints) {
    const sets = c.index.map((d) => resolveSet(d.set));
    const data: number[] = [];
    for (const _t of tuples(sets)) {
      const [a, b] = rowGroups[g++]!;
      let d = 0;
      for (let r = a; r < b; r++) d += rowDuals[r] ?? Number.NaN;
      data.push(d);
    }
    duals.set(c.name, makeIndexed(sets, data));
  }
  return duals;
}

const asLinear = (x: Value): LinearForm =>
  isLinear(x) ? x : { kind: 'lin', constant: typeof x === 'number' ? x : Number(x), terms: new Map(), separable: [] };
const constOf = (x: Value): number => (isLinear(x) ? x.constant : typeof x === 'number' ? x : Number(x));

interface RawSolution {
  objective: number;
  primal: Float64Array;
  duals?: number[];
  info: Record<string, number | string>;
}

function solveGlpk(
  glpk: GLPK,
  step: ProblemStep,
  obj: LinearForm,
  rows: Row[],
  lower: number[],
  upper: number[],
  integer: boolean[],
  colNames: string[],
  ref: ProblemRef,
): RawSolution {
  const name = (j: number) => `x${j}`;
  const bnd = (lo: number, hi: number) => {
    if (lo === -Infinity && hi === Infinity) return { type: glpk.GLP_FR, lb: 0, ub: 0 };
    if (hi === Infinity) return { type: glpk.GLP_LO, lb: lo, ub: 0 };
    if (lo === -Infinity) return { type: glpk.GLP_UP, lb: 0, ub: hi };
    if (lo === hi) return { type: glpk.GLP_FX, lb: lo, ub: hi };
    return { type: glpk.GLP_DB, lb: lo, ub: hi };
  };
  const lp = {
    name: step.name,
    objective: {
      direction: step.objective.sense === 'minimize' ? glpk.GLP_MIN : glpk.GLP_MAX,
      name: 'obj',
      vars: colNames.map((_, j) => ({ name: name(j), coef: obj.terms.get(j) ?? 0 })),
    },
    subjectTo: rows.map((r, i) => ({
      name: `r${i}`,
      vars: [...r.terms].map(([j, c]) => ({ name: name(j), coef: c })),
      bnds: bnd(r.lo, r.hi),
    })),
    bounds: colNames.map((_, j) => ({ name: name(j), ...bnd(lower[j]!, upper[j]!) })),
    generals: colNames
      .map((_, j) => j)
      .filter((j) => integer[j])
      .map(name),
  };
  let res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true });
  // GLPK's presolver reports an infeasible or unbounded LP as 'undefined': re-solve without it to learn which.
  if (res.result.status !== glpk.GLP_OPT) res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false });
  const st = res.result.status;
  if (st === glpk.GLP_NOFEAS || st === glpk.GLP_INFEAS) {
    // presolve may report infeasibility without detail: name the constraint sets involved
    throw new ExecutionError('R420', {
      ...ref,
      variables: [...new Set(step.vars.map((v) => v.name))],
      constraints: step.constraints.map((c) => c.name),
    });
  }
  if (st === glpk.GLP_UNBND) throw new ExecutionError('R421', { ...ref, sense: step.objective.sense });
  if (st !== glpk.GLP_OPT) throw new ExecutionError('R422', { ...ref, status: st });
  const primal = new Float64Array(colNames.length);
  for (let j = 0; j < colNames.length; j++) primal[j] = res.result.vars[name(j)] ?? 0;
  const duals = res.result.dual ? rows.map((_, i) => res.result.dual![`r${i}`] ?? 0) : undefined;
  return {
    objective: res.result.z + obj.constant,
    primal,
    duals: integer.some(Boolean) ? undefined : duals,
    info: { solver: integer.some(Boolean) ? 'glpk (MILP)' : 'glpk (simplex)' },
  };
}

/** Σ curve_j(x_j) + linear, subject to one row Σ a_j x_j ≥ R (or ≤, =) and bounds, by the exact KKT solver. */
function solveSeparable(
  step: ProblemStep,
  obj: LinearForm,
  rows: Row[],
  lower: number[],
  upper: number[],
  colNames: string[],
  ref: ProblemRef,
): RawSolution {
  if (step.objective.sense !== 'minimize') throw new ExecutionError('R423', { case: 'maximise', ...ref });
  if (rows.length !== 1) throw new ExecutionError('R423', { case: 'rows', ...ref, rows: rows.length });
  const row = rows[0]!;
  const n = colNames.length;
  const curves: CostCurve[] = [];
  const seen = new Set<number>();
  for (const s of obj.separable) {
    if (seen.has(s.variable))
      throw new ExecutionError('R423', { case: 'twoCurves', ...ref, variable: colNames[s.variable]! });
    seen.add(s.variable);
  }
  const byVar = new Map(obj.separable.map((s) => [s.variable, s]));
  const weights = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = byVar.get(j);
    const lin = obj.terms.get(j) ?? 0;
    const base = s ? s.curve.curve : ({ form: 'poly', coef: Float64Array.of(0) } as CostCurve);
    if (s && s.scale !== 1) throw new ExecutionError('R423', { case: 'coefficient', ...ref });
    if (lin !== 0) {
      if (base.form !== 'poly')
        throw new ExecutionError('R423', { case: 'linearCost', ...ref, variable: colNames[j]! });
      const coef = Float64Array.from(base.coef.length >= 2 ? base.coef : [base.coef[0] ?? 0, 0]);
      coef[1] = coef[1]! + lin;
      curves.push({ form: 'poly', coef });
    } else curves.push(base);
    const a = row.terms.get(j) ?? 0;
    weights[j] = a;
  }
  // Normalise to Σ a_j x_j >= R with a_j > 0.
  let sign = 1;
  let target: number;
  if (row.lo > -Infinity && row.hi === Infinity) target = row.lo;
  else if (row.hi < Infinity && row.lo === -Infinity) {
    sign = -1;
    target = -row.hi;
  } else throw new ExecutionError('R423', { case: 'equality', ...ref });
  for (let j = 0; j < n; j++) {
    weights[j] = weights[j]! * sign;
    if (!(weights[j]! > 0))
      throw new ExecutionError('R423', { case: 'weight', ...ref, variable: colNames[j]!, weight: weights[j]! });
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(lower[j]!) || !Number.isFinite(upper[j]!))
      throw new ExecutionError('R423', { case: 'bounds', ...ref, variable: colNames[j]! });
  }
  let pr: AllocationProblem;
  try {
    pr = new AllocationProblem(curves, weights, lower, upper, colNames);
  } catch (e) {
    if (e instanceof SolverError) throw e.within(problemRef(ref));
    throw e;
  }
  let r;
  try {
    r = allocate(pr, target);
  } catch (e) {
    // the solver speaks of the CER paper's symbols; say it in the model's terms
    if (e instanceof SolverError && e.is('R626'))
      throw new SolverError('R626', {
        ...e.params,
        constraint: step.constraints[0]!.name,
        variable: step.vars[0]!.name,
      }).within(problemRef(ref));
    if (e instanceof SolverError) throw e.within(problemRef(ref));
    throw e;
  }
  return {
    objective: r.total + obj.constant,
    primal: r.p,
    duals: [r.lambda * sign],
    info: { solver: 'separable convex (KKT, bisection on the multiplier)', multiplier: r.lambda },
  };
}

export { memberOf };
