// Panel terms evaluated over every unit-period at once. A spatial formula term (`log(gsp)`, `unemp^2`, `x / 100`)
// is evaluated by the interpreter once per cell with bindings for #unit and #time — 10,000,000 calls for a
// million-unit panel of ten periods. Terms built only from numbers, scalar parameters, the panel's own columns
// (indexed [#unit, #time]), columns of a table keyed by the unit or the period alone, arithmetic and the
// element-wise built-ins are computed here instead, on typed arrays in the panel's time-major order, with the same
// floating-point operations as the interpreter (so the numbers are the same to the bit). Anything else returns
// undefined and the caller uses the interpreter, which also produces the errors.
import type { PExpr } from '../spec/plan.ts';
import type { Env } from './env.ts';

/** The panel's layout: order[t·N + i] = row of the panel's data table holding (units[i], times[t]). */
export interface PanelLayout {
  data: string;
  N: number;
  T: number;
  units: readonly string[];
  times: readonly string[];
  order: Int32Array;
}

const UNARY: Record<string, (x: number) => number> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  ln: Math.log,
  log10: Math.log10,
  floor: Math.floor,
  ceil: Math.ceil,
};

const isIt = (e: PExpr | undefined, name: string) => e?.op === 'it' && e.name === name;

/** The term's value at every cell (t·N + i), or undefined when only the interpreter can evaluate it. */
export function evalPanelTerm(env: Env, e: PExpr, p: PanelLayout): Float64Array | undefined {
  const NT = p.N * p.T;
  switch (e.op) {
    case 'num':
      return new Float64Array(NT).fill(e.v);
    case 'param': {
      const v = env.values.get(e.name);
      if (e.idx.length || !v || v.data.length !== 1 || typeof v.data[0] !== 'number') return undefined;
      return new Float64Array(NT).fill(v.data[0]);
    }
    case 'col':
      return column(env, e, p);
    case 'neg': {
      const a = evalPanelTerm(env, e.a, p);
      if (!a) return undefined;
      for (let q = 0; q < NT; q++) a[q] = -1 * a[q]!;
      return a;
    }
    case 'bin': {
      if (e.fn === 'and' || e.fn === 'or') return undefined;
      const a = evalPanelTerm(env, e.a, p);
      const b = a && evalPanelTerm(env, e.b, p);
      if (!a || !b) return undefined;
      switch (e.fn) {
        case '+':
          for (let q = 0; q < NT; q++) a[q] = a[q]! + b[q]!;
          break;
        case '-':
          for (let q = 0; q < NT; q++) a[q] = a[q]! - b[q]!;
          break;
        case '*':
          for (let q = 0; q < NT; q++) a[q] = a[q]! * b[q]!;
          break;
        case '/':
          for (let q = 0; q < NT; q++) a[q] = a[q]! / b[q]!;
          break;
        case '^':
          for (let q = 0; q < NT; q++) a[q] = a[q]! ** b[q]!;
          break;
      }
      return a;
    }
    case 'call': {
      const f = UNARY[e.fn];
      if (f && e.args.length === 1 && !e.named) {
        const a = evalPanelTerm(env, e.args[0]!, p);
        if (!a) return undefined;
        for (let q = 0; q < NT; q++) a[q] = f(a[q]!);
        return a;
      }
      if (e.fn === 'pow' && e.args.length === 2 && !e.named) {
        const a = evalPanelTerm(env, e.args[0]!, p);
        const b = a && evalPanelTerm(env, e.args[1]!, p);
        if (!a || !b) return undefined;
        for (let q = 0; q < NT; q++) a[q] = a[q]! ** b[q]!;
        return a;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A numeric column at (#unit, #time) of the panel's table, or at #unit / #time of a table keyed by one of them. */
function column(env: Env, e: Extract<PExpr, { op: 'col' }>, p: PanelLayout): Float64Array | undefined {
  const t = env.data.get(e.data);
  const cells = t?.columns.get(e.column);
  if (!t || !cells) return undefined;
  const { N, T } = p;
  const out = new Float64Array(N * T);
  if (e.data === p.data && e.idx.length === 2 && isIt(e.idx[0], '#unit') && isIt(e.idx[1], '#time')) {
    for (let q = 0; q < N * T; q++) {
      const v = cells[p.order[q]!];
      if (typeof v !== 'number') return undefined;
      out[q] = v;
    }
    return out;
  }
  const byUnit = isIt(e.idx[0], '#unit');
  if (e.idx.length !== 1 || t.key.length !== 1 || !(byUnit || isIt(e.idx[0], '#time'))) return undefined;
  const labels = byUnit ? p.units : p.times;
  const vals = new Float64Array(labels.length);
  for (let k = 0; k < labels.length; k++) {
    const r = t.keys.rowOf([labels[k]!]);
    const v = r === undefined ? undefined : cells[r];
    if (typeof v !== 'number') return undefined;
    vals[k] = v;
  }
  for (let tt = 0; tt < T; tt++) for (let i = 0; i < N; i++) out[tt * N + i] = vals[byUnit ? i : tt]!;
  return out;
}
