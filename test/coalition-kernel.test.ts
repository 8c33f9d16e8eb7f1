// A game's value(S) lowered to a kernel over typed arrays (execute/coalition-value.ts, solvers/coalition-kernel.ts)
// gives the same numbers, to the last bit, as the evaluator running value(S) per coalition (ABATE_NO_KERNEL=1).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoalitionKernel } from '../solvers/coalition-kernel.ts';
import { runModel } from './models/run-model.ts';

afterEach(() => {
  delete process.env['ABATE_NO_KERNEL'];
  vi.restoreAllMocks();
});

async function bothWays(model: string, scenario?: string) {
  const fill = vi.spyOn(CoalitionKernel.prototype, 'fill');
  const fast = await runModel(model, scenario);
  const kernelFills = fill.mock.calls.length;
  process.env['ABATE_NO_KERNEL'] = '1';
  const slow = await runModel(model, scenario);
  const evaluatorFills = fill.mock.calls.length - kernelFills;
  delete process.env['ABATE_NO_KERNEL'];
  return { fast, slow, kernelFills, evaluatorFills };
}

function expectIdentical(fast: Awaited<ReturnType<typeof runModel>>, slow: typeof fast) {
  expect(Object.keys(fast.results)).toEqual(Object.keys(slow.results));
  for (const [name, r] of Object.entries(fast.results))
    r.values.forEach((v, i) => expect(Object.is(v.value, slow.results[name]!.values[i]!.value)).toBe(true));
  expect(fast.tables.length).toBe(slow.tables.length);
  fast.tables.forEach((t, k) => expect(t.rows).toEqual(slow.tables[k]!.rows));
  // the evaluator reuses the grand coalition solved for other results; the kernel solves every coalition itself
  expect(fast.solveCount - slow.solveCount).toBeGreaterThanOrEqual(0);
  expect(fast.solveCount - slow.solveCount).toBeLessThanOrEqual(1);
}

const savings12 = readFileSync('spec/conformance/cer/savings12.model', 'utf8');

describe('compiled coalition values', () => {
  it.each([
    ['models/cer-china/cer.model', '2C-2030'],
    ['models/cer-china/cer-synthetic.model', undefined],
    ['spec/conformance/cer/savings12.model', undefined],
  ])('%s: the kernel runs and every result and table equals the evaluator’s to the last bit', async (model, sc) => {
    const r = await bothWays(model, sc);
    expect(r.kernelFills).toBeGreaterThan(0);
    expect(r.evaluatorFills).toBe(0);
    expectIdentical(r.fast, r.slow);
  });

  it('lowers constants, sums with filters, counts, products and quotients of objectives', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-kernel-'));
    writeFileSync(path.join(dir, 'savings12.csv'), readFileSync('spec/conformance/cer/savings12.csv'));
    const model = path.join(dir, 'k.model');
    writeFileSync(
      model,
      savings12.replace(
        /value\(S\) = [^\n]*solutions/,
        'value(S) = 2 * (sum(r in S) before[r] - least_cost(S).objective) / 3 + 0.5 * count(r in S) - 0.25 * card(S) - sum(r in S : E0[r] > 1000) 0.001 * E0[r] - -least_cost(S).cost * 0  solutions',
      ),
    );
    const r = await bothWays(model);
    expect(r.kernelFills).toBeGreaterThan(0);
    expectIdentical(r.fast, r.slow);
  });

  it('leaves to the evaluator what it cannot lower (a maximum over S)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-kernel-'));
    writeFileSync(path.join(dir, 'savings12.csv'), readFileSync('spec/conformance/cer/savings12.csv'));
    const model = path.join(dir, 'k.model');
    writeFileSync(
      model,
      savings12.replace(
        /value\(S\) = [^\n]*solutions/,
        'value(S) = max(r in S) before[r]  solutions = [shapley, core] }\n//',
      ),
    );
    const r = await bothWays(model);
    expect(r.kernelFills).toBe(0);
    expectIdentical(r.fast, r.slow);
  });
});
