// What the spatial constructs (panel, weights, moran, estimate, effects, tests, hausman, describe, turning,
// variants) share while a plan runs: the panels and weight matrices read so far and the fitted estimates, kept
// per run, and the helpers that stack panel variables the way the solvers in solvers/spatial expect.
import type { PExpr, Step } from '../spec/plan.ts';
import type { ConstructProps, Formula } from './props.ts';
import { ExecutionError } from '../execute/errors.ts';
import type { Env } from '../execute/env.ts';
import type { Evaluator } from '../execute/evaluate.ts';
import { evalPanelTerm } from '../execute/vectorize.ts';
import type { ModelColumn } from '../execute/model-table.ts';
import {
  alignWeights,
  type CsrMatrix,
  type PanelIndex,
  type SpatialPanelData,
  type SpatialPanelFit,
} from '../solvers/spatial/index.ts';

export type ConstructStep = Extract<Step, { kind: 'construct' }>;
export interface PanelState {
  name: string;
  data: string;
  idx: PanelIndex;
  unitCol: string;
  timeCol: string;
}
/** An estimate as declared: what variants refit with changes, and turning reads the panel of. */
export interface EstimateDecl {
  step: ConstructStep;
  props: ConstructProps<'estimate'>;
}
export interface SpatialState {
  panels: Map<string, PanelState>;
  weights: Map<string, CsrMatrix>;
  fits: Map<string, SpatialPanelFit>;
  estimates: Map<string, EstimateDecl>;
  /** the columns each estimate, variants and effects gives a table of estimates (`table t of sar, robustness`) */
  columns: Map<string, ModelColumn[]>;
}

const states = new WeakMap<Env, SpatialState>();
export const state = (env: Env): SpatialState => {
  let s = states.get(env);
  if (!s)
    states.set(
      env,
      (s = { panels: new Map(), weights: new Map(), fits: new Map(), estimates: new Map(), columns: new Map() }),
    );
  return s;
};

/** A panel column (or formula term) stacked time-major over the panel's units, as the solvers expect. */
export function stacked(ev: Evaluator, p: PanelState, term: PExpr, what: string): Float64Array {
  const { N, T, units, times } = p.idx;
  // whole-panel arithmetic on typed arrays where the term allows it (execute/vectorize.ts), else cell by cell
  const fast = evalPanelTerm(ev.env, term, { data: p.data, ...p.idx });
  if (fast) {
    for (let q = 0; q < N * T; q++) {
      if (Number.isFinite(fast[q]!)) continue;
      const t = Math.floor(q / N);
      const i = q - t * N;
      throw new ExecutionError('R441', { what, value: fast[q]!, unit: units[i]!, period: times[t]!, data: p.data });
    }
    return fast;
  }
  const out = new Float64Array(N * T);
  const b = new Map<string, string>();
  for (let t = 0; t < T; t++) {
    b.set('#time', times[t]!);
    for (let i = 0; i < N; i++) {
      b.set('#unit', units[i]!);
      const v = ev.num(term, b, `${what} at ${units[i]}, ${times[t]}`);
      if (!Number.isFinite(v))
        throw new ExecutionError('R441', { what, value: v, unit: units[i]!, period: times[t]!, data: p.data });
      out[t * N + i] = v;
    }
  }
  return out;
}

export const column = (data: string, col: string): PExpr => ({
  op: 'col',
  data,
  column: col,
  idx: [
    { op: 'it', name: '#unit' },
    { op: 'it', name: '#time' },
  ],
});

/** The panel and the weight matrix a construct names, the matrix matched to the panel's units by name. */
export function panelAndWeights(env: Env, panel: string, weights: string): { p: PanelState; W: CsrMatrix } {
  const st = state(env);
  const p = st.panels.get(panel)!;
  const W0 = st.weights.get(weights)!;
  // a unit missing from either side is an error naming it
  return { p, W: alignWeights(W0, p.idx.units) };
}

/** y and the regressors of a formula, stacked over the panel. */
export function design(ev: Evaluator, p: PanelState, W: CsrMatrix, formula: Formula): SpatialPanelData {
  const y = stacked(ev, p, formula.lhs.expr, formula.lhs.name);
  const cols = formula.terms.map((t) => stacked(ev, p, t.expr, t.name));
  const k = cols.length,
    NT = y.length;
  const X = new Float64Array(NT * k);
  for (let r = 0; r < NT; r++) for (let c = 0; c < k; c++) X[r * k + c] = cols[c]![r]!;
  return { y, X, names: formula.terms.map((t) => t.name), W, N: p.idx.N, T: p.idx.T };
}

export const stars = (p: number) => (p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '');
