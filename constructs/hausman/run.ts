// The `hausman` construct: the spatial Hausman test of fixed against random unit effects (splm sphtest).
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import { SPATIAL_MODELS } from '../../spec/spatial-models.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import {
  fitSpatialPanel,
  fitRandomEffectsSpatialPanel,
  spatialHausman,
  type SpatialPanelData,
  type RandomSpatialModel,
} from '../../solvers/spatial/index.ts';
import { design, panelAndWeights, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';

/** Fixed against random unit effects for a SAR or SEM: the spatial Hausman test. */
export function hausmanOf(
  data: SpatialPanelData,
  model: RandomSpatialModel,
): { statistic: number; df: number; pValue: number; warnings: string[] } {
  const fe = fitSpatialPanel(data, { model, effect: 'individual' });
  const re = fitRandomEffectsSpatialPanel(data, { model });
  return spatialHausman(fe, re);
}

export function runHausman(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'hausman'>): void {
  const { p, W } = panelAndWeights(env, props.panel, props.weights);
  const model = props.model ?? 'sar';
  const h = hausmanOf(design(ev, p, W, props.formula), model);
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
