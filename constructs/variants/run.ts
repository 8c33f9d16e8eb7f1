// The `variants` construct: robustness and heterogeneity runs of an estimate, side by side with it.
import type { PExpr } from '../../spec/plan.ts';
import { SolverError } from '../../execute/errors.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { FixedEffect, SpatialModel, SpatialPanelFit } from '../../solvers/spatial/index.ts';
import { listProp, stars, state, word, type ConstructStep } from '../spatial-state.ts';
import { fitEstimate, regressionModel, type RunChanges } from '../estimate/fit.ts';
import { estimateSteps } from '../estimate/run.ts';

/** Robustness and heterogeneity runs of an estimate, side by side with it. */
export function runVariants(env: Env, ev: Evaluator, step: ConstructStep): void {
  const of = word(step, 'of', '');
  const base = estimateSteps.get(env)?.get(of);
  const baseFit = state(env).fits.get(of);
  if (!base || !baseFit) throw new SolverError('R404', `variants '${step.name}': estimate '${of}' was not run`);
  const models = [regressionModel(of, baseFit)];
  for (const run of listProp(step, 'runs') ?? []) {
    const ch: RunChanges = {};
    for (const c of (run.expr as Extract<PExpr, { op: 'call' }>).args as Array<Extract<PExpr, { op: 'call' }>>) {
      const a = c.args[0]!;
      switch (c.fn) {
        case 'weights':
          ch.weights = (a as { v: string }).v;
          break;
        case 'model':
          ch.model = (a as { v: string }).v as SpatialModel;
          break;
        case 'fixed':
          ch.fixed = (a as { v: string }).v as FixedEffect;
          break;
        case 'winsorise':
          ch.winsorise = [ev.num(a, new Map(), 'winsorise low'), ev.num(c.args[1]!, new Map(), 'winsorise high')];
          break;
        case 'subset':
          ch.subset = a;
          break;
        case 'formula':
          ch.formula = c.args.map((e, i) => ({ name: (c.named?.[`t${i}`] as { v: string }).v, expr: e }));
          break;
      }
    }
    let fit: SpatialPanelFit;
    try {
      fit = fitEstimate(env, ev, base, ch).fit;
    } catch (e) {
      if (e instanceof SolverError) throw new SolverError(e.code, `run ${run.name}: ${e.message}`, { hint: e.hint });
      throw e;
    }
    models.push(regressionModel(run.name, fit));
  }
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
