import type { CostCurve } from '../solvers/mac.ts';
// Runtime values an expression can evaluate to. Numbers, strings and booleans are plain JS values; the rest are
// small tagged objects. Linear forms appear only while a problem's constraints and objective are built.

export interface SetValue {
  kind: 'set';
  name: string;
  members: string[];
  numeric: boolean;
}

/** A cost or MAC curve of one variable, in the MAC solvers' representation. */
export interface CurveValue {
  kind: 'curve';
  curve: CostCurve;
  label?: string;
}
/** Σ coef·x_var + constant, with optional separable terms curve(x_var). */
export interface LinearForm {
  kind: 'lin';
  constant: number;
  terms: Map<number, number>;
  separable: Array<{ variable: number; curve: CurveValue; scale: number }>;
}

export type Value = number | string | boolean | SetValue | CurveValue | LinearForm | RecordValue | Value[];
export interface RecordValue {
  kind: 'record';
  fields: Record<string, unknown>;
}

export const isLinear = (v: unknown): v is LinearForm =>
  typeof v === 'object' && v !== null && (v as LinearForm).kind === 'lin';
export const isSet = (v: unknown): v is SetValue =>
  typeof v === 'object' && v !== null && (v as SetValue).kind === 'set';
export const isCurve = (v: unknown): v is CurveValue =>
  typeof v === 'object' && v !== null && (v as CurveValue).kind === 'curve';
