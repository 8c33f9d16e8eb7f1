// Balanced panels for the spatial models.
//
// Layout (as splm): stacked time-major — all N units at period 1, then all N at period 2, …; observation
// (unit i, period t) sits at row t·N + i. Regressor matrices are row-major NT×k: X[(t·N + i)·k + c].
// The within transformations never form an NT×NT (or T×T, N×N) projection: they subtract unit means, period
// means and the grand mean computed in one pass.
import { SolverError } from '../errors.ts';

export type FixedEffect = 'none' | 'individual' | 'time' | 'twoways';

export interface PanelIndex {
  N: number;
  T: number;
  /** Unit names in panel order (row t·N + i is units[i]). */
  units: string[];
  /** Period labels in panel order, ascending. */
  times: string[];
  /** order[t·N + i] = index of the source row holding (units[i], times[t]). */
  order: Int32Array;
}

/**
 * Index long data (one row per unit-period, any order) into the time-major layout. Units follow `unitOrder` when
 * given (e.g. the names of W, so data and W line up by name); periods sort numerically when all look numeric.
 * An unbalanced panel is an error naming the missing unit-period cells; so is a duplicated cell.
 */
export function panelIndex(
  unitOfRow: readonly string[],
  timeOfRow: readonly (string | number)[],
  opts: { unitOrder?: readonly string[] } = {},
): PanelIndex {
  const m = unitOfRow.length;
  if (timeOfRow.length !== m) throw new SolverError('R530', { case: 'columns', units: m, times: timeOfRow.length });
  const times0 = [...new Set(timeOfRow.map(String))];
  const numeric = times0.every((t) => t.trim() !== '' && Number.isFinite(Number(t)));
  const times = numeric ? times0.sort((a, b) => Number(a) - Number(b)) : times0.sort();
  const dataUnits = [...new Set(unitOfRow)];
  let units: string[];
  if (opts.unitOrder) {
    const known = new Set(opts.unitOrder);
    const extra = dataUnits.filter((u) => !known.has(u));
    if (extra.length) {
      throw new SolverError('R531', { units: extra });
    }
    units = [...opts.unitOrder];
  } else units = dataUnits.sort();
  const N = units.length;
  const T = times.length;
  const ui = new Map(units.map((u, i) => [u, i]));
  const ti = new Map(times.map((t, i) => [t, i]));
  const order = new Int32Array(N * T).fill(-1);
  for (let r = 0; r < m; r++) {
    const i = ui.get(unitOfRow[r]!)!;
    const t = ti.get(String(timeOfRow[r]))!;
    const pos = t * N + i;
    if (order[pos] !== -1) {
      throw new SolverError('R532', { unit: units[i]!, period: times[t]!, first: order[pos]! + 1, second: r + 1 });
    }
    order[pos] = r;
  }
  checkBalanced(order, units, times);
  return { N, T, units, times, order };
}

/**
 * panelIndex from integer-coded unit and period columns (codes[r] indexes levels, first-seen order, as a data
 * table's key index holds them): the same result, without a string per row.
 */
export function panelIndexCoded(
  unitCodes: Int32Array,
  unitLevels: readonly string[],
  timeCodes: Int32Array,
  timeLevels: readonly string[],
): PanelIndex {
  const m = unitCodes.length;
  if (timeCodes.length !== m) throw new SolverError('R530', { case: 'columns', units: m, times: timeCodes.length });
  const numeric = timeLevels.every((t) => t.trim() !== '' && Number.isFinite(Number(t)));
  const times = numeric ? [...timeLevels].sort((a, b) => Number(a) - Number(b)) : [...timeLevels].sort();
  const units = [...unitLevels].sort();
  const N = units.length;
  const T = times.length;
  const ui = new Map(units.map((u, i) => [u, i]));
  const ti = new Map(times.map((t, i) => [t, i]));
  const unitPos = Int32Array.from(unitLevels, (u) => ui.get(u)!);
  const timePos = Int32Array.from(timeLevels, (t) => ti.get(t)!);
  const order = new Int32Array(N * T).fill(-1);
  for (let r = 0; r < m; r++) {
    const i = unitPos[unitCodes[r]!]!;
    const pos = timePos[timeCodes[r]!]! * N + i;
    if (order[pos] !== -1) {
      throw new SolverError('R532', {
        unit: units[i]!,
        period: times[timePos[timeCodes[r]!]!]!,
        first: order[pos]! + 1,
        second: r + 1,
      });
    }
    order[pos] = r;
  }
  checkBalanced(order, units, times);
  return { N, T, units, times, order };
}

