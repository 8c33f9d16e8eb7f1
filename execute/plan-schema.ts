// Validate a plan against spec/plan.schema.json with ajv, when the compiler emits it and when the runtime loads it.
import { Ajv } from 'ajv';
import type { Plan } from '../spec/plan.ts';
import { PLAN_VERSION } from '../spec/plan.ts';

import schema from '../spec/plan.schema.json' with { type: 'json' };
let validate: ReturnType<Ajv['compile']> | undefined;

export class PlanValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(`the plan does not match spec/plan.schema.json:\n  ${errors.join('\n  ')}`);
    this.name = 'PlanValidationError';
  }
}

export function validatePlan(plan: unknown): Plan {
  validate ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  if (!validate(plan)) {
    throw new PlanValidationError(
      (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
    );
  }
  const p = plan as Plan;
  if (p.version !== PLAN_VERSION)
    throw new PlanValidationError([`plan version ${p.version}, this runtime reads version ${PLAN_VERSION}`]);
  return p;
}
