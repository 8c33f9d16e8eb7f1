// The `tests` construct: seed 001's Table 3 battery of specification tests, with the spatial Hausman test.
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { specificationTests, type TestResult } from '../../solvers/spatial/index.ts';
import { design, panelAndWeights, stars, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';
import { hausmanOf } from '../hausman/run.ts';

export function runTests(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'tests'>): void {
  const { p, W } = panelAndWeights(env, props.panel, props.weights);
  const data = design(ev, p, W, props.formula);
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
