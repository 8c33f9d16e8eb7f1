// Benchmark: a cooperative game written in the language (value(S) = Σ before − least_cost(S)), compiled and run
// end to end, on SYNTHETIC regions (seeded convex cubic costs), for n = 7, 12, 16, 20: the cost of the language
// path on top of the solvers timed in shapley.bench.ts. Plain tsx script or `run()` for bench/run.ts.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../solvers/random.ts';
import { parseModel } from '../grammar/parse.ts';
import { compile } from '../compiler/compile.ts';
import { runPlan } from '../execute/executor.ts';

const MODEL = `study "synthetic game benchmark" { synthetic = true }
data regions from "regions.csv" key region { region: string  a: number  b: number  c: number  e0: number  lo: number  hi: number  p0: number }
set region = regions.region
param E0[region] = regions.e0
param P0[region] = regions.p0
curve RC[r in region] = cubic(regions.a[r], regions.b[r], regions.c[r])
problem least_cost(S in region) {
  var P[r in S] >= regions.lo[r] <= regions.hi[r]
  minimize cost: sum(r in S) RC[r](P[r])
  subject to target: sum(r in S) P[r] * E0[r] >= sum(r in S) P0[r] * E0[r]
}
result before[r in region] = RC[r](P0[r])
game coop over region { value(S) = sum(r in S) before[r] - least_cost(S).objective  solutions = [shapley] }
`;

function regionsCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['region,a,b,c,e0,lo,hi,p0'];
  for (let i = 0; i < n; i++) {
    const a = 100 + 800 * rng.uniform();
    const lo = 0.3 * rng.uniform();
    const b = Math.max(-60 + 160 * rng.uniform(), -3 * a * lo + 1);
    const hi = 0.6 + 0.3 * rng.uniform();
    lines.push(
      [
        `r${i + 1}`,
        a,
        b,
        -5 + 25 * rng.uniform(),
        300 + 2700 * rng.uniform(),
        lo,
        hi,
        lo + (hi - lo) * (0.2 + 0.7 * rng.uniform()),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface Row {
  name: string;
  n: number;
  seconds: number;
  solves: number;
}

export async function run(sizes = [7, 12, 16, 20]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-bench-'));
    try {
      writeFileSync(path.join(dir, 'regions.csv'), regionsCsv(n, 7));
      const file = path.join(dir, 'game.model');
      writeFileSync(file, MODEL);
      const parsed = parseModel(MODEL, file);
      const plan = compile({ model: parsed.model!, source: MODEL, file }).plan!;
      const t0 = performance.now();
      const out = await runPlan(plan);
      rows.push({
        name: 'game in the language (exact Shapley)',
        n,
        seconds: (performance.now() - t0) / 1000,
        solves: out.solveCount,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await run())
    console.log(`${r.name.padEnd(40)} n = ${String(r.n).padStart(2)}  ${r.seconds.toFixed(3)} s  (${r.solves} solves)`);
}
