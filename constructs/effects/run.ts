// The `effects` construct: LeSage–Pace direct, indirect and total effects of an estimate, with simulated
// inference (short and long term for a dynamic model).
import type { PExpr } from '../../spec/plan.ts';
import type { Env, ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import {
  dynamicImpacts,
  spatialImpacts,
  type DynamicSpatialPanelFit,
  type EffectStat,
} from '../../solvers/spatial/index.ts';
import type { ModelColumn } from '../../execute/model-table.ts';
import { stars, state, type ConstructStep } from '../spatial-state.ts';

const EFFECT_HEADS = { direct: 'Direct', indirect: 'Indirect', total: 'Total' } as const;
import type { ConstructProps } from '../props.ts';

export function runEffects(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'effects'>): void {
  const of = props.of;
  const fit = state(env).fits.get(of)!;
  const num = (e: PExpr | undefined, k: string, d: number) => (e ? ev.num(e, new Map(), `${step.name}.${k}`) : d);
  const opts = { draws: num(props.draws, 'draws', 1000), seed: num(props.seed, 'seed', 1) };
  const rows: ResultTable['rows'] = [];
  // the columns a table of estimates sets side by side: one per horizon and effect, with the estimate's facts
  const columns = new Map<string, ModelColumn>();
  const facts = state(env).columns.get(of)?.[0]?.indicators;
  const add = (term: string, horizon: string, row: { direct: EffectStat; indirect: EffectStat; total: EffectStat }) => {
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      const s = row[kind];
      const key = `${horizon}|${kind}`;
      if (!columns.has(key))
        columns.set(key, {
          name: EFFECT_HEADS[kind],
          ...(horizon ? { group: horizon[0]!.toUpperCase() + horizon.slice(1) } : {}),
          terms: {},
          effect: kind,
          ...(facts ? { indicators: facts } : {}),
        });
      columns.get(key)!.terms[term] = {
        coef: s.estimate,
        se: s.sd,
        z: s.z,
        p: s.p,
        lower: s.lower95,
        upper: s.upper95,
      };
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
  state(env).columns.set(step.name, [...columns.values()]);
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
