// Benchmark: spatial panels at national-grid scale through `abate run`, end to end (CSV reading, panel index,
// kNN weights, fit with standard errors, report). SYNTHETIC data from bench/large-panel.ts (its header states the
// DGP): N = 25,600, 100,000 and 1,000,000 units, T = 10, kNN k = 6. Each model runs in its own `abate run`
// process under /usr/bin/time, so the wall time and the peak resident memory are those of the whole command.
// Rows: SAR and SDM with two-way effects at every N, the dynamic SDM (Lee–Yu, individual effects) up to 100,000.
// Above N = 20,000 the log-determinant is the Monte Carlo approximation (kNN W has a complex spectrum); each row
// gives ρ̂, the stated bound on |ρ̂ − ρ̂(exact)| and the machine's load average when it started (the machine is
// shared: compare rows of one run). No peer runs at these sizes (splm and SDPDmod need dense N×N matrices).
// Data go to ABATE_LARGE_DIR (default: the system temp dir), never into the repository; sizes from
// ABATE_LARGE_SIZES (comma-separated, default 25600,100000,1000000). `npx tsx bench/large.bench.ts`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargePanel } from './large-panel.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const abate = path.join(here, '..', 'bin', 'abate.mjs');

interface Row {
  model: string;
  N: number;
  T: number;
  wallS: number | string;
  peakRssMB: number | string;
  rho: number | string;
  rhoBound: number | string;
  logdet: string;
  load1: number;
}

const ESTIMATES: Record<string, string> = {
  sar: 'estimate sar { panel = p  weights = W  model = sar  fixed = twoways  formula = y_sar ~ x1 + x2 }',
  sdm: 'estimate sdm { panel = p  weights = W  model = sdm  fixed = twoways  formula = y_sdm ~ x1 + x2 }',
  dyn: 'estimate dyn { panel = p  weights = W  model = sdm  fixed = individual  dynamic = yes  formula = y_dyn ~ x1 + x2 }',
};

/** The generated model with only one estimate (and its table). */
function oneModel(dir: string, name: string): string {
  const full = readFileSync(path.join(dir, 'large.model'), 'utf8');
  const head = full.slice(0, full.indexOf('estimate '));
  const file = path.join(dir, `${name}.model`);
  writeFileSync(
    file,
    `${head}${ESTIMATES[name]}\nresult rho = ${name}.rho\nresult rho_bound = ${name}.rho_bound\nreport { table ${name} }\n`,
  );
  return file;
}

function runOne(dir: string, name: string, N: number): Row {
  const model = oneModel(dir, name);
  const out = path.join(dir, `out-${name}`);
  const load1 = loadavg()[0]!;
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %e %M', process.execPath, abate, 'run', model, '--out', out, '--quiet'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  const base = { model: name, N, T: 10, load1 };
  if (r.status !== 0 || !m)
    return { ...base, wallS: 'failed', peakRssMB: '', rho: '', rhoBound: '', logdet: (r.stderr ?? '').slice(0, 200) };
  const res = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
    results: Record<string, { values: Array<{ value: number }> }>;
  };
  const report = readFileSync(path.join(out, 'report.md'), 'utf8');
  const ld = /Log-determinant: (.+?) approximation/.exec(report)?.[1] ?? 'exact';
  return {
    ...base,
    wallS: Number(m[1]),
    peakRssMB: Math.round(Number(m[2]) / 1024),
    rho: res.results['rho']!.values[0]!.value,
    rhoBound: res.results['rho_bound']!.values[0]!.value,
    logdet: ld,
  };
}

export async function run(): Promise<Row[]> {
  if (!existsSync('/usr/bin/time')) {
    process.stdout.write('(large.bench: /usr/bin/time is missing, so peak memory cannot be measured; skipped)\n');
    return [];
  }
  const sizes = (process.env['ABATE_LARGE_SIZES'] ?? '25600,100000,1000000').split(',').map(Number);
  const root = process.env['ABATE_LARGE_DIR'] ?? path.join(tmpdir(), 'abate-large');
  const rows: Row[] = [];
  for (const N of sizes) {
    const dir = path.join(root, `n${N}`);
    const dynamic = N <= 100_000;
    if (!existsSync(path.join(dir, 'large.model'))) await writeLargePanel(dir, N, dynamic);
    for (const name of dynamic ? ['sar', 'sdm', 'dyn'] : ['sar', 'sdm']) rows.push(runOne(dir, name, N));
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
