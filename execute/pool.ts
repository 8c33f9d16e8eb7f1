// Worker threads for the parallel parts of a run (--jobs N). A game's coalition table is cut into fixed ranges
// and each range is filled by whichever worker is free, into one SharedArrayBuffer. Every v(S) is a pure function
// of S (solvers/coalition-kernel.ts), so the table, and everything computed from it, is the same to the last bit
// for every N.
import { availableParallelism } from 'node:os';
import { Tinypool } from 'tinypool';
import { KernelError, type CoalitionKernel } from '../solvers/coalition-kernel.ts';
import type { FillResult, FillTask } from './coalition-worker.ts';

/** Workers by default: one per core. */
export const defaultJobs = (): number => availableParallelism();

/** Below this many coalitions a worker's start-up costs more than it saves. */
const MIN_PARALLEL = 2 ** 14;

/** The TypeScript entry when running from sources, the bundled one (dist/) otherwise. */
function workerFile(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./coalition-worker.mjs', import.meta.url)
    : new URL('./coalition-worker.js', import.meta.url);
}

let nextKey = 1;

export class WorkerPool {
  private pool: Tinypool | undefined;
  constructor(readonly jobs: number) {}

  /** Whether a table of `size` coalitions is worth filling in workers. */
  useFor(size: number): boolean {
    return this.jobs > 1 && size >= MIN_PARALLEL;
  }

  /**
   * v(S) for S = base, base + 1, ..., base + v.length − 1 (v over a SharedArrayBuffer; v(∅) = 0) with the kernel
   * in `jobs` workers. Resolves to the solves made and, when a coalition failed, the failure of the first such
   * coalition (in mask order), for the caller to word.
   */
  async fillRange(
    kernel: CoalitionKernel,
    v: Float64Array,
    base: number,
  ): Promise<{ solves: number; failed?: KernelError }> {
    if (!(v.buffer instanceof SharedArrayBuffer)) throw new Error('fillRange needs a table over a SharedArrayBuffer');
    this.pool ??= new Tinypool({ filename: workerFile().href, minThreads: this.jobs, maxThreads: this.jobs });
    const key = nextKey++;
    const end = base + v.length;
    // fixed ranges (at most 256, at least 2^12 coalitions each): the work is balanced however long each takes
    const chunk = Math.max(2 ** 12, Math.ceil(v.length / 256));
    const tasks: Array<Promise<FillResult>> = [];
    for (let from = base; from < end; from += chunk) {
      const task: FillTask = { key, spec: kernel.spec, table: v.buffer, base, from, to: Math.min(end, from + chunk) };
      tasks.push(this.pool.run(task) as Promise<FillResult>);
    }
    const results = await Promise.all(tasks);
    let solves = 0;
    for (const r of results) {
      if ('failed' in r) {
        // the first failing range's coalition, recomputed here (deterministic) to rebuild its error
        try {
          kernel.fill(new Float64Array(1), r.failed.mask, r.failed.mask + 1);
        } catch (e) {
          if (e instanceof KernelError) return { solves, failed: e };
          throw e;
        }
      } else solves += r.solves;
    }
    return { solves };
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
