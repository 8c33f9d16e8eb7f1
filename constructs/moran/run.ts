// The `moran` construct: global Moran's I of a panel variable, period by period (spdep::moran.test).
import { SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { moranByPeriod } from '../../solvers/spatial/index.ts';
import { panelAndWeights, stacked, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';

/** The spec's words for the alternative hypothesis, as spdep spells them. */
const ALTERNATIVES = { greater: 'greater', less: 'less', two_sided: 'two.sided' } as const;

export function runMoran(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'moran'>): void {
  const { p, W } = panelAndWeights(env, props.panel, props.weights);
  const variable = props.variable.name;
  const y = stacked(ev, p, props.variable.expr, variable);
  const alternative = ALTERNATIVES[props.alternative ?? 'greater'];
  const randomisation = (props.randomisation ?? 'yes') === 'yes';
  let res;
  try {
    res = moranByPeriod(y, W, p.idx.T, {
      randomisation,
      alternative,
      zeroPolicy: props.zero_policy === 'yes',
    });
  } catch (e) {
    // the remedy in the model's terms
    if (e instanceof SolverError && e.is('R523')) throw new SolverError('R523', { ...e.params, remedy: 'zero_policy' });
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
    note: `Variance under ${randomisation ? 'randomisation' : 'normality'}; alternative ${alternative}.`,
  });
}
