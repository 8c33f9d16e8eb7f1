// Shared readers for the CER tests: JSON fixtures from spec/conformance/cer and CSVs from models/cer-china/data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { CostCurve } from '../../solvers/mac.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${root}spec/conformance/cer/${name}`, 'utf8')) as T;
}

export function dataCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(`${root}models/cer-china/data/${name}`, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
}

export function dataJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${root}models/cer-china/data/${name}`, 'utf8')) as T;
}

export function dataText(name: string): string {
  return readFileSync(`${root}models/cer-china/data/${name}`, 'utf8');
}

export type JsonCurve =
  | { form: 'poly'; coef: number[] }
  | { form: 'log'; a: number; b: number }
  | { form: 'power'; a: number; b: number }
  | { form: 'pel'; g0: number };

export function toCurve(c: JsonCurve): CostCurve {
  return c.form === 'poly' ? { form: 'poly', coef: Float64Array.from(c.coef) } : c;
}

/** max |a_i − b_i| */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** max |a_i − b_i| / max(1, |b_i|) */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}
