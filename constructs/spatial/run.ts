// The spatial constructs (seed 001): panel, weights, moran, estimate, effects and tests. Each turns the model's
// declaration into calls of the solvers in solvers/spatial (plain functions over typed arrays) and
// writes tables in the layouts of the paper's Tables 2-4.
import type { PExpr, PExprProp, Step } from '../../spec/plan.ts';
import { isDynamicModel, SPATIAL_MODELS, spatialLabelsWhere } from '../../spec/spatial-models.ts';
import { SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { isSet } from '../../execute/values.ts';
import { quantile, summary } from '../../solvers/describe.ts';
import {
  alignWeights,
  distanceBandWeights,
  economicDistanceWeights,
  economicGeographicWeights,
  fitSpatialPanel,
  inverseDistanceWeights,
  knnWeights,
  moranByPeriod,
  fitRandomEffectsSpatialPanel,
  spatialHausman,
  fitDynamicSpatialPanel,
  dynamicImpacts,
  type DynamicSpatialPanelFit,
  nestedWeights,
  panelIndex,
  rowStandardize,
  spatialImpacts,
  specificationTests,
  unitMeans,
  weightsFromEdges,
  weightsSummary,
  type Coordinates,
  type CsrMatrix,
  type FixedEffect,
  type PanelIndex,
  leeYuAvailable,
  type RandomSpatialModel,
  type SpatialModel,
  type SpatialPanelData,
  type SpatialPanelFit,
  type TestResult,
  type EffectStat,
} from '../../solvers/spatial/index.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
interface PanelState {
  name: string;
  data: string;
  idx: PanelIndex;
  unitCol: string;
  timeCol: string;
}
interface SpatialState {
  panels: Map<string, PanelState>;
  weights: Map<string, CsrMatrix>;
  fits: Map<string, SpatialPanelFit>;
}

const states = new WeakMap<Env, SpatialState>();
const state = (env: Env): SpatialState => {
  let s = states.get(env);
  if (!s) states.set(env, (s = { panels: new Map(), weights: new Map(), fits: new Map() }));
  return s;
};
const word = (step: ConstructStep, k: string, d: string): string =>
  ((step.props[k] as { expr?: PExpr } | undefined)?.expr as { v?: string } | undefined)?.v ?? d;
const listProp = (step: ConstructStep, k: string) =>
  (step.props[k] as Extract<PExprProp, { list: unknown }> | undefined)?.list;

export function runPanel(env: Env, _ev: Evaluator, step: ConstructStep): void {
  const data = word(step, 'data', ''),
    unitCol = word(step, 'unit', ''),
    timeCol = word(step, 'time', '');
  const t = env.data.get(data)!;
  if (t.key.length !== 2 || t.key[0] !== unitCol || t.key[1] !== timeCol) {
    throw new SolverError(
      'R440',
      `panel '${step.name}': data '${data}' must be keyed by (${unitCol}, ${timeCol}) in that order, it is keyed by (${t.key.join(', ')})`,
      { hint: `declare it as: data ${data} from "..." key (${unitCol}, ${timeCol}) { ... }` },
    );
  }
  const idx = panelIndex(t.columns.get(unitCol)!.map(String), t.columns.get(timeCol)!.map(String));
  state(env).panels.set(step.name, { name: step.name, data, idx, unitCol, timeCol });
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['N', makeIndexed([], [idx.N])],
      ['T', makeIndexed([], [idx.T])],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Panel ${step.name}`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: [
      { property: 'units (N)', value: idx.N },
      { property: 'periods (T)', value: idx.T },
      { property: 'observations', value: idx.N * idx.T },
      { property: 'periods', value: `${idx.times[0]}–${idx.times.at(-1)}` },
      { property: 'balanced', value: 'yes' },
    ],
  });
}

/** A panel column (or formula term) stacked time-major over the panel's units, as the solvers expect. */
function stacked(env: Env, ev: Evaluator, p: PanelState, term: PExpr, what: string): Float64Array {
  const { N, T, units, times } = p.idx;
  const out = new Float64Array(N * T);
  const b = new Map<string, string>();
  for (let t = 0; t < T; t++) {
    b.set('#time', times[t]!);
    for (let i = 0; i < N; i++) {
      b.set('#unit', units[i]!);
      const v = ev.num(term, b, `${what} at ${units[i]}, ${times[t]}`);
      if (!Number.isFinite(v))
        throw new SolverError('R441', `${what} is ${v} at unit '${units[i]}', period ${times[t]} (data '${p.data}')`, {
          hint: 'a log of a non-positive value, or a missing value upstream?',
        });
      out[t * N + i] = v;
    }
  }
  void env;
  return out;
}

const column = (data: string, col: string): PExpr => ({
  op: 'col',
  data,
  column: col,
  idx: [
    { op: 'it', name: '#unit' },
    { op: 'it', name: '#time' },
  ],
});

export function runWeights(env: Env, ev: Evaluator, step: ConstructStep): void {
  const unitsV = ev.eval((step.props['units'] as { expr: PExpr }).expr, new Map());
  if (!isSet(unitsV)) throw new SolverError('R402', `weights '${step.name}': units must be a set`);
  const units = unitsV.members;
  const method = (step.props['method'] as { expr: Extract<PExpr, { op: 'call' }> }).expr;
  const arg = (k: string) => method.named?.[k];
  const num = (k: string, d?: number) => {
    const e = arg(k);
    return e ? ev.num(e, new Map(), `${method.fn}(${k})`) : d;
  };
  const name = (k: string) => (arg(k) as { v?: string } | undefined)?.v ?? '';
  const perUnit = (k: string) => {
    const p = step.props[k] as { expr: PExpr; params: string[] } | undefined;
    return p
      ? Float64Array.from(units, (u) => ev.num(p.expr, new Map([[p.params[0]!, u]]), `${step.name}.${k}(${u})`))
      : undefined;
  };
  const coords = (): Coordinates => {
    const lon = perUnit('lon'),
      lat = perUnit('lat'),
      x = perUnit('x'),
      y = perUnit('y');
    if (lon && lat) return { x: lon, y: lat, lonlat: true };
    if (x && y) return { x, y, lonlat: false };
    throw new SolverError(
      'R442',
      `weights '${step.name}': ${method.fn} needs coordinates: lon(u) and lat(u), or x(u) and y(u)`,
    );
  };
  const xbar = (panelName: string, variable: string) => {
    const p = state(env).panels.get(panelName);
    if (!p) throw new SolverError('R404', `weights '${step.name}': '${panelName}' is not a panel`);
    const v = stacked(env, ev, p, column(p.data, variable), `${panelName}.${variable}`);
    const m = unitMeans(v, p.idx.N, p.idx.T);
    const pos = new Map(p.idx.units.map((u, i) => [u, i]));
    return Float64Array.from(units, (u) => {
      const i = pos.get(u);
      if (i === undefined)
        throw new SolverError('W_UNIT_MISSING', `weights '${step.name}': unit '${u}' is not in panel '${panelName}'`);
      return m[i]!;
    });
  };
  const other = (k: string) => {
    const W = state(env).weights.get(name(k));
    if (!W)
      throw new SolverError('R404', `weights '${step.name}': '${name(k)}' is not a weight matrix declared before it`);
    return alignWeights(W, units);
  };
  let W: CsrMatrix;
  switch (method.fn) {
    case 'knn':
      W = knnWeights(units, coords(), num('k')!);
      break;
    case 'band':
      W = distanceBandWeights(units, coords(), {
        upper: num('upper')!,
        ...(arg('lower') ? { lower: num('lower')! } : {}),
      });
      break;
    case 'inverse':
      W = inverseDistanceWeights(units, coords(), {
        ...(arg('power') ? { power: num('power')! } : {}),
        ...(arg('cutoff') ? { cutoff: num('cutoff')! } : {}),
      });
      break;
    case 'edges': {
      const t = env.data.get(name('data'));
      if (!t) throw new SolverError('R404', `weights '${step.name}': '${name('data')}' is not a data source`);
      const from = t.columns.get(name('from')),
        to = t.columns.get(name('to')),
        wcol = arg('weight') ? t.columns.get(name('weight')) : undefined;
      if (!from || !to)
        throw new SolverError(
          'R404',
          `weights '${step.name}': data '${name('data')}' has no column '${!from ? name('from') : name('to')}'`,
        );
      W = weightsFromEdges(
        units,
        from.map((f, i) => ({ from: String(f), to: String(to[i]), ...(wcol ? { weight: Number(wcol[i]) } : {}) })),
      );
      break;
    }
    case 'economic':
      W = economicDistanceWeights(units, xbar(name('panel'), name('variable')), {
        ...(arg('power') ? { power: num('power')! } : {}),
      });
      break;
    case 'nested':
      W = economicGeographicWeights(other('geographic'), xbar(name('panel'), name('variable')));
      break;
    case 'mix':
      W = nestedWeights(other('geographic'), other('economic'), { ...(arg('phi') ? { phi: num('phi')! } : {}) });
      break;
    default:
      throw new SolverError('R400', `weights '${step.name}': unknown method ${method.fn}`);
  }
  if (word(step, 'standardise', 'row') === 'row') W = rowStandardize(W);
  state(env).weights.set(step.name, W);
  const s = weightsSummary(W);
  if (s.islands.length)
    env.warnings.push(
      `weights ${step.name}: ${s.islands.length} unit(s) without neighbours (islands): ${s.islands.slice(0, 10).join(', ')}`,
    );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Weight matrix ${step.name} (${method.fn})`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: [
      { property: 'units', value: s.n },
      { property: 'non-zero weights', value: s.nnz },
      {
        property: 'neighbours (min / mean / max)',
        value: `${s.minNeighbours} / ${+s.meanNeighbours.toFixed(3)} / ${s.maxNeighbours}`,
      },
      { property: 'islands', value: s.islands.length ? s.islands.join(', ') : 'none' },
      { property: 'symmetric', value: s.symmetric ? 'yes' : 'no' },
      { property: 'row-standardised', value: s.rowStandardized ? 'yes' : 'no' },
    ],
  });
}

