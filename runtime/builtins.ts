// Built-in functions callable from a model. One row per function: its arity, what it returns (for the
// compiler's type checks) and its implementation. Adding a function is adding a row.
import type { CurveValue, Value } from './values.ts';

export type BuiltinReturn = 'num' | 'curve' | 'same-unit' | 'dimensionless';

export interface Builtin {
  minArgs: number;
  maxArgs: number;
  returns: BuiltinReturn;
  doc: string;
  impl: (args: Value[]) => Value;
}

const num = (v: Value, fn: string, i: number): number => {
  if (typeof v !== 'number') throw new TypeError(`${fn}: argument ${i + 1} must be a number`);
  return v;
};
const unary = (fn: string, f: (x: number) => number, doc: string, returns: BuiltinReturn = 'dimensionless'): Builtin => ({
  minArgs: 1, maxArgs: 1, returns, doc, impl: ([x]) => f(num(x!, fn, 0)),
});
const curve = (coef: number[], label: string): CurveValue => ({ kind: 'curve', curve: { form: 'poly', coef: Float64Array.from(coef) }, label });

export const BUILTINS: Record<string, Builtin> = {
  abs: unary('abs', Math.abs, 'absolute value', 'same-unit'),
  sqrt: unary('sqrt', Math.sqrt, 'square root'),
  exp: unary('exp', Math.exp, 'e to the power x'),
  log: unary('log', Math.log, 'natural logarithm'),
  ln: unary('ln', Math.log, 'natural logarithm (same as log)'),
  log10: unary('log10', Math.log10, 'base-10 logarithm'),
  floor: unary('floor', Math.floor, 'round down', 'same-unit'),
  ceil: unary('ceil', Math.ceil, 'round up', 'same-unit'),
  round: {
    minArgs: 1, maxArgs: 2, returns: 'same-unit', doc: 'round(x) or round(x, digits)',
    impl: ([x, d]) => { const p = 10 ** (d === undefined ? 0 : num(d, 'round', 1)); return Math.round(num(x!, 'round', 0) * p) / p; },
  },
  pow: { minArgs: 2, maxArgs: 2, returns: 'dimensionless', doc: 'pow(x, y) = x^y', impl: ([x, y]) => num(x!, 'pow', 0) ** num(y!, 'pow', 1) },
  min: { minArgs: 1, maxArgs: Infinity, returns: 'same-unit', doc: 'smallest argument', impl: (a) => Math.min(...a.map((v, i) => num(v, 'min', i))) },
  max: { minArgs: 1, maxArgs: Infinity, returns: 'same-unit', doc: 'largest argument', impl: (a) => Math.max(...a.map((v, i) => num(v, 'max', i))) },
  card: {
    minArgs: 1, maxArgs: 1, returns: 'dimensionless', doc: 'number of members of a set',
    impl: ([s]) => { if (typeof s !== 'object' || s === null || !('members' in s)) throw new TypeError('card: argument must be a set'); return (s as { members: string[] }).members.length; },
  },
  location_quotient: {
    minArgs: 4, maxArgs: 4, returns: 'dimensionless',
    doc: 'location_quotient(e_ij, E_j, e_i, E) = (e_ij / E_j) / (e_i / E): industry i in region j against the whole (seed 001, Eq. 4)',
    impl: ([eij, Ej, ei, E]) => (num(eij!, 'location_quotient', 0) / num(Ej!, 'location_quotient', 1)) / (num(ei!, 'location_quotient', 2) / num(E!, 'location_quotient', 3)),
  },
  coagglomeration: {
    minArgs: 2, maxArgs: 2, returns: 'dimensionless',
    doc: 'coagglomeration(LQ_a, LQ_b) = (1 − |LQ_a − LQ_b| / (LQ_a + LQ_b)) + |LQ_a + LQ_b| (seed 001, Eq. 3)',
    impl: ([a0, b0]) => { const a = num(a0!, 'coagglomeration', 0), b = num(b0!, 'coagglomeration', 1); return 1 - Math.abs(a - b) / (a + b) + Math.abs(a + b); },
  },
  poly: {
    minArgs: 1, maxArgs: 12, returns: 'curve', doc: 'poly(c0, c1, ..., ck): the curve c0 + c1·x + ... + ck·x^k',
    impl: (a) => curve(a.map((v, i) => num(v, 'poly', i)), 'poly'),
  },
  cubic: {
    minArgs: 3, maxArgs: 3, returns: 'curve', doc: 'cubic(a, b, c): the cost curve a·x³ + b·x² + c·x through the origin',
    impl: ([a, b, c]) => curve([0, num(c!, 'cubic', 2), num(b!, 'cubic', 1), num(a!, 'cubic', 0)], 'cubic'),
  },
};
