// Benchmark: exact Shapley value of the CER savings game, including the 2^n − 1 least-cost allocations that
// define it (tabulate → shapleyExact), on SYNTHETIC regions (seeded convex cubic costs, not the study's data).
// Plain tsx script: `npx tsx bench/shapley.bench.ts`, or import { run } for the bench runner.
import { fileURLToPath } from 'node:url';
import { createRng } from '../solvers/random.ts';
import { prepareAllocation, savingsGame } from '../solvers/allocation.ts';
import { shapleyExact, tabulate } from '../solvers/games.ts';
import { cubicCost, type CostCurve } from '../solvers/mac.ts';

export interface Row {
  name: string;
  n: number;
  seconds: number;
}

function syntheticRegions(n: number, seed: number) {
  const rng = createRng(seed);
  const curves: CostCurve[] = [];
  const e0: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const p0: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = 100 + 800 * rng.uniform();
    const alpha = 0.3 * rng.uniform();
    const b = Math.max(-60 + 160 * rng.uniform(), -3 * a * alpha + 1); // convex on [alpha, beta]
    curves.push(cubicCost(a, b, -5 + 25 * rng.uniform()));
    e0.push(300 + 2700 * rng.uniform());
    lo.push(alpha);
    hi.push(0.6 + 0.3 * rng.uniform());
    p0.push(alpha + (hi[i]! - alpha) * (0.2 + 0.7 * rng.uniform()));
  }
  return { curves, e0, lo, hi, p0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** Median seconds of exact Shapley (with all coalition allocations) for n = 7, 12, 16, 20 synthetic regions. */
export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [n, runs] of [
    [7, 7],
    [12, 5],
    [16, 3],
    [20, 3],
  ] as const) {
    const d = syntheticRegions(n, 1000 + n);
    const times: number[] = [];
    let check = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const pr = prepareAllocation(d.curves, d.e0, d.lo, d.hi);
      const v = tabulate(n, savingsGame(pr, d.p0).value);
      const phi = shapleyExact(v, n);
      times.push((performance.now() - t0) / 1000);
      check += phi[0]!;
    }
    if (!Number.isFinite(check)) throw new Error('non-finite Shapley value in the benchmark');
    rows.push({ name: 'cer-shapley-exact', n, seconds: median(times) });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  for (const r of rows)
    console.log(
      `${r.name}  n=${String(r.n).padStart(2)}  coalitions=${String(2 ** r.n - 1).padStart(7)}  ${r.seconds.toFixed(3)} s`,
    );
}
