// The `moran` construct: global Moran's I of a panel variable, period by period (spdep::moran.test).
import type { PExpr } from '../../spec/plan.ts';
import { SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { moranByPeriod } from '../../solvers/spatial/index.ts';
import { panelAndWeights, stacked, word, type ConstructStep } from '../spatial-state.ts';

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
