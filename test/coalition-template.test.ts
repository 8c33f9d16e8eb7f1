// The coalition fast path (execute/coalition-template.ts) must give the same numbers as the general path that
// rebuilds and solves each coalition's problem from the plan.
import { afterEach, describe, expect, it } from 'vitest';
import { runModel } from './models/run-model.ts';

afterEach(() => {
  delete process.env['ABATE_NO_TEMPLATES'];
});

describe('coalition template', () => {
  it.each(['models/cer-china/cer.model', 'models/cer-china/cer-synthetic.model'])(
    '%s: every result and table equal with and without the fast path',
    async (model) => {
      const fast = await runModel(model);
      process.env['ABATE_NO_TEMPLATES'] = '1';
      const slow = await runModel(model);
      expect(Object.keys(fast.results)).toEqual(Object.keys(slow.results));
      for (const [name, r] of Object.entries(fast.results)) {
        r.values.forEach((v, i) => {
          const w = slow.results[name]!.values[i]!;
          expect(v.key).toEqual(w.key);
          if (typeof v.value === 'number') expect(v.value - (w.value as number)).toBeCloseTo(0, 8);
          else expect(v.value).toEqual(w.value);
        });
      }
      const coop = (o: typeof fast) => o.tables.find((t) => t.name === 'coop')!.rows.map((r) => r['shapley'] as number);
      coop(fast).forEach((x, i) => expect(x - coop(slow)[i]!).toBeCloseTo(0, 8));
    },
  );
});
