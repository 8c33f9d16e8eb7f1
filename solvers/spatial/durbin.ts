// The Durbin terms W·x of the models whose descriptor has `durbin` (SDM, SDEM; spec/spatial-models.ts), shared by
// the static (models.ts) and the dynamic (dynamic.ts) fits: which regressors get a W·x column, and the regressor
// block [X, W·X_d] of the raw design.
//
// The lags are formed from the raw X, period by period, and the within transformation comes after (splm and
// SDPDmod do the same: the W_x columns are regressors of the untransformed data). The order matters only when
// period effects are removed and W is not row-standardised: then J·W·x ≠ J·W·J·x (J = I − 11ᵀ/N).
//
// The selection depends on the descriptor alone, never on the estimator. The two copies this replaces differed
// only in that the dynamic one tested `model === 'sdm'` and the static one `sdm || sdem`; since the dynamic
// estimator fits lag models only (SAR, SDM, as SDPDmod), the difference was unreachable and both were right. A
// dynamic Durbin error model, if one is added, gets its W·x columns here like any Durbin model. Both paths are
// pinned with a Durbin subset against R (models.R: splm SEM with W_logy; dynamic.R: SDPDm SAR with W_logy).
import type { SpatialModelDescriptor } from '../../spec/spatial-models.ts';
import { SolverError } from '../errors.ts';
import { type CsrMatrix, panelLag } from './csr.ts';

/** Which regressors get a W·x term: true (all, the default), false (none) or a list of regressor names. */
export type DurbinSelection = boolean | readonly string[];

export interface DurbinTerms {
  /** Indices (into the regressor names) of the regressors with a W·x column, ascending and distinct. */
  cols: number[];
  /** The names of those columns: W*name. */
  names: string[];
}

/** The Durbin terms of a model: none unless its descriptor has `durbin`; an unknown name is SPPANEL_DURBIN. */
export function durbinTerms(
  model: Pick<SpatialModelDescriptor, 'durbin'>,
  names: readonly string[],
  selection: DurbinSelection = true,
): DurbinTerms {
  const cols: number[] = [];
  if (!model.durbin || selection === false) return { cols, names: [] };
  if (selection === true) for (let c = 0; c < names.length; c++) cols.push(c);
  else {
    for (const nm of selection) {
      const c = names.indexOf(nm);
      if (c < 0) throw new SolverError('R546', { term: nm, regressors: names });
      if (!cols.includes(c)) cols.push(c);
    }
    cols.sort((a, b) => a - b);
  }
  return { cols, names: cols.map((c) => `W*${names[c]}`) };
}

/** For each of the k regressors: the index of its W·x column in a coefficient vector whose W·x block starts at `at`, or −1. */
export function durbinIndex(terms: DurbinTerms, k: number, at: number): Int32Array {
  const of = new Int32Array(k).fill(-1);
  terms.cols.forEach((c, q) => (of[c] = at + q));
  return of;
}

/**
 * Write the regressor block [X, W·X_d] into columns `col`, `col` + 1, … of the row-major design Z (kz columns):
 * X is time-major and row-major with k columns; its periods `first` … `first` + T − 1 (N units each) fill Z's
 * T periods. The dynamic fit passes first = 1 (the first period supplies only y_{t−1}).
 */
export function writeRegressorBlock(
  Z: Float64Array,
  kz: number,
  col: number,
  X: Float64Array,
  k: number,
  W: CsrMatrix,
  first: number,
  T: number,
  terms: DurbinTerms,
): void {
  const N = W.n;
  const NT = N * T;
  const off = first * N;
  for (let r = 0; r < NT; r++) for (let c = 0; c < k; c++) Z[r * kz + col + c] = X[(off + r) * k + c]!;
  if (!terms.cols.length) return;
  const x = new Float64Array(NT);
  const Wx = new Float64Array(NT);
  terms.cols.forEach((c, q) => {
    for (let r = 0; r < NT; r++) x[r] = X[(off + r) * k + c]!;
    panelLag(W, x, T, Wx);
    for (let r = 0; r < NT; r++) Z[r * kz + col + k + q] = Wx[r]!;
  });
}
