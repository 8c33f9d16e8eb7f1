// Typed construct properties (constructs/props.ts): a compiled plan's properties decode to the types runners
// read, and a plan whose properties do not have the shape their spec gives them (a hand-edited or stale plan)
// fails with R400 naming the construct and the property, before its runner sees it.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseModel } from '../grammar/parse.ts';
import { compile } from '../compiler/compile.ts';
import { runPlan, RunError } from '../execute/executor.ts';
import { decodeProps, PropShapeError } from '../constructs/props.ts';
import type { Plan, Step } from '../spec/plan.ts';
import { ROOT } from './helpers/cli.ts';

function planOf(rel: string): Plan {
  const file = path.join(ROOT, rel);
  const source = readFileSync(file, 'utf8');
  const parsed = parseModel(source, file);
  const r = compile({ model: parsed.model!, source, file });
  if (!r.plan) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return JSON.parse(JSON.stringify(r.plan)) as Plan;
}
const constructStep = (plan: Plan, name: string) =>
  plan.steps.find((s): s is Extract<Step, { kind: 'construct' }> => s.kind === 'construct' && s.name === name)!;

describe('decoding a compiled plan', () => {
  const game = planOf('spec/conformance/valid/008-game.model');
  const report = planOf('spec/conformance/valid/009-report.model');

  test('game: the set, the value function, words and lists', () => {
    const p = decodeProps('game', constructStep(game, 'coop').props);
    expect(p.over).toBe('region');
    expect(p.value.params).toEqual(['S']);
    expect(p.solutions).toEqual(['shapley', 'nucleolus', 'core']);
    expect(p.method).toBe('exact');
    expect(p.samples).toBeUndefined();
  });

  test('report: its items in the order written', () => {
    const p = decodeProps('report', constructStep(report, 'report').props);
    expect(p.items.length).toBeGreaterThan(0);
    for (const it of p.items) expect(['section', 'text', 'table', 'chart']).toContain(it.name);
  });
});

describe('a plan whose properties do not match their spec', () => {
  const props = () => structuredClone(constructStep(planOf('spec/conformance/valid/008-game.model'), 'coop').props);
  const problem = (p: Record<string, unknown>) => {
    try {
      decodeProps('game', p as never);
    } catch (e) {
      expect(e).toBeInstanceOf(PropShapeError);
      return (e as Error).message;
    }
    return undefined;
  };

  test('a word outside the enum', () => {
    expect(problem({ ...props(), method: { expr: { op: 'str', v: 'exactly' } } })).toBe(
      "property 'method' is 'exactly', not one of auto, exact, sampled",
    );
  });
  test('a list where one value is expected, and a missing parameter list', () => {
    expect(problem({ ...props(), method: { list: [] } })).toBe("property 'method' is a list");
    expect(problem({ ...props(), value: { expr: { op: 'num', v: 1 } } })).toBe("property 'value' has no parameters");
  });
  test('a missing required property, an unknown one, and no set', () => {
    const { value: _value, ...rest } = props();
    expect(problem(rest)).toBe("property 'value' is missing");
    expect(problem({ ...props(), colour: { expr: { op: 'str', v: 'red' } } })).toBe(
      "property 'colour' is not a property of game",
    );
    const { over: _over, ...noSet } = props();
    expect(problem(noSet)).toBe("property 'over' is missing");
  });

  test('running such a plan is error R400, located at the construct', async () => {
    const plan = planOf('spec/conformance/valid/008-game.model');
    constructStep(plan, 'coop').props['method'] = { expr: { op: 'str', v: 'exactly' } };
    const err = await runPlan(plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunError);
    expect((err as RunError).code).toBe('R400');
    expect((err as RunError).message).toBe(
      "game 'coop': property 'method' is 'exactly', not one of auto, exact, sampled",
    );
    expect((err as RunError).location).toMatch(/008-game\.model:\d+:\d+$/);
  });
});
