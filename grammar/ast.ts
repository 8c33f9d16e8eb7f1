// The abstract syntax tree: what the modeler wrote, with a source range on every node and nothing evaluated.
import type { ConstructKeyword } from '../constructs/registry.ts';

import type { Span } from '../diagnostics/span.ts';
export type { Pos, Span } from '../diagnostics/span.ts';

export interface Name {
  text: string;
  span: Span;
}

export type Expr =
  | { kind: 'num'; value: number; text: string; span: Span }
  | { kind: 'str'; value: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'member'; object: Expr; member: Name; span: Span }
  | { kind: 'index'; object: Expr; indices: Expr[]; span: Span }
  | { kind: 'call'; callee: Expr; args: Arg[]; span: Span }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'compare'; ops: CompareOp[]; operands: Expr[]; span: Span }
  | { kind: 'range'; from: Expr; to: Expr; span: Span }
  | { kind: 'aggregate'; fn: AggregateFn; bindings: Binding[]; filter?: Expr; body: Expr; noBody?: boolean; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr; span: Span }
  /** `labels` (only where an item has one): `[log(pcap) "ln public capital", rho]` */
  | { kind: 'list'; items: Expr[]; labels?: Array<Name | undefined>; span: Span }
  | { kind: 'setLiteral'; members: Name[]; span: Span }
  | { kind: 'setBuilder'; binding: Binding; filter?: Expr; span: Span }
  | { kind: 'formula'; lhs: Expr; rhs: Expr; span: Span };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'and' | 'or';
export type CompareOp = '<=' | '>=' | '<' | '>' | '==' | '!=';
export type AggregateFn = 'sum' | 'prod' | 'max' | 'min' | 'count';

export interface Arg {
  name?: Name;
  value: Expr;
  span: Span;
}
export interface Binding {
  variable: Name;
  domain: Expr;
  span: Span;
}

/** `[region]` (anonymous index) or `[r in region]`. */
export interface IndexBinding {
  variable?: Name;
  set: Name;
  span: Span;
}

export interface UnitFactor {
  name: string;
  power: number;
  span: Span;
}
export interface UnitAnnotation {
  factors: UnitFactor[];
  span: Span;
}

export interface Prop {
  name: Name;
  label?: Name;
  params?: Name[];
  value?: Expr;
  span: Span;
}

export type Decl =
  | { kind: 'study'; title: string; props: Prop[]; span: Span; nameSpan: Span }
  | { kind: 'data'; name: Name; path: string; pathSpan: Span; key: Name[]; columns: ColumnDecl[]; span: Span }
  | { kind: 'set'; name: Name; value: Expr; span: Span }
  | { kind: 'param'; name: Name; index: IndexBinding[]; unit?: UnitAnnotation; value: Expr; span: Span }
  | { kind: 'result'; name: Name; index: IndexBinding[]; unit?: UnitAnnotation; value: Expr; span: Span }
  | {
      kind: 'problem';
      name: Name;
      coalition?: { variable: Name; set: Name };
      vars: VarDecl[];
      objective?: Objective;
      constraints: Constraint[];
      span: Span;
    }
  | {
      kind: 'table';
      name: Name;
      title?: string;
      by: Binding[];
      filter?: Expr;
      pivot?: Name;
      columns: TableColumn[];
      span: Span;
    }
  | { kind: 'scenario'; name: Name; title?: string; overrides: Override[]; span: Span }
  | { kind: 'grid'; dimensions: GridDimension[]; span: Span }
  | {
      kind: 'block';
      construct: { text: ConstructKeyword; span: Span };
      name?: Name;
      index: IndexBinding[];
      title?: string;
      over?: Expr;
      value?: Expr;
      props: Prop[];
      span: Span;
    };

export interface ColumnDecl {
  name: Name;
  type: Name;
  span: Span;
}
export interface VarDecl {
  name: Name;
  index: IndexBinding[];
  unit?: UnitAnnotation;
  lower: Expr[];
  upper: Expr[];
  domain: 'continuous' | 'integer' | 'binary';
  span: Span;
}
export interface Objective {
  sense: 'minimize' | 'maximize';
  name?: Name;
  expr: Expr;
  span: Span;
}
export interface Constraint {
  name: Name;
  index: IndexBinding[];
  expr: Expr;
  span: Span;
}
export interface TableColumn {
  name: Name;
  label?: string;
  value: Expr;
  span: Span;
}
export interface Override {
  target: Name;
  indices: Expr[];
  value: Expr;
  span: Span;
}
export interface GridDimension {
  name: Name;
  levels: Array<{ name: Name; overrides: Override[]; span: Span }>;
  span: Span;
}

export interface Model {
  file: string;
  decls: Decl[];
}
