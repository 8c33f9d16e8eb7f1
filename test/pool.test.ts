// --jobs N: a game's coalition table filled by N worker threads (execute/pool.ts) gives the same results and
// tables, to the last bit, for every N (savings16.model: 65,536 coalitions, SYNTHETIC).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseModel } from '../grammar/parse.ts';
import { compile } from '../compiler/compile.ts';
import { runPlan, type RunOutput } from '../execute/executor.ts';
import { WorkerPool } from '../execute/pool.ts';

const file = 'spec/conformance/cer/savings16.model';

async function runWith(jobs: number): Promise<RunOutput> {
  const source = readFileSync(file, 'utf8');
  const plan = compile({ model: parseModel(source, file).model!, source, file }).plan!;
  const pool = new WorkerPool(jobs);
  try {
    return await runPlan(plan, { pool });
  } finally {
    await pool.close();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('worker pool', () => {
  it('1, 2 and 3 workers: every result and table identical to the last bit', async () => {
    const fill = vi.spyOn(WorkerPool.prototype, 'fillRange');
    const one = await runWith(1);
    expect(fill).not.toHaveBeenCalled();
    for (const jobs of [2, 3]) {
      const many = await runWith(jobs);
      expect(JSON.stringify(many.results)).toBe(JSON.stringify(one.results));
      expect(JSON.stringify(many.tables)).toBe(JSON.stringify(one.tables));
      for (const [name, r] of Object.entries(one.results))
        r.values.forEach((v, i) => expect(Object.is(v.value, many.results[name]!.values[i]!.value)).toBe(true));
      expect(many.solveCount).toBe(one.solveCount);
    }
    expect(fill).toHaveBeenCalledTimes(2);
  }, 120_000);
});