function panelAndWeights(env: Env, step: ConstructStep): { p: PanelState; W: CsrMatrix } {
  const st = state(env);
  const p = st.panels.get(word(step, 'panel', ''))!;
  const W0 = st.weights.get(word(step, 'weights', ''))!;
  // match W to the panel's units by name; a unit missing from either side is an error naming it
  return { p, W: alignWeights(W0, p.idx.units) };
}

export function runMoran(env: Env, ev: Evaluator, step: ConstructStep): void {
  const { p, W } = panelAndWeights(env, step);
  const v = step.props['variable'] as { expr: PExpr; label?: string };
  const variable = v.label ?? 'variable';
  const y = stacked(env, ev, p, v.expr, variable);
  const alternative = word(step, 'alternative', 'greater').replace('two_sided', 'two.sided') as 'greater';
  let res;
  try {
    res = moranByPeriod(y, W, p.idx.T, {
      randomisation: word(step, 'randomisation', 'yes') === 'yes',
      alternative,
      zeroPolicy: word(step, 'zero_policy', 'no') === 'yes',
    });
  } catch (e) {
    if (e instanceof SolverError && e.code.startsWith('W_ISLANDS'))
      throw new SolverError(e.code, e.message, {
        hint: 'set zero_policy = yes in the moran block to give islands a lag of 0 (as spdep zero.policy), or use weights without islands',
      });
    throw e;
  }
  const periods = {
    kind: 'set' as const,
    name: p.timeCol,
    members: p.idx.times,
    numeric: p.idx.times.every((t) => Number.isFinite(Number(t))),
  };
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      [
        'I',
        makeIndexed(
          [periods],
          res.map((r) => r.I),
        ),
      ],
      [
        'z',
        makeIndexed(
          [periods],
          res.map((r) => r.z),
        ),
      ],
      [
        'p',
        makeIndexed(
          [periods],
          res.map((r) => r.pValue),
        ),
      ],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Global Moran's I of ${variable} by ${p.timeCol} (Table 2 layout)`,
    columns: [
      { key: 'period', label: p.timeCol },
      { key: 'I', label: "Moran's I" },
      { key: 'E', label: 'E[I]' },
      { key: 'var', label: 'Var[I]' },
      { key: 'z', label: 'z' },
      { key: 'p', label: 'p' },
    ],
    rows: res.map((r, t) => ({
      period: Number.isFinite(Number(p.idx.times[t])) ? Number(p.idx.times[t]) : p.idx.times[t]!,
      I: r.I,
      E: r.expectation,
      var: r.variance,
      z: r.z,
      p: r.pValue,
    })),
    note: `Variance under ${word(step, 'randomisation', 'yes') === 'yes' ? 'randomisation' : 'normality'}; alternative ${alternative}.`,
  });
}

