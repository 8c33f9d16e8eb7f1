// Implementations of the built-in functions, one per signature in spec/builtins.ts (the mapped type below makes
// a missing or an extra one a type error).
import type { BuiltinName } from '../spec/builtins.ts';
import type { CurveValue, Value } from './values.ts';
import { ExecutionError } from './errors.ts';

type Impl = (args: Value[]) => Value;

const num = (v: Value | undefined, fn: string, i: number): number => {
  if (typeof v !== 'number')
    throw new ExecutionError('R402', { case: 'argument', fn, position: i + 1, expected: 'a number' });
  return v;
};
const unary =
  (fn: string, f: (x: number) => number): Impl =>
  ([x]) =>
    f(num(x, fn, 0));
const curve = (coef: number[], label: string): CurveValue => ({
  kind: 'curve',
  curve: { form: 'poly', coef: Float64Array.from(coef) },
  label,
});

export const BUILTIN_IMPLS: Record<BuiltinName, Impl> = {
  abs: unary('abs', Math.abs),
  sqrt: unary('sqrt', Math.sqrt),
  exp: unary('exp', Math.exp),
  log: unary('log', Math.log),
  ln: unary('ln', Math.log),
  log10: unary('log10', Math.log10),
  floor: unary('floor', Math.floor),
  ceil: unary('ceil', Math.ceil),
  round: ([x, d]) => {
    const p = 10 ** (d === undefined ? 0 : num(d, 'round', 1));
    return Math.round(num(x, 'round', 0) * p) / p;
  },
  pow: ([x, y]) => num(x, 'pow', 0) ** num(y, 'pow', 1),
  min: (a) => Math.min(...a.map((v, i) => num(v, 'min', i))),
  max: (a) => Math.max(...a.map((v, i) => num(v, 'max', i))),
  card: ([s]) => {
    if (typeof s !== 'object' || s === null || !('members' in s))
      throw new ExecutionError('R402', { case: 'argument', fn: 'card', expected: 'a set' });
    return (s as { members: string[] }).members.length;
  },
  location_quotient: ([eij, Ej, ei, E]) =>
    num(eij, 'location_quotient', 0) /
    num(Ej, 'location_quotient', 1) /
    (num(ei, 'location_quotient', 2) / num(E, 'location_quotient', 3)),
  coagglomeration: ([a0, b0]) => {
    const a = num(a0, 'coagglomeration', 0),
      b = num(b0, 'coagglomeration', 1);
    return 1 - Math.abs(a - b) / (a + b) + Math.abs(a + b);
  },
  poly: (a) =>
    curve(
      a.map((v, i) => num(v, 'poly', i)),
      'poly',
    ),
  cubic: ([a, b, c]) => curve([0, num(c, 'cubic', 2), num(b, 'cubic', 1), num(a, 'cubic', 0)], 'cubic'),
};
