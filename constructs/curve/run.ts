// The `curve` construct: an indexed family of curves, evaluated once at every index tuple (its plan step is a
// `curve` step of its own, applied by problems and expressions as cost[r](x)).
import type { Step } from '../../spec/plan.ts';
import type { Env } from '../../execute/env.ts';
import { evalIndexed, type Evaluator } from '../../execute/evaluate.ts';

export function runCurve(env: Env, ev: Evaluator, step: Extract<Step, { kind: 'curve' }>): void {
  env.values.set(step.name, evalIndexed(ev, step.index, step.value));
}