/** PANEL_UNBALANCED naming up to ten missing unit-period cells. */
function checkBalanced(order: Int32Array, units: readonly string[], times: readonly string[]): void {
  const N = units.length;
  const T = times.length;
  const holes: Array<[string, string]> = [];
  let nHoles = 0;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) {
      if (order[t * N + i] === -1) {
        nHoles++;
        if (holes.length < 10) holes.push([units[i]!, times[t]!]);
      }
    }
  }
  if (nHoles) {
    throw new SolverError('R533', { missing: nHoles, examples: holes });
  }
}

/** Reorder a long column into the time-major layout of `idx`. */
export function stackColumn(values: ArrayLike<number>, idx: PanelIndex): Float64Array {
  const out = new Float64Array(idx.N * idx.T);
  for (let p = 0; p < out.length; p++) out[p] = values[idx.order[p]!]!;
  return out;
}

function checkDims(len: number, N: number, T: number, k = 1): void {
  if (!(Number.isInteger(N) && N > 0 && Number.isInteger(T) && T > 0)) {
    throw new SolverError('R534', { N, T });
  }
  if (len !== N * T * k) throw new SolverError('R530', { case: 'array', length: len, N, T, k });
}

export interface PanelMeans {
  /** Mean over periods for each unit (length N). */
  unit: Float64Array;
  /** Mean over units for each period (length T). */
  time: Float64Array;
  grand: number;
}

/** Unit, period and grand means of column c of a row-major NT×k matrix (k = 1 for a vector). */
export function panelMeans(x: ArrayLike<number>, N: number, T: number, k = 1, c = 0): PanelMeans {
  checkDims(x.length, N, T, k);
  const unit = new Float64Array(N);
  const time = new Float64Array(T);
  let grand = 0;
  for (let t = 0; t < T; t++) {
    let s = 0;
    const base = t * N;
    for (let i = 0; i < N; i++) {
      const v = x[(base + i) * k + c]!;
      unit[i]! += v;
      s += v;
    }
    time[t] = s / N;
    grand += s;
  }
  for (let i = 0; i < N; i++) unit[i]! /= T;
  return { unit, time, grand: grand / (N * T) };
}

/** Unit means over time (length N), e.g. the x̄ of an economic distance matrix. */
export function unitMeans(x: ArrayLike<number>, N: number, T: number): Float64Array {
  return panelMeans(x, N, T).unit;
}

/**
 * Within transformation of column c of a row-major NT×k matrix, written to column c of `out` (same shape):
 * individual: x_it − x̄_i; time: x_it − x̄_t; twoways: x_it − x̄_i − x̄_t + x̄; none: copy.
 */
export function demeanColumn(
  x: ArrayLike<number>,
  N: number,
  T: number,
  effect: FixedEffect,
  out: Float64Array,
  k = 1,
  c = 0,
): Float64Array {
  const m = panelMeans(x, N, T, k, c);
  const useU = effect === 'individual' || effect === 'twoways';
  const useT = effect === 'time' || effect === 'twoways';
  const g = effect === 'twoways' ? m.grand : 0;
  for (let t = 0; t < T; t++) {
    const mt = useT ? m.time[t]! : 0;
    for (let i = 0; i < N; i++) {
      const p = (t * N + i) * k + c;
      out[p] = x[p]! - (useU ? m.unit[i]! : 0) - mt + g;
    }
  }
  return out;
}

/** Within transformation of a vector of length NT. */
export function demean(
  x: ArrayLike<number>,
  N: number,
  T: number,
  effect: FixedEffect,
  out?: Float64Array,
): Float64Array {
  checkDims(x.length, N, T);
  return demeanColumn(x, N, T, effect, out ?? new Float64Array(N * T));
}

/** Within transformation of every column of a row-major NT×k matrix. */
export function demeanColumns(
  X: ArrayLike<number>,
  k: number,
  N: number,
  T: number,
  effect: FixedEffect,
  out?: Float64Array,
): Float64Array {
  checkDims(X.length, N, T, k);
  const o = out ?? new Float64Array(N * T * k);
  for (let c = 0; c < k; c++) demeanColumn(X, N, T, effect, o, k, c);
  return o;
}