/** y and the regressors of a formula, stacked over the panel. */
function design(
  env: Env,
  ev: Evaluator,
  p: PanelState,
  W: CsrMatrix,
  step: ConstructStep,
  formula?: Array<{ name: string; expr?: PExpr }>,
): SpatialPanelData {
  const f = formula ?? listProp(step, 'formula')!;
  const [lhs, ...terms] = f;
  const y = stacked(env, ev, p, lhs!.expr!, lhs!.name);
  const cols = terms.map((t) => stacked(env, ev, p, t.expr!, t.name));
  const k = cols.length,
    NT = y.length;
  const X = new Float64Array(NT * k);
  for (let r = 0; r < NT; r++) for (let c = 0; c < k; c++) X[r * k + c] = cols[c]![r]!;
  return { y, X, names: terms.map((t) => t.name), W, N: p.idx.N, T: p.idx.T };
}

const stars = (p: number) => (p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '');

/** What a robustness or heterogeneity run changes in an estimate. */
interface RunChanges {
  weights?: string;
  model?: SpatialModel;
  fixed?: FixedEffect;
  winsorise?: [number, number];
  subset?: PExpr;
  formula?: Array<{ name: string; expr: PExpr }>;
}

function fitEstimate(
  env: Env,
  ev: Evaluator,
  step: ConstructStep,
  ch: RunChanges = {},
): { fit: SpatialPanelFit; data: SpatialPanelData; panel: PanelState } {
  const st = state(env);
  let p = st.panels.get(word(step, 'panel', ''))!;
  if (ch.subset) {
    const keep = p.idx.units.filter((u) => ev.eval(ch.subset!, new Map([['unit', u]])) === true);
    if (keep.length < 2)
      throw new SolverError(
        'R444',
        `estimate '${step.name}': the subsample has ${keep.length} unit(s); a spatial model needs at least 2`,
        { hint: 'check the subset condition' },
      );
    p = { ...p, idx: { ...p.idx, units: keep, N: keep.length } };
  }
  const W0 = st.weights.get(ch.weights ?? word(step, 'weights', ''))!;
  // a subsample keeps the weights among its own units, row-standardised again
  const W = ch.subset
    ? rowStandardize(alignWeights(W0, p.idx.units, { extra: 'drop' }))
    : alignWeights(W0, p.idx.units);
  if (ch.subset) {
    const isl = weightsSummary(W).islands;
    if (isl.length)
      env.warnings.push(
        `estimate ${step.name} (subsample of ${p.idx.N} units): ${isl.length} unit(s) have no neighbour inside the subsample: ${isl.slice(0, 10).join(', ')}`,
      );
  }
  const data = design(env, ev, p, W, step, ch.formula);
  if (ch.winsorise) {
    const [lo, hi] = ch.winsorise;
    const clamp = (x: Float64Array, stride = 1, off = 0) => {
      const col = Float64Array.from({ length: x.length / stride }, (_, r) => x[r * stride + off]!);
      const [a, b] = quantile(col, Float64Array.of(lo, hi));
      for (let r = 0; r < col.length; r++) x[r * stride + off] = Math.min(b!, Math.max(a!, x[r * stride + off]!));
    };
    clamp(data.y);
    for (let c = 0; c < data.names.length; c++) clamp(data.X, data.names.length, c);
  }
  const durb = listProp(step, 'durbin');
  const durbin = !durb || durb[0]?.name === '#all' ? true : durb.map((d) => d.name);
  if (Array.isArray(durbin))
    for (const d of durbin)
      if (!data.names.includes(d))
        throw new SolverError(
          'R443',
          `estimate '${step.name}': durbin term '${d}' is not a term of the formula (${data.names.join(', ')})`,
        );
  const model = ch.model ?? (word(step, 'model', 'sdm') as SpatialModel);
  const effect = ch.fixed ?? (word(step, 'fixed', 'twoways') as FixedEffect);
  // the two-way Lee–Yu correction exists for lag models only: a run switching to an error model drops it, and says so
  const wanted = word(step, 'lee_yu', 'no') === 'yes';
  if (word(step, 'dynamic', 'no') === 'yes') {
    if (!isDynamicModel(model))
      throw new SolverError(
        'R446',
        `estimate '${step.name}': a dynamic model is one of ${spatialLabelsWhere((d) => d.dynamicAllowed).join(', ')}, not ${SPATIAL_MODELS[model].label}`,
      );
    if (effect !== 'individual' && effect !== 'twoways')
      throw new SolverError(
        'R446',
        `estimate '${step.name}': a dynamic model has individual or two-way effects, not ${effect}`,
      );
    const lags = (step.props['lags'] as { list?: Array<{ name: string }> } | undefined)?.list?.map((l) => l.name) ?? [
      'time',
      'spacetime',
    ];
    const fit = fitDynamicSpatialPanel(
      { ...data, periods: p.idx.times },
      {
        model,
        effect,
        durbin,
        timeLag: lags.includes('time'),
        spaceTimeLag: lags.includes('spacetime'),
        biasCorrection: word(step, 'bias', 'lee_yu') as 'lee_yu' | 'none',
        yName: listProp(step, 'formula')![0]!.name,
        // the information matrix is inverted exactly, as in static models: SDPDm's nearPD regularisation makes
        // the results depend on the units of the regressors (spec/conformance/spatial/ne_china.R)
        informationRegularisation: 'none',
      },
    );
    return { fit: fit as unknown as SpatialPanelFit, data, panel: p };
  }
  const leeYu = wanted && leeYuAvailable(model, effect);
  if (wanted && !leeYu)
    env.warnings.push(
      `estimate ${step.name}${ch.model ? ` (run model(${ch.model}))` : ''}: the Lee–Yu correction is not available for ${SPATIAL_MODELS[model].label} with two-way effects; fitted without it`,
    );
  const fit = fitSpatialPanel(data, {
    model,
    effect,
    durbin,
    leeYu,
  });
  return { fit, data, panel: p };
}

