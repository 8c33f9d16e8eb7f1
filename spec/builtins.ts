// Signatures of the built-in functions a model may call: arity, what each returns (for the compiler's type
// and unit checks) and its doc line. The compiler, the editor tools and the reference read this table; the
// executor implements each name in execute/builtins.ts (a missing or extra implementation fails to type-check).

export type BuiltinReturn = 'num' | 'curve' | 'same-unit' | 'dimensionless';

export interface BuiltinSignature {
  minArgs: number;
  maxArgs: number;
  returns: BuiltinReturn;
  doc: string;
}

const unary = (doc: string, returns: BuiltinReturn = 'dimensionless'): BuiltinSignature => ({
  minArgs: 1,
  maxArgs: 1,
  returns,
  doc,
});

export const BUILTINS = {
  abs: unary('absolute value', 'same-unit'),
  sqrt: unary('square root'),
  exp: unary('e to the power x'),
  log: unary('natural logarithm'),
  ln: unary('natural logarithm (same as log)'),
  log10: unary('base-10 logarithm'),
  floor: unary('round down', 'same-unit'),
  ceil: unary('round up', 'same-unit'),
  round: { minArgs: 1, maxArgs: 2, returns: 'same-unit', doc: 'round(x) or round(x, digits)' },
  pow: { minArgs: 2, maxArgs: 2, returns: 'dimensionless', doc: 'pow(x, y) = x^y' },
  min: { minArgs: 1, maxArgs: Infinity, returns: 'same-unit', doc: 'smallest argument' },
  max: { minArgs: 1, maxArgs: Infinity, returns: 'same-unit', doc: 'largest argument' },
  card: { minArgs: 1, maxArgs: 1, returns: 'dimensionless', doc: 'number of members of a set' },
  location_quotient: {
    minArgs: 4,
    maxArgs: 4,
    returns: 'dimensionless',
    doc: 'location_quotient(e_ij, E_j, e_i, E) = (e_ij / E_j) / (e_i / E): industry i in region j against the whole (seed 001, Eq. 4)',
  },
  coagglomeration: {
    minArgs: 2,
    maxArgs: 2,
    returns: 'dimensionless',
    doc: 'coagglomeration(LQ_a, LQ_b) = (1 − |LQ_a − LQ_b| / (LQ_a + LQ_b)) + |LQ_a + LQ_b| (seed 001, Eq. 3)',
  },
  poly: { minArgs: 1, maxArgs: 12, returns: 'curve', doc: 'poly(c0, c1, ..., ck): the curve c0 + c1·x + ... + ck·x^k' },
  cubic: {
    minArgs: 3,
    maxArgs: 3,
    returns: 'curve',
    doc: 'cubic(a, b, c): the cost curve a·x³ + b·x² + c·x through the origin',
  },
} as const satisfies Record<string, BuiltinSignature>;

export type BuiltinName = keyof typeof BUILTINS;

export const isBuiltin = (name: string): name is BuiltinName => Object.hasOwn(BUILTINS, name);
