// Shared loaders for the spatial tests: JSON fixtures and the exported public panels in
// spec/conformance/spatial/ (written by the R scripts there).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { weightsFromDense, type CsrMatrix } from '../../solvers/spatial/weights.ts';

export const SPEC_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../spec/conformance/spatial');

export function loadFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(SPEC_DIR, name), 'utf8')) as T;
}

export function loadW(name: string): CsrMatrix {
  const j = JSON.parse(readFileSync(join(SPEC_DIR, 'data', name), 'utf8')) as { units: string[]; rows: number[][] };
  return weightsFromDense(j.units, j.rows);
}

export function loadCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(join(SPEC_DIR, 'data', name), 'utf8'), { columns: true }) as Record<string, string>[];
}

/** Relative difference |a − b| / max(|b|, floor). */
export function relDiff(a: number, b: number, floor = 1e-300): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

export function expectClose(actual: number, expected: number, rtol: number, atol = 0, what = ''): void {
  const ok = Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  if (!ok)
    throw new Error(
      `${what}: ${actual} vs expected ${expected} (rtol ${rtol}, atol ${atol}, rel diff ${relDiff(actual, expected)})`,
    );
}

/**
 * A time-major panel (all units at period 1, then period 2, ...) built from long rows, with units in the order
 * given (e.g. the order of W's names).
 */
export function panelFromRows(
  rows: Record<string, string>[],
  unitCol: string,
  timeCol: string,
  units: readonly string[],
  vars: Record<string, (r: Record<string, string>) => number>,
): { N: number; T: number; times: string[]; cols: Record<string, Float64Array> } {
  const times = [...new Set(rows.map((r) => r[timeCol]!))].sort((a, b) => Number(a) - Number(b));
  const N = units.length;
  const T = times.length;
  const ui = new Map(units.map((u, i) => [u, i]));
  const ti = new Map(times.map((t, i) => [t, i]));
  const cols: Record<string, Float64Array> = {};
  for (const k of Object.keys(vars)) cols[k] = new Float64Array(N * T).fill(NaN);
  for (const r of rows) {
    const i = ui.get(r[unitCol]!);
    const t = ti.get(r[timeCol]!);
    if (i === undefined || t === undefined) throw new Error(`row with unit ${r[unitCol]} not in units`);
    for (const [k, f] of Object.entries(vars)) cols[k]![t * N + i] = f(r);
  }
  for (const [k, v] of Object.entries(cols))
    if (v.some((x) => Number.isNaN(x))) throw new Error(`panel column ${k} has holes`);
  return { N, T, times, cols };
}