const regressionModel = (name: string, fit: SpatialPanelFit) => ({
  name,
  terms: Object.fromEntries(fit.coefficients.map((c) => [c.name, { coef: c.estimate, se: c.se, p: c.p }])),
  stats: {
    N: fit.N,
    T: fit.T,
    'σ²': +fit.sigma2.toPrecision(6),
    'Log lik.': +fit.logLik.toFixed(3),
    'R²': +fit.r2.toFixed(4),
    Model: `${'lagIndex' in fit ? 'dynamic ' : ''}${SPATIAL_MODELS[fit.model].label}`,
    'Fixed effects': fit.effect,
    ...('biasCorrection' in fit
      ? { 'Bias correction': String((fit as { biasCorrection: string }).biasCorrection) }
      : {}),
  },
});

export function runEstimate(env: Env, ev: Evaluator, step: ConstructStep): void {
  const { fit } = fitEstimate(env, ev, step);
  const model = fit.model;
  const effect = fit.effect;
  state(env).fits.set(step.name, fit);
  const steps = estimateSteps.get(env) ?? new Map<string, ConstructStep>();
  estimateSteps.set(env, steps);
  steps.set(step.name, step);
  for (const w of fit.warnings) env.warnings.push(`estimate ${step.name}: ${w}`);
  const terms = {
    kind: 'set' as const,
    name: `${step.name} terms`,
    members: fit.coefficients.map((c) => c.name),
    numeric: false,
  };
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['rho', makeIndexed([], [fit.rho])],
      ['sigma2', makeIndexed([], [fit.sigma2])],
      ['loglik', makeIndexed([], [fit.logLik])],
      ['r2', makeIndexed([], [fit.r2])],
      [
        'coef',
        makeIndexed(
          [terms],
          fit.coefficients.map((c) => c.estimate),
        ),
      ],
      [
        'se',
        makeIndexed(
          [terms],
          fit.coefficients.map((c) => c.se),
        ),
      ],
    ]),
  );
  const lhs = listProp(step, 'formula')![0]!.name;
  env.tables.push({
    name: step.name,
    title:
      step.title ??
      `${'lagIndex' in fit ? 'Dynamic ' : ''}${SPATIAL_MODELS[model].label} of ${lhs}, ${effect} fixed effects${fit.leeYu || 'biasCorrection' in fit ? ', Lee–Yu' : ''} (Table 4 layout)`,
    columns: [
      { key: 'term', label: 'Term' },
      { key: 'estimate', label: 'Estimate' },
      { key: 'se', label: 'Std. error' },
      { key: 'z', label: 'z' },
      { key: 'p', label: 'p' },
      { key: 'stars', label: '' },
    ],
    rows: fit.coefficients.map((c) => ({
      term: c.name,
      estimate: c.estimate,
      se: c.se,
      z: c.z,
      p: c.p,
      stars: stars(c.p),
    })),
    regression: { models: [regressionModel(step.name, fit)] },
  });
}

