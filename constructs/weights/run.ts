// The `weights` construct: a sparse spatial weight matrix over a set of units, built by one of the methods of
// its spec (knn, distance band, inverse distance, edges, economic, nested, mixed), row-standardised by default.
import type { PExpr } from '../../spec/plan.ts';
import { SolverError } from '../../execute/errors.ts';
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
import { column, stacked, state, word, type ConstructStep } from '../spatial-state.ts';

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
