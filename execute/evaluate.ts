// The interpreter of plan expressions. Sync and allocation-light; inside a problem, decision variables
// evaluate to linear forms so the same code builds constraint rows and objective coefficients.
import type { CoalitionTemplate } from './coalition-template.ts';
import type { PExpr } from '../spec/plan.ts';
import { BUILTIN_IMPLS } from './builtins.ts';
import { isBuiltin } from '../spec/builtins.ts';
import { ExecutionError } from './errors.ts';
import { flatIndex, makeIndexed, tuples, type Env, type Indexed, type Solution } from './env.ts';
import { isCurve, isLinear, isSet, type LinearForm, type SetValue, type Value } from './values.ts';
import { cost, marginal } from '../solvers/mac.ts';

export type Bindings = Map<string, Value>;

/** Variable layout of the problem being built: name → offset into the column vector, per index tuple. */
export interface VarLayout {
  vars: Map<string, { offset: number; lookup: (idx: string[]) => number }>;
}

export interface Hooks {
  solve(env: Env, problem: string, coalition: SetValue | undefined): Solution;
  /** The prepared fast path of a coalition problem, when it has one (execute/coalition-template.ts). */
  template?(problem: string): CoalitionTemplate | undefined;
}

export class Evaluator {
  constructor(
    readonly env: Env,
    readonly hooks: Hooks,
    readonly layout?: VarLayout,
  ) {}

  withLayout(layout: VarLayout): Evaluator {
    return new Evaluator(this.env, this.hooks, layout);
  }

  num(e: PExpr, b: Bindings, what = 'value'): number {
    const v = this.eval(e, b);
    const n = toNumber(v);
    if (n === undefined) throw new ExecutionError('R402', { case: 'notANumber', what, got: describe(v) });
    return n;
  }

  set(e: PExpr, b: Bindings): SetValue {
    const v = this.eval(e, b);
    if (isSet(v)) return v;
    throw new ExecutionError('R402', { case: 'expected', expected: 'a set', got: describe(v) });
  }

