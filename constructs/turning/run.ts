// The `turning` construct: the turning point of a quadratic term of an estimate.
import { ExecutionError, declRef } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { summary } from '../../solvers/describe.ts';
import { stacked, state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';

/** Turning point −β₁ / (2β₂) of a quadratic term, with a delta-method standard error from the estimates' covariance. */
export function runTurning(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'turning'>): void {
  const of = props.of;
  const fit = state(env).fits.get(of)!;
  const lin = props.linear.name,
    sq = props.square.name;
  const i = fit.names.indexOf(lin),
    j = fit.names.indexOf(sq);
  if (i < 0 || j < 0)
    throw new ExecutionError('R445', { estimate: of, term: i < 0 ? lin : sq, terms: fit.names }).within(
      declRef('turning', step.name),
    );
  const b1 = fit.beta[i]!,
    b2 = fit.beta[j]!;
  const k = fit.beta.length + 2; // vcov covers (β, ρ, σ²)
  const V = (a: number, b: number) => fit.vcov[a * k + b]!;
  const g1 = -1 / (2 * b2),
    g2 = b1 / (2 * b2 * b2);
  const value = -b1 / (2 * b2);
  const se = Math.sqrt(g1 * g1 * V(i, i) + 2 * g1 * g2 * V(i, j) + g2 * g2 * V(j, j));
  const p = state(env).panels.get(state(env).estimates.get(of)?.props.panel ?? '')!;
  const x = stacked(ev, p, props.linear.expr, lin);
  const s = summary(x);
  const beyond = x.filter((v) => v > value).length;
  env.outputs.set(
    step.name,
    new Map<string, Indexed>([
      ['value', makeIndexed([], [value])],
      ['se', makeIndexed([], [se])],
    ]),
  );
  env.tables.push({
    name: step.name,
    title: step.title ?? `Turning point of ${lin} in ${of}`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: [
      { property: `shape (${sq} coefficient ${b2 < 0 ? '< 0' : '> 0'})`, value: b2 < 0 ? 'inverted U' : 'U' },
      { property: `turning point −β(${lin}) / (2 β(${sq}))`, value },
      { property: 'standard error (delta method)', value: se },
      {
        property: '95 % interval',
        value: `${(value - 1.959963984540054 * se).toPrecision(4)} to ${(value + 1.959963984540054 * se).toPrecision(4)}`,
      },
      { property: `range of ${lin} in the data`, value: `${s.min.toPrecision(4)} to ${s.max.toPrecision(4)}` },
      { property: 'inside the data range', value: value >= s.min && value <= s.max ? 'yes' : 'no' },
      {
        property: 'observations beyond the turning point',
        value: `${beyond} of ${x.length} (${((100 * beyond) / x.length).toFixed(1)} %)`,
      },
    ],
  });
}