const estimateSteps = new WeakMap<Env, Map<string, ConstructStep>>();

/** Robustness and heterogeneity runs of an estimate, side by side with it. */
export function runVariants(env: Env, ev: Evaluator, step: ConstructStep): void {
  const of = word(step, 'of', '');
  const base = estimateSteps.get(env)?.get(of);
  const baseFit = state(env).fits.get(of);
  if (!base || !baseFit) throw new SolverError('R404', `variants '${step.name}': estimate '${of}' was not run`);
  const models = [regressionModel(of, baseFit)];
  for (const run of listProp(step, 'runs') ?? []) {
    const ch: RunChanges = {};
    for (const c of (run.expr as Extract<PExpr, { op: 'call' }>).args as Array<Extract<PExpr, { op: 'call' }>>) {
      const a = c.args[0]!;
      switch (c.fn) {
        case 'weights':
          ch.weights = (a as { v: string }).v;
          break;
        case 'model':
          ch.model = (a as { v: string }).v as SpatialModel;
          break;
        case 'fixed':
          ch.fixed = (a as { v: string }).v as FixedEffect;
          break;
        case 'winsorise':
          ch.winsorise = [ev.num(a, new Map(), 'winsorise low'), ev.num(c.args[1]!, new Map(), 'winsorise high')];
          break;
        case 'subset':
          ch.subset = a;
          break;
        case 'formula':
          ch.formula = c.args.map((e, i) => ({ name: (c.named?.[`t${i}`] as { v: string }).v, expr: e }));
          break;
      }
    }
    let fit: SpatialPanelFit;
    try {
      fit = fitEstimate(env, ev, base, ch).fit;
    } catch (e) {
      if (e instanceof SolverError) throw new SolverError(e.code, `run ${run.name}: ${e.message}`, { hint: e.hint });
      throw e;
    }
    models.push(regressionModel(run.name, fit));
  }
  const terms = [...new Set(models.flatMap((m) => Object.keys(m.terms)))];
  env.tables.push({
    name: step.name,
    title: step.title ?? `Robustness and heterogeneity of ${of}`,
    columns: [{ key: 'term', label: 'Term' }, ...models.map((m, i) => ({ key: `m${i}`, label: m.name }))],
    rows: terms.map((t) => ({
      term: t,
      ...Object.fromEntries(
        models.map((m, i) => [
          `m${i}`,
          m.terms[t]
            ? `${m.terms[t]!.coef.toPrecision(4)}${stars(m.terms[t]!.p ?? 1)} (${m.terms[t]!.se?.toPrecision(3)})`
            : '',
        ]),
      ),
    })),
    regression: { models },
  });
}