  eval(e: PExpr, b: Bindings): Value {
    const env = this.env;
    switch (e.op) {
      case 'num':
      case 'str':
      case 'bool':
        return e.v;
      case 'it': {
        const v = b.get(e.name);
        if (v === undefined) {
          const s = env.sets.get(e.name);
          if (s) return s;
          throw new ExecutionError('R400', { case: 'unboundIterator', name: e.name });
        }
        return v;
      }
      case 'member':
        return e.v;
      case 'set': {
        const s = b.get(e.name) ?? env.sets.get(e.name);
        if (!s) throw new ExecutionError('R400', { case: 'setNotEvaluated', name: e.name });
        return s;
      }
      case 'setlit':
        return {
          kind: 'set',
          name: '{...}',
          members: e.members,
          numeric: e.members.every((m) => Number.isFinite(Number(m))),
        };
      case 'range': {
        const a = this.num(e.from, b, 'range start'),
          z = this.num(e.to, b, 'range end');
        const members: string[] = [];
        for (let k = a; k <= z; k++) members.push(String(k));
        return { kind: 'set', name: `${a}..${z}`, members, numeric: true };
      }
      case 'setbuild': {
        const dom = this.set(e.domain, b);
        if (!e.filter) return dom;
        const inner = new Map(b);
        const members = dom.members.filter((m) => {
          inner.set(e.it, m);
          return this.eval(e.filter!, inner) === true;
        });
        return { kind: 'set', name: dom.name, members, numeric: dom.numeric };
      }
      case 'param': {
        const v = env.values.get(e.name);
        if (!v) throw new ExecutionError('R400', { case: 'usedBeforeComputed', name: e.name });
        if (e.idx.length === 0) return v.data[0]!;
        return v.data[
          flatIndex(
            v,
            e.idx.map((i) => memberOf(this.eval(i, b))),
            e.name,
          )
        ]!;
      }
      case 'col': {
        const t = env.data.get(e.data)!;
        const col = t.columns.get(e.column)!;
        if (e.idx.length === 0) {
          // a whole column as a set: distinct values in file order
          const seen = new Set<string>();
          for (const c of col) seen.add(String(c));
          return {
            kind: 'set',
            name: `${e.data}.${e.column}`,
            members: [...seen],
            numeric: col.every((c) => typeof c === 'number'),
          };
        }
        const parts = e.idx.map((i) => memberOf(this.eval(i, b)));
        const row = t.keys.rowOf(parts);
        if (row === undefined) {
          throw new ExecutionError('R403', {
            file: t.file,
            key: t.key.map((k, i): [string, string] => [k, String(parts[i])]),
            column: e.column,
          });
        }
        return col[row]!;
      }
      case 'var': {
        if (!this.layout) throw new ExecutionError('R400', { case: 'variableOutsideProblem', name: e.name });
        const l = this.layout.vars.get(e.name)!;
        const k = l.lookup(e.idx.map((i) => memberOf(this.eval(i, b))));
        return { kind: 'lin', constant: 0, terms: new Map([[k, 1]]), separable: [] };
      }
      case 'neg':
        return this.arith('*', -1, this.eval(e.a, b));
      case 'not':
        return !(this.eval(e.a, b) === true);
      case 'bin': {
        if (e.fn === 'and') return this.eval(e.a, b) === true && this.eval(e.b, b) === true;
        if (e.fn === 'or') return this.eval(e.a, b) === true || this.eval(e.b, b) === true;
        return this.arith(e.fn, this.eval(e.a, b), this.eval(e.b, b));
      }
      case 'cmp': {
        const vals = e.args.map((a) => this.eval(a, b));
        if (vals.some(isLinear)) return { kind: 'record', fields: { constraint: true, ops: e.ops, args: vals } };
        for (let i = 0; i < e.ops.length; i++) if (!compare(e.ops[i]!, vals[i]!, vals[i + 1]!)) return false;
        return true;
      }
      case 'agg':
        return this.aggregate(e, b);
      case 'if':
        return this.eval(e.cond, b) === true ? this.eval(e.then, b) : this.eval(e.else, b);
      case 'call': {
        if (e.fn === 'list') return e.args.map((a) => this.eval(a, b));
        if (e.fn === 'concat')
          return e.args
            .map((a) => {
              const v = this.eval(a, b);
              return typeof v === 'object' ? describe(v) : String(v);
            })
            .join('');
        if (e.fn === 'slope') {
          const c = this.eval(e.args[0]!, b);
          if (!isCurve(c))
            throw new ExecutionError('R402', { case: 'expected', in: 'slope', expected: 'a curve', got: describe(c) });
          return marginal(c.curve, this.num(e.args[1]!, b, 'slope point'));
        }
        if (e.fn === 'fallback') {
          try {
            return this.eval(e.args[0]!, b);
          } catch (err) {
            if (err instanceof ExecutionError && (err.code === 'R403' || err.code === 'R401'))
              return this.eval(e.args[1]!, b);
            throw err;
          }
        }
        if (e.fn === 'apply') {
          const c = this.eval(e.args[0]!, b);
          return this.applyCurve(c, this.eval(e.args[1]!, b));
        }
        const f = isBuiltin(e.fn) ? BUILTIN_IMPLS[e.fn] : undefined;
        if (!f) throw new ExecutionError('R400', { case: 'unknownFunction', fn: e.fn });
        return f(e.args.map((a) => this.eval(a, b)));
      }
      case 'curve': {
        const v = env.values.get(e.name)!;
        const c = e.idx.length
          ? v.data[
              flatIndex(
                v,
                e.idx.map((i) => memberOf(this.eval(i, b))),
                e.name,
              )
            ]!
          : v.data[0]!;
        return this.applyCurve(c, this.eval(e.arg, b));
      }
      case 'solve': {
        const coalition = e.coalition ? this.set(e.coalition, b) : undefined;
        const s = this.hooks.solve(env, e.problem, coalition);
        return { kind: 'record', fields: { solution: s } };
      }
      case 'field': {
        const rec = this.eval(e.of, b);
        const s = (rec as unknown as { fields: { solution: Solution } }).fields.solution;
        if (e.name === 'objective') return s.objective;
        if (e.name === 'status') return s.status;
        const isDual = e.name.startsWith('dual:');
        const name = isDual ? e.name.slice(5) : e.name;
        const v = (isDual ? s.duals : s.vars).get(name);
        if (!v) throw new ExecutionError('R404', { case: 'problemMember', problem: s.problem, dual: isDual, name });
        if (e.idx.length === 0) return v.data[0]!;
        return v.data[
          flatIndex(
            v,
            e.idx.map((i) => memberOf(this.eval(i, b))),
            `${s.problem}.${name}`,
          )
        ]!;
      }
      case 'ref': {
        const outs = env.outputs.get(e.name);
        const v = outs?.get(e.field);
        if (!v) throw new ExecutionError('R404', { case: 'field', name: e.name, field: e.field });
        if (e.idx.length === 0) return v.data[0]!;
        return v.data[
          flatIndex(
            v,
            e.idx.map((i) => memberOf(this.eval(i, b))),
            `${e.name}.${e.field}`,
          )
        ]!;
      }
    }
  }

  private applyCurve(c: Value, x: Value): Value {
    if (!isCurve(c)) throw new ExecutionError('R402', { case: 'expected', expected: 'a curve', got: describe(c) });
    if (isLinear(x)) {
      if (x.terms.size !== 1 || x.constant !== 0 || x.separable.length)
        throw new ExecutionError('R405', { case: 'curve', coefficient: false });
      const [variable, coef] = [...x.terms][0]!; // size checked just above
      if (coef !== 1) throw new ExecutionError('R405', { case: 'curve', coefficient: true });
      return { kind: 'lin', constant: 0, terms: new Map(), separable: [{ variable, curve: c, scale: 1 }] };
    }
    const n = toNumber(x);
    if (n === undefined) throw new ExecutionError('R402', { case: 'curveArgument', got: describe(x) });
    return cost(c.curve, n);
  }

