// A worker thread's task: v(S) for a range of coalitions of a compiled kernel, written into the shared table.
// Kernels are cached per worker by key, so a game's data cross to a worker once per task, not per coalition.
import { CoalitionKernel, KernelError, type KernelSpec } from '../solvers/coalition-kernel.ts';

export interface FillTask {
  key: number;
  spec: KernelSpec;
  /** v(S) for S = base, base + 1, ... */
  table: SharedArrayBuffer;
  base: number;
  from: number;
  to: number;
}

export type FillResult = { solves: number } | { failed: { mask: number; term: number } };

const kernels = new Map<number, CoalitionKernel>();

export default function fillRange(task: FillTask): FillResult {
  let kernel = kernels.get(task.key);
  if (!kernel) {
    kernel = new CoalitionKernel(task.spec);
    kernels.set(task.key, kernel);
  }
  const before = kernel.solves;
  const v = new Float64Array(task.table, (task.from - task.base) * 8, task.to - task.from);
  try {
    kernel.fill(v, task.from, task.to);
  } catch (e) {
    // the main thread words the failure by evaluating this coalition through the language
    if (e instanceof KernelError) return { failed: { mask: e.mask, term: e.term } };
    throw e;
  }
  return { solves: kernel.solves - before };
}
