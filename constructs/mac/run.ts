// The `mac` construct (seed 002, Eq. 4-9): for each member, derive (P, MAC) points from yearly GDP and emission
// series relative to a base year (Eq. 5-8), fit the MAC by least squares in the chosen form (quadratic, log,
// power, or the best by R²), and integrate it to the total cost curve RC(P) (Eq. 9), which problems can use.
import type { Step } from '../../spec/plan.ts';
import type { ConstructProps } from '../props.ts';
import { ExecutionError, SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { isSet, type CurveValue } from '../../execute/values.ts';
import { derivePoints, fitMac, integrateMac, type MacFit, type MacForm } from '../../solvers/mac.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
const FORMS: MacForm[] = ['quadratic', 'log', 'power'];

export function runMac(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'mac'>): void {
  const over = env.sets.get(props.over)!;
  const years = ev.eval(props.years, new Map());
  if (!isSet(years) || years.members.length < 2) throw new ExecutionError('R402', { case: 'years' });
  const base = String(ev.eval(props.base, new Map()));
  const baseIndex = years.members.indexOf(base);
  if (baseIndex < 0)
    throw new ExecutionError('R401', { case: 'baseYear', base, first: years.members[0]!, last: years.members.at(-1)! });
  const form = props.form ?? 'quadratic';
  const series = (k: 'gdp' | 'emissions', r: string) => {
    const p = props[k];
    return Float64Array.from(years.members, (y) =>
      ev.num(
        p.expr,
        new Map([
          [p.params[0]!, r],
          [p.params[1]!, y],
        ]),
        `${step.name}.${k}(${r}, ${y})`,
      ),
    );
  };
  const curves: CurveValue[] = [];
  const r2: number[] = [];
  const rmse: number[] = [];
  const fitRows: ResultTable['rows'] = [];
  const pointRows: ResultTable['rows'] = [];
  for (const r of over.members) {
    let pts;
    try {
      pts = derivePoints(series('gdp', r), series('emissions', r), baseIndex);
    } catch (e) {
      if (e instanceof SolverError) throw e.within(r);
      throw e;
    }
    years.members.forEach((y, i) => pointRows.push({ member: r, year: Number(y), P: pts.P[i]!, mac: pts.mac[i]! }));
    const fits: MacFit[] = [];
    for (const f of form === 'best' ? FORMS : [form]) {
      try {
        fits.push(fitMac(pts.P, pts.mac, f));
      } catch (e) {
        if (!(e instanceof SolverError)) throw e;
        if (form !== 'best') throw e.within(r);
        fitRows.push({
          member: r,
          form: f,
          coefficients: `not fitted: ${e.message}`,
          n: null,
          r2: null,
          rmse: null,
          chosen: '',
        });
      }
    }
    if (!fits.length) throw new ExecutionError('R450', { points: years.members.length }).within(r);
    const best = fits.reduce((a, b) => (b.r2 > a.r2 ? b : a));
    for (const f of fits)
      fitRows.push({
        member: r,
        form: f.form,
        coefficients: Array.from(f.coef, (c) => c.toPrecision(6)).join(', '),
        n: f.n,
        r2: f.r2,
        rmse: f.rmse,
        chosen: f === best ? 'yes' : '',
      });
    curves.push({ kind: 'curve', curve: integrateMac(best), label: `${step.name}[${r}] (${best.form})` });
    r2.push(best.r2);
    rmse.push(best.rmse);
  }
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['cost', makeIndexed([over], curves)],
      ['r2', makeIndexed([over], r2)],
      ['rmse', makeIndexed([over], rmse)],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `MAC fits ${step.name} (${form === 'best' ? 'best form by R²' : form})`,
    columns: [
      { key: 'member', label: over.name },
      { key: 'form', label: 'Form' },
      { key: 'coefficients', label: 'Coefficients' },
      { key: 'n', label: 'Points' },
      { key: 'r2', label: 'R²' },
      { key: 'rmse', label: 'RMSE' },
      { key: 'chosen', label: 'Chosen' },
    ],
    rows: fitRows,
  });
  env.tables.push({
    name: `${step.name}_points`,
    title: `(P, MAC) points of ${step.name} (Eq. 5-8, base year ${base})`,
    columns: [
      { key: 'member', label: over.name },
      { key: 'year', label: 'Year' },
      { key: 'P', label: 'P' },
      { key: 'mac', label: 'MAC' },
    ],
    rows: pointRows,
  });
}
