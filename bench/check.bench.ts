// Benchmark: `abate check` on a generated 5,000-line model (many sets, data sources, parameters, problems,
// results, tables and scenarios), timed three ways: parse only, parse + check in-process (what the check
// command computes), and the real binary end to end (Node start, tsx, imports, check, output).
// Plain tsx script: `npx tsx bench/check.bench.ts`, or import { run } for the bench runner (npm run bench).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from '../grammar/parse.ts';
import { checkModel } from '../compiler/compile.ts';
import { hasErrors } from '../diagnostics/index.ts';

export interface Row {
  name: string;
  lines: number;
  seconds: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** One block of a realistic study: a data source, sets, parameters, an LP, results and a table (about 50 lines). */
function block(i: number, scenario: boolean): string {
  return `
// ---- block ${i}: region group ${i}
data regions_${i} from "data/regions_${i}.csv" key region {
  region: string
  name: string
  cost: number
  cap: number
  emissions: number
  coastal: bool
}
data series_${i} from "data/series_${i}.csv" key (region, year) {
  region: string
  year: integer
  gdp: number
  co2: number
}
set region_${i} = regions_${i}.region
set year_${i} = 2005..2022
set big_${i} = {r in region_${i} : regions_${i}.emissions[r] > 100}
set sector_${i} = {industry, power, transport, buildings}
param label_${i}[region_${i}] = regions_${i}.name
param unit_cost_${i}[region_${i}]: MUSD/Mt = regions_${i}.cost
param cap_${i}[r in region_${i}]: Mt = min(regions_${i}.cap[r], 0.15 * regions_${i}.emissions[r])
param share_${i}[r in region_${i}, s in sector_${i}] = if s == "power" then 0.4 else 0.2
param growth_${i}[r in region_${i}] = series_${i}.gdp[r, 2022] / series_${i}.gdp[r, 2005] - 1
param target_${i}: Mt = 100 + ${i % 17}
param scale_${i} = 1

problem allocate_${i} {
  var abate[r in region_${i}]: Mt >= 0 <= cap_${i}[r]
  var extra[r in region_${i}, s in sector_${i}] >= 0 <= 10
  minimize total: sum(r in region_${i}) scale_${i} * unit_cost_${i}[r] * abate[r]
    + sum(r in region_${i}, s in sector_${i} : share_${i}[r, s] > 0.3) 5 * extra[r, s]
  subject to national: sum(r in region_${i}) abate[r] + sum(r in big_${i}, s in sector_${i}) extra[r, s] >= target_${i}
  subject to share[r in region_${i}]: abate[r] <= 0.15 * regions_${i}.emissions[r]
  subject to sector_cap[r in region_${i}, s in sector_${i}]: extra[r, s] <= share_${i}[r, s] * cap_${i}[r]
}

result total_cost_${i}: MUSD = allocate_${i}.objective
result price_${i}: MUSD/Mt = allocate_${i}.national
result coastal_${i} = count(r in region_${i} : regions_${i}.coastal[r])
result mean_growth_${i} = sum(r in region_${i}) growth_${i}[r] / card(region_${i})
result intensity_${i}[r in region_${i}, y in year_${i}] = series_${i}.co2[r, y] / series_${i}.gdp[r, y]

table allocation_${i} "Allocation, group ${i}" by r in region_${i} {
  name "Region" = label_${i}[r]
  abate "Abatement (Mt)" = allocate_${i}.abate[r]
  cost "Cost (MUSD)" = unit_cost_${i}[r] * allocate_${i}.abate[r]
  at_cap "At its cap" = if allocate_${i}.abate[r] >= cap_${i}[r] - 1e-9 then "yes" else "no"
}
${scenario ? `scenario high_${i} { target_${i} = 150 }` : ''}
`;
}

/** A model of about `lines` lines: a study block and as many blocks as fit (each with a scenario, or none). */
export function generateModel(lines: number, scenarios = true): string {
  const head =
    'study "Generated benchmark model" {\n  source = "bench/check.bench.ts"\n  synthetic = "generated text; never run"\n}\n';
  const per = block(0, scenarios).split('\n').length - 1;
  let text = head;
  for (let i = 0; text.split('\n').length + per <= lines; i++) text += block(i, scenarios);
  return text;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

async function timeOne(label: string, source: string): Promise<Row[]> {
  const lines = source.split('\n').length;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-bench-check-'));
  const file = path.join(dir, 'big.model');
  writeFileSync(file, source);
  try {
    const parseT: number[] = [];
    const checkT: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const parsed = parseModel(source, file);
      const t1 = performance.now();
      if (!parsed.model) throw new Error(`the generated model does not parse: ${parsed.diagnostics[0]?.message}`);
      const r = checkModel({ model: parsed.model, source, file });
      const t2 = performance.now();
      if (hasErrors(r.diagnostics))
        throw new Error(
          `the generated model does not check: ${r.diagnostics.find((d) => d.severity === 'error')!.message}`,
        );
      parseT.push((t1 - t0) / 1000);
      checkT.push((t2 - t0) / 1000);
    }
    const cliT: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'abate.mjs'), 'check', file], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      cliT.push((performance.now() - t0) / 1000);
      if (p.status !== 0) throw new Error(`abate check failed on the generated model:\n${p.stderr}`);
    }
    return [
      { name: `parse (in-process), ${label}`, lines, seconds: median(parseT) },
      { name: `parse + check (in-process), ${label}`, lines, seconds: median(checkT) },
      { name: `abate check (binary, end to end), ${label}`, lines, seconds: median(cliT) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median seconds over repeated runs, for the 5,000-line model with a scenario per block and without. */
export async function run(): Promise<Row[]> {
  const withScenarios = generateModel(5000, true);
  const n = (withScenarios.match(/^scenario /gm) ?? []).length;
  return [
    ...(await timeOne(`${n} scenarios`, withScenarios)),
    ...(await timeOne('no scenarios', generateModel(5000, false))),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run())
    console.log(`${r.name.padEnd(52)} ${String(r.lines).padStart(5)} lines  ${r.seconds.toFixed(3)} s`);
}
