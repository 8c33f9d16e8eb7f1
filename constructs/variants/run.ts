// The `variants` construct: robustness and heterogeneity runs of an estimate, side by side with it.
import { ExecutionError, SolverError, declRef } from '../../execute/errors.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { SpatialPanelFit } from '../../solvers/spatial/index.ts';
import { stars, state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';
import { fitEstimate, modelColumn, type RunChanges } from '../estimate/fit.ts';

/** Robustness and heterogeneity runs of an estimate, side by side with it. */
export function runVariants(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'variants'>): void {
  const of = props.of;
  const base = state(env).estimates.get(of);
  const baseFit = state(env).fits.get(of);
  if (!base || !baseFit)
    throw new ExecutionError('R404', { case: 'estimate', name: of }).within(declRef('variants', step.name));
  const baseWeights = base.props.weights;
  const models = [modelColumn({ source: of }, baseFit, baseWeights)];
  for (const run of props.runs) {
    const { winsorise, ...changes } = run.changes;
    const ch: RunChanges = {
      ...changes,
      ...(winsorise
        ? {
            winsorise: [
              ev.num(winsorise[0]!, new Map(), 'winsorise low'),
              ev.num(winsorise[1]!, new Map(), 'winsorise high'),
            ],
          }
        : {}),
    };
    let fit: SpatialPanelFit;
    try {
      fit = fitEstimate(env, ev, base, ch).fit;
    } catch (e) {
      if (e instanceof SolverError || e instanceof ExecutionError) throw e.within(`run ${run.name}`);
      throw e;
    }
    models.push(modelColumn(run.name, fit, ch.weights ?? baseWeights));
  }
  // a table of estimates lists the estimate itself for the baseline: the variants give their runs
  state(env).columns.set(step.name, models.slice(1));
  const terms = [...new Set(models.flatMap((m) => Object.keys(m.terms)))];
  env.tables.push({
    name: step.name,
    title: step.title ?? `Robustness and heterogeneity of ${of}`,
    columns: [{ key: 'term', label: 'Term' }, ...models.map((m, i) => ({ key: `m${i}`, label: m.name }))],
    rows: terms.map((t) => ({
      term: t,
      ...Object.fromEntries(
        models.map((m, i) => [
          `m${i}`,
          m.terms[t]
            ? `${m.terms[t]!.coef.toPrecision(4)}${stars(m.terms[t]!.p ?? 1)} (${m.terms[t]!.se?.toPrecision(3)})`
            : '',
        ]),
      ),
    })),
    regression: { models },
  });
}
