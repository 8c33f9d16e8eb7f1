// Static types of expressions. `deg` tracks dependence on decision variables: 0 constant, 1 linear,
// 'sep' a sum of separable convex terms curve(x) plus a linear part, 2 anything else.
import type { Unit } from './units.ts';

export type Degree = 0 | 1 | 'sep' | 2;

export type Ty =
  | { k: 'num'; deg: Degree; unit?: Unit }
  | { k: 'str' }
  | { k: 'bool'; deg: Degree }
  | { k: 'member'; set: string; numeric: boolean }
  | { k: 'set'; of: string; numeric: boolean }
  | { k: 'column'; data: string; column: string; type: string }
  | {
      k: 'entity';
      what: 'param' | 'result' | 'var' | 'curve' | 'column' | 'output' | 'solution-var';
      name: string;
      index: string[];
      elem: Ty;
      lower?: (idx: import('../spec/plan.ts').PExpr[]) => import('../spec/plan.ts').PExpr;
    }
  | { k: 'curve' }
  | { k: 'problem'; name: string; coalitionSet?: string }
  | { k: 'solution'; problem: string }
  | { k: 'data'; name: string }
  | { k: 'construct'; name: string; construct: string }
  | { k: 'list' }
  | { k: 'formula' }
  | { k: 'any' }; // after an error: compatible with everything, so one mistake gives one message

export const NUM: Ty = { k: 'num', deg: 0 };
export const ANY: Ty = { k: 'any' };
export const BOOL: Ty = { k: 'bool', deg: 0 };

export function degMax(a: Degree, b: Degree): Degree {
  const rank = (d: Degree) => (d === 'sep' ? 1.5 : d);
  return rank(a) >= rank(b) ? a : b;
}

export function describeTy(t: Ty): string {
  switch (t.k) {
    case 'num':
      return t.deg === 0 ? 'a number' : 'an expression in decision variables';
    case 'str':
      return 'a string';
    case 'bool':
      return 'a condition';
    case 'member':
      return `a member of '${t.set}'`;
    case 'set':
      return `a set of '${t.of}'`;
    case 'column':
      return `the data column '${t.data}.${t.column}'`;
    case 'entity':
      return `'${t.name}', indexed by [${t.index.join(', ')}]`;
    case 'curve':
      return 'a curve';
    case 'problem':
      return `the problem '${t.name}'`;
    case 'solution':
      return `the solution of '${t.problem}'`;
    case 'data':
      return `the data source '${t.name}'`;
    case 'construct':
      return `the ${t.construct} '${t.name}'`;
    case 'list':
      return 'a list';
    case 'formula':
      return 'a formula';
    case 'any':
      return 'a value';
  }
}
