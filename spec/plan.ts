// The plan: the only contract between the compiler and the runtime (validated by spec/plan.schema.json).
// Self-contained per scenario: every override is already merged, every name resolved, steps in dependency order.

export const PLAN_VERSION = 1;

export interface Origin {
  line: number;
  col: number;
}

export type PExpr =
  | { op: 'num'; v: number }
  | { op: 'str'; v: string }
  | { op: 'bool'; v: boolean }
  | { op: 'it'; name: string } // an iterator bound by an index or aggregate
  | { op: 'member'; set: string; v: string } // a literal set member
  | { op: 'param'; name: string; idx: PExpr[] } // parameter or result value
  | { op: 'col'; data: string; column: string; idx: PExpr[] } // data column at a key
  | { op: 'var'; name: string; idx: PExpr[] } // decision variable (inside its problem)
  | { op: 'set'; name: string } // a declared set as a value
  | { op: 'setlit'; set: string; members: string[] }
  | { op: 'setbuild'; it: string; domain: PExpr; filter?: PExpr }
  | { op: 'range'; from: PExpr; to: PExpr }
  | { op: 'neg'; a: PExpr }
  | { op: 'not'; a: PExpr }
  | { op: 'bin'; fn: '+' | '-' | '*' | '/' | '^' | 'and' | 'or'; a: PExpr; b: PExpr }
  | { op: 'cmp'; ops: Array<'<=' | '>=' | '<' | '>' | '==' | '!='>; args: PExpr[] }
  | {
      op: 'agg';
      fn: 'sum' | 'prod' | 'max' | 'min' | 'count';
      its: Array<{ name: string; domain: PExpr }>;
      filter?: PExpr;
      body: PExpr;
    }
  | { op: 'if'; cond: PExpr; then: PExpr; else: PExpr }
  | { op: 'call'; fn: string; args: PExpr[]; named?: Record<string, PExpr> }
  | { op: 'curve'; name: string; idx: PExpr[]; arg: PExpr } // apply an indexed curve to a value
  | { op: 'solve'; problem: string; coalition?: PExpr } // solve a problem (memoised per coalition)
  | { op: 'field'; of: PExpr; name: string; idx: PExpr[] } // a field of a solution or a construct's result
  | { op: 'ref'; name: string; field: string; idx: PExpr[] }; // a construct's named output (game shapley, ...)

export interface IndexDomain {
  it: string;
  set: string;
}

export type Step =
  | {
      kind: 'data';
      name: string;
      path: string;
      key: string[];
      columns: Array<{ name: string; type: 'number' | 'integer' | 'string' | 'bool'; set?: string }>;
      origin: Origin;
    }
  | { kind: 'set'; name: string; value: PExpr; origin: Origin }
  | {
      kind: 'param';
      name: string;
      index: IndexDomain[];
      unit?: string;
      type: 'number' | 'string' | 'bool';
      value: PExpr;
      overrides: Array<{ idx: string[]; value: PExpr; source: string }>;
      origin: Origin;
    }
  | {
      kind: 'result';
      name: string;
      index: IndexDomain[];
      unit?: string;
      type: 'number' | 'string' | 'bool';
      value: PExpr;
      origin: Origin;
    }
  | { kind: 'curve'; name: string; index: IndexDomain[]; value: PExpr; origin: Origin }
  | {
      kind: 'problem';
      name: string;
      coalition?: { it: string; set: string };
      solver: 'lp' | 'milp' | 'separable-convex';
      vars: Array<{
        name: string;
        index: IndexDomain[];
        lower: PExpr[];
        upper: PExpr[];
        domain: 'continuous' | 'integer' | 'binary';
        unit?: string;
      }>;
      objective: { sense: 'minimize' | 'maximize'; name: string; expr: PExpr };
      constraints: Array<{ name: string; index: IndexDomain[]; expr: PExpr }>;
      origin: Origin;
    }
  | {
      kind: 'table';
      name: string;
      title: string;
      by: IndexDomain[];
      filter?: PExpr;
      pivot?: string;
      columns: Array<{ key: string; label: string; value: PExpr }>;
      origin: Origin;
    }
  | {
      kind: 'construct';
      construct: string;
      name: string;
      index: IndexDomain[];
      title?: string;
      props: Record<string, PExprProp>;
      origin: Origin;
    };

/** A construct property: an expression, an expression with parameters (value(S) = ...), or a list of them. */
export type PExprProp =
  { expr: PExpr; params?: string[]; label?: string } | { list: Array<{ expr?: PExpr; label?: string; name: string }> };

export interface Plan {
  abate: 'plan';
  version: number;
  abateVersion: string;
  model: { file: string; dir: string; sha256: string };
  study: { title: string; source?: string; synthetic: boolean | string; note?: string; seed?: number };
  scenario: { name: string; title?: string; overrides: Array<{ target: string; value: string; source: string }> };
  steps: Step[];
}
