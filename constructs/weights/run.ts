// The `weights` construct: a sparse spatial weight matrix over a set of units, built by one of the methods of
// its spec (knn, distance band, inverse distance, edges, economic, nested, mixed), row-standardised by default.
import type { PExpr } from '../../spec/plan.ts';
import { ExecutionError, declRef } from '../../execute/errors.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { isSet } from '../../execute/values.ts';
import {
  alignWeights,
  distanceBandWeights,
  economicDistanceWeights,
  economicGeographicWeights,
  inverseDistanceWeights,
  knnWeights,
  nestedWeights,
  rowStandardize,
  unitMeans,
  weightsFromEdges,
  weightsSummary,
  type Coordinates,
  type CsrMatrix,
} from '../../solvers/spatial/index.ts';
import { column, stacked, state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';
import { warningLine } from '../../diagnostics/index.ts';

type WeightsProps = ConstructProps<'weights'>;
type Method = WeightsProps['method'];
type MethodName = Method['fn'];

/** What a method's builder reads: its arguments by name, the units' coordinates, panels and earlier matrices. */
interface Build {
  num(k: string): number | undefined;
  has(k: string): boolean;
  name(k: string): string;
  coords(): Coordinates;
  /** each unit's mean of a panel variable over the periods */
  xbar(panel: string, variable: string): Float64Array;
  /** an earlier weight matrix, matched to these units */
  other(k: string): CsrMatrix;
  units: string[];
  env: Env;
  step: ConstructStep;
}

const optional = <K extends string>(b: Build, k: K) => (b.has(k) ? ({ [k]: b.num(k)! } as Record<K, number>) : {});

/** One builder per method of the spec (weights/spec.ts): a method without a builder is a type error. */
const METHODS: { readonly [F in MethodName]: (b: Build) => CsrMatrix } = {
  knn: (b) => knnWeights(b.units, b.coords(), b.num('k')!),
  band: (b) => distanceBandWeights(b.units, b.coords(), { upper: b.num('upper')!, ...optional(b, 'lower') }),
  inverse: (b) => inverseDistanceWeights(b.units, b.coords(), { ...optional(b, 'power'), ...optional(b, 'cutoff') }),
  edges: (b) => {
    const t = b.env.data.get(b.name('data'));
    if (!t)
      throw new ExecutionError('R404', { case: 'data', name: b.name('data') }).within(declRef('weights', b.step.name));
    const from = t.columns.get(b.name('from')),
      to = t.columns.get(b.name('to')),
      wcol = b.has('weight') ? t.columns.get(b.name('weight')) : undefined;
    if (!from || !to)
      throw new ExecutionError('R404', {
        case: 'column',
        data: b.name('data'),
        column: !from ? b.name('from') : b.name('to'),
      }).within(declRef('weights', b.step.name));
    return weightsFromEdges(
      b.units,
      from.map((f, i) => ({ from: String(f), to: String(to[i]), ...(wcol ? { weight: Number(wcol[i]) } : {}) })),
    );
  },
  economic: (b) =>
    economicDistanceWeights(b.units, b.xbar(b.name('panel'), b.name('variable')), { ...optional(b, 'power') }),
  nested: (b) => economicGeographicWeights(b.other('geographic'), b.xbar(b.name('panel'), b.name('variable'))),
  mix: (b) => nestedWeights(b.other('geographic'), b.other('economic'), { ...optional(b, 'phi') }),
};

export function runWeights(env: Env, ev: Evaluator, step: ConstructStep, props: WeightsProps): void {
  const unitsV = ev.eval(props.units, new Map());
  if (!isSet(unitsV)) throw new ExecutionError('R402', { case: 'units' }).within(declRef('weights', step.name));
  const method = props.method;
  let W = METHODS[method.fn](builder(env, ev, step, props, unitsV.members));
  if ((props.standardise ?? 'row') === 'row') W = rowStandardize(W);
  state(env).weights.set(step.name, W);
  const s = weightsSummary(W);
  if (s.islands.length) env.warnings.push(`weights ${step.name}: ${warningLine('W543', { islands: s.islands })}`);
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

function builder(env: Env, ev: Evaluator, step: ConstructStep, props: WeightsProps, units: string[]): Build {
  const method = props.method;
  const args: Partial<Record<string, PExpr>> = method.args;
  const name = (k: string) => {
    const e = args[k];
    return e?.op === 'str' ? e.v : '';
  };
  const perUnit = (k: 'lon' | 'lat' | 'x' | 'y') => {
    const p = props[k];
    return p
      ? Float64Array.from(units, (u) => ev.num(p.expr, new Map([[p.params[0]!, u]]), `${step.name}.${k}(${u})`))
      : undefined;
  };
  return {
    units,
    env,
    step,
    num: (k) => {
      const e = args[k];
      return e ? ev.num(e, new Map(), `${method.fn}(${k})`) : undefined;
    },
    has: (k) => args[k] !== undefined,
    name,
    coords: () => {
      const lon = perUnit('lon'),
        lat = perUnit('lat'),
        x = perUnit('x'),
        y = perUnit('y');
      if (lon && lat) return { x: lon, y: lat, lonlat: true };
      if (x && y) return { x, y, lonlat: false };
      throw new ExecutionError('R442', { method: method.fn }).within(declRef('weights', step.name));
    },
    xbar: (panelName, variable) => {
      const p = state(env).panels.get(panelName);
      if (!p)
        throw new ExecutionError('R404', { case: 'panel', name: panelName }).within(declRef('weights', step.name));
      const v = stacked(ev, p, column(p.data, variable), `${panelName}.${variable}`);
      const m = unitMeans(v, p.idx.N, p.idx.T);
      const pos = new Map(p.idx.units.map((u, i) => [u, i]));
      return Float64Array.from(units, (u) => {
        const i = pos.get(u);
        if (i === undefined)
          throw new ExecutionError('R448', { unit: u, panel: panelName }).within(declRef('weights', step.name));
        return m[i]!;
      });
    },
    other: (k) => {
      const W = state(env).weights.get(name(k));
      if (!W)
        throw new ExecutionError('R404', { case: 'weights', name: name(k) }).within(declRef('weights', step.name));
      return alignWeights(W, units);
    },
  };
}
