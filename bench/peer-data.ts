// Shared by the spatial benchmarks: warm timing, and the files the R peers read (the same panel and W).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CsrMatrix } from '../solvers/spatial/weights.ts';

/** Median of three timed calls (ms), after the caller's first, cold call. */
export function warmMedianMs(fn: () => unknown): number {
  const warm: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    fn();
    warm.push(performance.now() - t);
  }
  return warm.sort((a, b) => a - b)[1]!;
}

/** panel.csv (unit, time, y, x1, x2; time-major rows) and w.csv (1-based neighbour pairs) for the R scripts. */
export function writePeerData(
  dir: string,
  d: { y: Float64Array; X: Float64Array; W: CsrMatrix },
  N: number,
  T: number,
): void {
  const lines = ['unit,time,y,x1,x2'];
  for (let r = 0; r < N * T; r++) lines.push(`${r % N},${Math.floor(r / N)},${d.y[r]},${d.X[2 * r]},${d.X[2 * r + 1]}`);
  writeFileSync(path.join(dir, 'panel.csv'), lines.join('\n'));
  const wl = ['i,j'];
  for (let i = 0; i < N; i++)
    for (let p = d.W.rowPtr[i]!; p < d.W.rowPtr[i + 1]!; p++) wl.push(`${i + 1},${d.W.col[p]! + 1}`);
  writeFileSync(path.join(dir, 'w.csv'), wl.join('\n'));
}
