// The `panel` construct: a data source keyed by (unit, time) checked balanced and indexed for the spatial solvers.
import { ExecutionError, declRef } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { panelIndexCoded } from '../../solvers/spatial/index.ts';
import { state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';

export function runPanel(env: Env, _ev: Evaluator, step: ConstructStep, props: ConstructProps<'panel'>): void {
  const { data, unit: unitCol, time: timeCol } = props;
  const t = env.data.get(data)!;
  if (t.key.length !== 2 || t.key[0] !== unitCol || t.key[1] !== timeCol) {
    throw new ExecutionError('R440', { data, unit: unitCol, time: timeCol, key: t.key }).within(
      declRef('panel', step.name),
    );
  }
  // the data's key is (unit, time): its integer codes index the panel without a string per row
  const idx = panelIndexCoded(t.keys.codes[0]!, t.keys.levels[0]!, t.keys.codes[1]!, t.keys.levels[1]!);
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