  private aggregate(e: Extract<PExpr, { op: 'agg' }>, b: Bindings): Value {
    const inner = new Map(b);
    let acc: Value = e.fn === 'prod' ? 1 : e.fn === 'max' ? -Infinity : e.fn === 'min' ? Infinity : 0;
    let any = false;
    const loop = (d: number) => {
      if (d === e.its.length) {
        if (e.filter && this.eval(e.filter, inner) !== true) return;
        any = true;
        if (e.fn === 'count') {
          acc = (acc as number) + 1;
          return;
        }
        const v = this.eval(e.body, inner);
        if (e.fn === 'sum') acc = this.arith('+', acc, v);
        else if (e.fn === 'prod') acc = this.arith('*', acc, v);
        else {
          const n = toNumber(v);
          if (n === undefined) throw new ExecutionError('R402', { case: 'aggregate', fn: e.fn });
          acc = e.fn === 'max' ? Math.max(acc as number, n) : Math.min(acc as number, n);
        }
        return;
      }
      const dom = this.set(e.its[d]!.domain, inner);
      for (const m of dom.members) {
        inner.set(e.its[d]!.name, m);
        loop(d + 1);
      }
    };
    loop(0);
    if (!any && (e.fn === 'max' || e.fn === 'min')) throw new ExecutionError('R406', { fn: e.fn });
    return acc;
  }

  arith(op: '+' | '-' | '*' | '/' | '^', a: Value, c: Value): Value {
    if (isLinear(a) || isLinear(c)) return linArith(op, a, c);
    const x = toNumber(a),
      y = toNumber(c);
    if (x === undefined || y === undefined)
      throw new ExecutionError('R402', { case: 'operator', op, left: describe(a), right: describe(c) });
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '^':
        return x ** y;
    }
  }
}

function linArith(op: string, a: Value, c: Value): LinearForm {
  const L = (v: Value): LinearForm =>
    isLinear(v) ? v : { kind: 'lin', constant: toNumber(v) ?? Number.NaN, terms: new Map(), separable: [] };
  const scale = (l: LinearForm, k: number): LinearForm => ({
    kind: 'lin',
    constant: l.constant * k,
    terms: new Map([...l.terms].map(([i, v]) => [i, v * k])),
    separable: l.separable.map((s) => ({ ...s, scale: s.scale * k })),
  });
  if (op === '+' || op === '-') {
    const x = L(a);
    const y = op === '-' ? scale(L(c), -1) : L(c);
    const terms = new Map(x.terms);
    for (const [i, v] of y.terms) terms.set(i, (terms.get(i) ?? 0) + v);
    return { kind: 'lin', constant: x.constant + y.constant, terms, separable: [...x.separable, ...y.separable] };
  }
  if (op === '*') {
    if (!isLinear(a)) return scale(c as LinearForm, toNumber(a)!);
    if (!isLinear(c)) return scale(a, toNumber(c)!);
    throw new ExecutionError('R405', { case: 'product' });
  }
  if (op === '/' && !isLinear(c)) return scale(a as LinearForm, 1 / toNumber(c)!);
  throw new ExecutionError('R405', { case: 'operator', op });
}

/** An indexed value: `value` evaluated at every tuple of its index sets (parameters, results, curves). */
export function evalIndexed(ev: Evaluator, index: Array<{ it: string; set: string }>, value: PExpr): Indexed {
  const sets = index.map((d) => ev.env.sets.get(d.set)!);
  const data: Value[] = [];
  for (const t of tuples(sets)) {
    const b: Bindings = new Map(index.map((d, i) => [d.it, t[i]!]));
    data.push(ev.eval(value, b));
  }
  return makeIndexed(sets, data);
}

export function toNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

export function memberOf(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ExecutionError('R402', { case: 'index', got: describe(v) });
}

function compare(op: string, a: Value, b: Value): boolean {
  const x = toNumber(a),
    y = toNumber(b);
  if (
    x !== undefined &&
    y !== undefined &&
    !(typeof a === 'string' && typeof b === 'string' && (op === '==' || op === '!='))
  ) {
    switch (op) {
      case '<=':
        return x <= y;
      case '>=':
        return x >= y;
      case '<':
        return x < y;
      case '>':
        return x > y;
      case '==':
        return x === y;
      case '!=':
        return x !== y;
    }
  }
  const s = String(a),
    t = String(b);
  switch (op) {
    case '==':
      return s === t;
    case '!=':
      return s !== t;
    case '<=':
      return s <= t;
    case '>=':
      return s >= t;
    case '<':
      return s < t;
    default:
      return s > t;
  }
}

export function describe(v: Value): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return `a ${(v as { kind: string }).kind}`;
}
