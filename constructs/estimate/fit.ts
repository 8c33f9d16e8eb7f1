// Fitting an estimate, as declared or with the changes of a robustness run (variants): the panel, possibly a
// subsample, the weights aligned to it, the design, winsorising, and the static or dynamic fit.
import type { PExpr } from '../../spec/plan.ts';
import { isDynamicModel, SPATIAL_MODELS, spatialLabelsWhere } from '../../spec/spatial-models.ts';
import { ExecutionError, declRef } from '../../execute/errors.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { quantile } from '../../solvers/describe.ts';
import { termEstimate, type ModelColumn } from '../../execute/model-table.ts';
import {
  alignWeights,
  fitSpatialPanel,
  leeYuAvailable,
  fitDynamicSpatialPanel,
  rowStandardize,
  weightsSummary,
  type FixedEffect,
  type LogDetOptions,
  type SpatialModel,
  type SpatialPanelData,
  type SpatialPanelFit,
} from '../../solvers/spatial/index.ts';
import { design, state, type EstimateDecl, type PanelState } from '../spatial-state.ts';
import type { Formula } from '../props.ts';
import type { CsrMatrix } from '../../solvers/spatial/index.ts';
import { warningLine } from '../../diagnostics/index.ts';

/** What a robustness or heterogeneity run changes in an estimate. */
export interface RunChanges {
  weights?: string;
  model?: SpatialModel;
  fixed?: FixedEffect;
  winsorise?: [number, number];
  subset?: PExpr;
  formula?: Formula;
}

export function fitEstimate(
  env: Env,
  ev: Evaluator,
  est: EstimateDecl,
  ch: RunChanges = {},
): { fit: SpatialPanelFit; data: SpatialPanelData; panel: PanelState } {
  const { step, props } = est;
  const p = sample(ev, est, ch.subset);
  const W = weightsFor(env, est, p, ch);
  const data = design(ev, p, W, ch.formula ?? props.formula);
  if (ch.winsorise) winsorise(data, ch.winsorise);
  const durbin = props.durbin === undefined || props.durbin === 'all' ? true : props.durbin;
  if (Array.isArray(durbin))
    for (const d of durbin)
      if (!data.names.includes(d))
        throw new ExecutionError('R443', { term: d, terms: data.names }).within(declRef('estimate', step.name));
  const model = ch.model ?? props.model;
  const effect = ch.fixed ?? props.fixed ?? 'twoways';
  if (props.dynamic === 'yes') return { fit: fitDynamic(ev, est, data, p, { model, effect, durbin }), data, panel: p };
  // the two-way Lee–Yu correction exists for lag models only: a run switching to an error model drops it, and says so
  const wanted = props.lee_yu === 'yes';
  const leeYu = wanted && leeYuAvailable(model, effect);
  if (wanted && !leeYu)
    env.warnings.push(
      `estimate ${step.name}${ch.model ? ` (run model(${ch.model}))` : ''}: ${warningLine('W545', { model: SPATIAL_MODELS[model].label })}`,
    );
  const fit = fitSpatialPanel(data, {
    model,
    effect,
    durbin,
    leeYu,
    logdet: logdetOptions(ev, est),
  });
  return { fit, data, panel: p };
}

/** The estimate's panel, or the subsample of its units for which the run's condition holds. */
function sample(ev: Evaluator, est: EstimateDecl, subset: PExpr | undefined): PanelState {
  const p = state(ev.env).panels.get(est.props.panel)!;
  if (!subset) return p;
  const keep = p.idx.units.filter((u) => ev.eval(subset, new Map([['unit', u]])) === true);
  if (keep.length < 2)
    throw new ExecutionError('R444', { units: keep.length }).within(declRef('estimate', est.step.name));
  return { ...p, idx: { ...p.idx, units: keep, N: keep.length } };
}

/** The weights aligned to the panel's units; a subsample keeps the weights among its own units, row-standardised again. */
function weightsFor(env: Env, est: EstimateDecl, p: PanelState, ch: RunChanges): CsrMatrix {
  const W0 = state(env).weights.get(ch.weights ?? est.props.weights)!;
  if (!ch.subset) return alignWeights(W0, p.idx.units);
  const W = rowStandardize(alignWeights(W0, p.idx.units, { extra: 'drop' }));
  const isl = weightsSummary(W).islands;
  if (isl.length)
    env.warnings.push(
      `estimate ${est.step.name} (subsample of ${p.idx.N} units): ${warningLine('W544', { islands: isl })}`,
    );
  return W;
}