/** Descriptive statistics of panel variables (Table 1 layout). */
export function runDescribe(env: Env, ev: Evaluator, step: ConstructStep): void {
  const p = state(env).panels.get(word(step, 'panel', ''))!;
  const rows: ResultTable['rows'] = (listProp(step, 'variables') ?? []).map((v) => {
    const s = summary(stacked(env, ev, p, v.expr!, v.name));
    return { variable: v.name, n: s.n, mean: s.mean, sd: s.sd, min: s.min, max: s.max };
  });
  env.tables.push({
    name: step.name,
    title: step.title ?? `Descriptive statistics (Table 1 layout), ${p.idx.N} units × ${p.idx.T} periods`,
    columns: [
      { key: 'variable', label: 'Variable' },
      { key: 'n', label: 'Obs.' },
      { key: 'mean', label: 'Mean' },
      { key: 'sd', label: 'Std. dev.' },
      { key: 'min', label: 'Min' },
      { key: 'max', label: 'Max' },
    ],
    rows,
  });
}

/** Turning point −β₁ / (2β₂) of a quadratic term, with a delta-method standard error from the estimates' covariance. */
export function runTurning(env: Env, ev: Evaluator, step: ConstructStep): void {
  const of = word(step, 'of', '');
  const fit = state(env).fits.get(of)!;
  const lin = (step.props['linear'] as { label?: string }).label ?? '',
    sq = (step.props['square'] as { label?: string }).label ?? '';
  const i = fit.names.indexOf(lin),
    j = fit.names.indexOf(sq);
  if (i < 0 || j < 0)
    throw new SolverError('R445', `turning '${step.name}': estimate '${of}' has no term '${i < 0 ? lin : sq}'`, {
      hint: `its terms: ${fit.names.join(', ')}`,
    });
  const b1 = fit.beta[i]!,
    b2 = fit.beta[j]!;
  const k = fit.beta.length + 2; // vcov covers (β, ρ, σ²)
  const V = (a: number, b: number) => fit.vcov[a * k + b]!;
  const g1 = -1 / (2 * b2),
    g2 = b1 / (2 * b2 * b2);
  const value = -b1 / (2 * b2);
  const se = Math.sqrt(g1 * g1 * V(i, i) + 2 * g1 * g2 * V(i, j) + g2 * g2 * V(j, j));
  const p = state(env).panels.get(
    estimateSteps.get(env)?.get(of) ? word(estimateSteps.get(env)!.get(of)!, 'panel', '') : '',
  )!;
  const x = stacked(env, ev, p, (step.props['linear'] as { expr: PExpr }).expr, lin);
  const s = summary(x);
  const beyond = x.filter((v) => v > value).length;
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['value', makeIndexed([], [value])],
      ['se', makeIndexed([], [se])],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Turning point of ${lin} in ${of}`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: [
      { property: `shape (${sq} coefficient ${b2 < 0 ? '< 0' : '> 0'})`, value: b2 < 0 ? 'inverted U' : 'U' },
      { property: `turning point −β(${lin}) / (2 β(${sq}))`, value },
      { property: 'standard error (delta method)', value: se },
      {
        property: '95 % interval',
        value: `${(value - 1.959963984540054 * se).toPrecision(4)} to ${(value + 1.959963984540054 * se).toPrecision(4)}`,
      },
      { property: `range of ${lin} in the data`, value: `${s.min.toPrecision(4)} to ${s.max.toPrecision(4)}` },
      { property: 'inside the data range', value: value >= s.min && value <= s.max ? 'yes' : 'no' },
      {
        property: 'observations beyond the turning point',
        value: `${beyond} of ${x.length} (${((100 * beyond) / x.length).toFixed(1)} %)`,
      },
    ],
  });
}

export function runEffects(env: Env, _ev: Evaluator, step: ConstructStep): void {
  const of = word(step, 'of', '');
  const fit = state(env).fits.get(of)!;
  const num = (k: string, d: number) => {
    const e = (step.props[k] as { expr?: PExpr } | undefined)?.expr;
    return e ? _ev.num(e, new Map(), `${step.name}.${k}`) : d;
  };
  const opts = { draws: num('draws', 1000), seed: num('seed', 1) };
  const rows: ResultTable['rows'] = [];
  const add = (term: string, horizon: string, row: { direct: EffectStat; indirect: EffectStat; total: EffectStat }) => {
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      const s = row[kind];
      rows.push({
        term,
        ...(horizon ? { horizon } : {}),
        effect: kind,
        estimate: s.estimate,
        mean: s.mean,
        sd: s.sd,
        z: s.z,
        p: s.p,
        lower: s.lower95,
        upper: s.upper95,
        stars: stars(s.p),
      });
    }
  };
  let method: string;
  let draws: number;
  const dynamic = 'lagIndex' in fit;
  if (dynamic) {
    // a dynamic model: short-term (within the period) and long-term (after the lags have worked through) effects
    const r = dynamicImpacts(fit as unknown as DynamicSpatialPanelFit, opts);
    for (const w of r.warnings) env.warnings.push(`effects ${step.name}: ${w}`);
    for (const row of r.short) add(row.name, 'short term', row);
    for (const row of r.long) add(row.name, 'long term', row);
    method = r.method;
    draws = r.draws;
  } else {
    const r = spatialImpacts(fit, opts);
    for (const w of r.warnings) env.warnings.push(`effects ${step.name}: ${w}`);
    for (const row of r.rows) add(row.name, '', row);
    method = r.method;
    draws = r.draws;
  }
  env.tables.push({
    name: step.name,
    title: step.title ?? `Direct, indirect and total effects of ${of} (${method}, ${draws} draws)`,
    columns: [
      { key: 'term', label: 'Term' },
      ...(dynamic ? [{ key: 'horizon', label: 'Horizon' }] : []),
      { key: 'effect', label: 'Effect' },
      { key: 'estimate', label: 'Estimate' },
      { key: 'mean', label: 'Sim. mean' },
      { key: 'sd', label: 'Sim. s.d.' },
      { key: 'z', label: 'z' },
      { key: 'p', label: 'p' },
      { key: 'lower', label: '95% low' },
      { key: 'upper', label: '95% high' },
      { key: 'stars', label: '' },
    ],
    rows,
  });
}

/** Fixed against random unit effects for a SAR or SEM: the spatial Hausman test. */
function hausmanOf(
  data: SpatialPanelData,
  model: RandomSpatialModel,
): { statistic: number; df: number; pValue: number; warnings: string[] } {
  const fe = fitSpatialPanel(data, { model, effect: 'individual' });
  const re = fitRandomEffectsSpatialPanel(data, { model });
  return spatialHausman(fe, re);
}

export function runHausman(env: Env, ev: Evaluator, step: ConstructStep): void {
  const { p, W } = panelAndWeights(env, step);
  const model = word(step, 'model', 'sar') as RandomSpatialModel;
  const h = hausmanOf(design(env, ev, p, W, step), model);
  for (const w of h.warnings) env.warnings.push(`hausman ${step.name}: ${w}`);
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['statistic', makeIndexed([], [h.statistic])],
      ['p', makeIndexed([], [h.pValue])],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Spatial Hausman test, ${SPATIAL_MODELS[model].label}: fixed against random unit effects`,
    columns: [
      { key: 'test', label: 'Test' },
      { key: 'statistic', label: 'Statistic' },
      { key: 'df', label: 'df' },
      { key: 'p', label: 'p' },
      { key: 'reading', label: 'Reading' },
    ],
    rows: [
      {
        test: `Hausman (${SPATIAL_MODELS[model].label})`,
        statistic: h.statistic,
        df: h.df,
        p: h.pValue,
        reading: h.pValue < 0.05 ? 'random effects rejected: use fixed effects' : 'random effects not rejected',
      },
    ],
  });
}

