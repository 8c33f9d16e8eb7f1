// The `describe` construct: descriptive statistics of panel variables (Table 1 layout).
import type { Env, ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { summary } from '../../solvers/describe.ts';
import { stacked, state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';

/** Descriptive statistics of panel variables (Table 1 layout). */
export function runDescribe(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'describe'>): void {
  const p = state(env).panels.get(props.panel)!;
  const rows: ResultTable['rows'] = props.variables.map((v) => {
    const s = summary(stacked(ev, p, v.expr, v.name));
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