/** Clamp y and every regressor to its [lo, hi] quantiles. */
function winsorise(data: SpatialPanelData, [lo, hi]: [number, number]): void {
  const clamp = (x: Float64Array, stride = 1, off = 0) => {
    const col = Float64Array.from({ length: x.length / stride }, (_, r) => x[r * stride + off]!);
    const [a, b] = quantile(col, Float64Array.of(lo, hi));
    for (let r = 0; r < col.length; r++) x[r * stride + off] = Math.min(b!, Math.max(a!, x[r * stride + off]!));
  };
  clamp(data.y);
  for (let c = 0; c < data.names.length; c++) clamp(data.X, data.names.length, c);
}

function fitDynamic(
  ev: Evaluator,
  est: EstimateDecl,
  data: SpatialPanelData,
  p: PanelState,
  o: { model: SpatialModel; effect: FixedEffect; durbin: true | string[] },
): SpatialPanelFit {
  const { step, props } = est;
  const { model, effect } = o;
  if (!isDynamicModel(model))
    throw new ExecutionError('R446', {
      case: 'model',
      allowed: spatialLabelsWhere((d) => d.dynamicAllowed),
      model: SPATIAL_MODELS[model].label,
    }).within(declRef('estimate', step.name));
  if (effect !== 'individual' && effect !== 'twoways')
    throw new ExecutionError('R446', { case: 'effect', effect }).within(declRef('estimate', step.name));
  const lags = props.lags ?? ['time', 'spacetime'];
  const fit = fitDynamicSpatialPanel(
    { ...data, periods: p.idx.times },
    {
      logdet: logdetOptions(ev, est),
      model,
      effect,
      durbin: o.durbin,
      timeLag: lags.includes('time'),
      spaceTimeLag: lags.includes('spacetime'),
      biasCorrection: props.bias ?? 'lee_yu',
      yName: props.formula.lhs.name,
      // the information matrix is inverted exactly, as in static models: SDPDm's nearPD regularisation makes
      // the results depend on the units of the regressors (spec/conformance/spatial/ne_china.R)
      informationRegularisation: 'none',
    },
  );
  return fit as unknown as SpatialPanelFit;
}

/** The estimate's `logdet`, `logdet_order` and `probes` as the solvers' log-determinant options. */
function logdetOptions(ev: Evaluator, est: EstimateDecl): LogDetOptions {
  const { step, props } = est;
  const int = (e: PExpr | undefined, k: string): number | undefined => {
    if (!e) return undefined;
    const v = ev.num(e, new Map(), `${step.name}.${k}`);
    if (!(Number.isInteger(v) && v >= 1))
      throw new ExecutionError('R447', { property: k, value: v }).within(declRef('estimate', step.name));
    return v;
  };
  const order = int(props.logdet_order, 'logdet_order');
  const probes = int(props.probes, 'probes');
  const settings = { ...(order ? { order } : {}), ...(probes ? { probes } : {}) };
  const method = props.logdet ?? 'auto';
  if (method === 'exact') return { method: 'auto', exactMaxN: Infinity };
  return { method, mc: settings, chebyshev: settings };
}

/**
 * A fit as one column of a table of estimates: its terms, goodness of fit and facts (the weights by name),
 * headed `name`, or for an estimate itself (`source`) by the model (SAR, dynamic SDM) unless the study labels it.
 */
export function modelColumn(name: string | { source: string }, fit: SpatialPanelFit, weights: string): ModelColumn {
  const dynamic = 'lagIndex' in fit;
  const head = `${dynamic ? 'dynamic ' : ''}${SPATIAL_MODELS[fit.model].label}`;
  const obs = fit.N * fit.T;
  // parameters counted by AIC and BIC: the coefficients (ρ/λ and the lags included) and σ²; fixed effects are
  // concentrated out of the likelihood, as splm and SDPDmod report it
  const k = fit.coefficients.length + 1;
  return {
    ...(typeof name === 'string' ? { name } : { name: head, source: name.source }),
    terms: Object.fromEntries(fit.coefficients.map((c) => [c.name, termEstimate(c.estimate, c.se, c.z, c.p)])),
    stats: {
      obs,
      N: fit.N,
      T: fit.T,
      loglik: fit.logLik,
      aic: -2 * fit.logLik + 2 * k,
      bic: -2 * fit.logLik + k * Math.log(obs),
      r2: fit.r2,
      sigma2: fit.sigma2,
    },
    indicators: {
      model: head,
      unit_fe: fit.effect === 'individual' || fit.effect === 'twoways',
      time_fe: fit.effect === 'time' || fit.effect === 'twoways',
      lee_yu: dynamic ? (fit as { biasCorrection?: string }).biasCorrection === 'lee_yu' : fit.leeYu,
      weights,
      // an approximate log-determinant says which, and how far ρ may be from the exact-log-determinant estimate
      ...(fit.logdet?.approximate ? { logdet: fit.logdet.short } : {}),
    },
  };
}