export function runTests(env: Env, ev: Evaluator, step: ConstructStep): void {
  const { p, W } = panelAndWeights(env, step);
  const data = design(env, ev, p, W, step);
  const t = specificationTests(data);
  const h = hausmanOf(data, 'sar');
  for (const w of h.warnings) env.warnings.push(`tests ${step.name}: Hausman: ${w}`);
  const row = (group: string, r: TestResult) => ({
    group,
    test: r.name,
    statistic: r.statistic,
    df: r.df,
    p: r.pValue,
    stars: stars(r.pValue),
  });
  env.tables.push({
    name: step.name,
    title: step.title ?? 'Specification tests (Table 3 layout)',
    columns: [
      { key: 'group', label: 'Test' },
      { key: 'test', label: 'Statistic' },
      { key: 'statistic', label: 'Value' },
      { key: 'df', label: 'df' },
      { key: 'p', label: 'p' },
      { key: 'stars', label: '' },
    ],
    rows: [
      row('LM', t.lm.lmLag),
      row('LM', t.lm.robustLmLag),
      row('LM', t.lm.lmError),
      row('LM', t.lm.robustLmError),
      row('Wald', t.wald.sar),
      row('Wald', t.wald.sem),
      row('LR', t.lr.sar),
      row('LR', t.lr.sem),
      row('LR', t.lr.unitEffects),
      row('LR', t.lr.timeEffects),
      row('Hausman', {
        name: 'Hausman (SAR, fixed vs random unit effects)',
        statistic: h.statistic,
        df: h.df,
        pValue: h.pValue,
      }),
    ],
  });
}
