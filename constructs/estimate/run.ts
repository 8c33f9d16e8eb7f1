// The `estimate` construct: a static or dynamic spatial panel model with fixed effects (Table 4 layout).
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import { SPATIAL_MODELS } from '../../spec/spatial-models.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { stars, state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';
import { fitEstimate, modelColumn } from './fit.ts';

export function runEstimate(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'estimate'>): void {
  const { fit } = fitEstimate(env, ev, { step, props });
  const model = fit.model;
  const effect = fit.effect;
  state(env).fits.set(step.name, fit);
  state(env).estimates.set(step.name, { step, props });
  const column = modelColumn({ source: step.name }, fit, props.weights);
  state(env).columns.set(step.name, [column]);
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
      ['logdet_bound', makeIndexed([], [fit.logdet.bound])],
      ['rho_bound', makeIndexed([], [fit.logdet.rhoBound])],
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
  const lhs = props.formula.lhs.name;
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
      { key: 'stars', label: 'Stars' },
    ],
    rows: fit.coefficients.map((c) => ({
      term: c.name,
      estimate: c.estimate,
      se: c.se,
      z: c.z,
      p: c.p,
      stars: stars(c.p),
    })),
    regression: { models: [column] },
    ...(fit.logdet?.approximate ? { note: `Log-determinant: ${fit.logdet.description}.` } : {}),
  });
}
