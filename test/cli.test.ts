// End-to-end tests of the real binary (node bin/abate.mjs) in temporary directories: help, exit statuses,
// plan JSON against the schema, every output of a run, scenarios and overrides, a failed run that must leave
// earlier outputs untouched, re-rendering a report. Each spawn costs about a second (Node + tsx), so
// independent spawns run concurrently and every run's outputs are shared by several assertions.
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'csv-parse/sync';
import { spawnCli, normalise, snapshotDir, stackLines, ROOT, type CliResult } from './helpers/cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-cli-'));
const work = path.join(tmp, 'study'); // a copy of examples/: models, data, overrides
const chainWork = path.join(tmp, 'chain'); // another copy, whose data the failure test breaks
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const all: CliResult[] = [];
const run = async (args: string[], cwd = work) => {
  const r = await spawnCli(args, { cwd });
  all.push(r);
  return r;
};
const json = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as any;
const scalar = (results: any, name: string) => results[name].values[0].value as number;
const csv = (f: string) => parse(readFileSync(f, 'utf8'), { columns: true }) as Array<Record<string, string>>;

// Every spawn of the file, started together in beforeAll; tests then read the outcomes.
let help: Record<string, CliResult>;
let checkOk: CliResult, checkBad: CliResult, planOut: CliResult;
let first: CliResult, broken: CliResult, reRender: CliResult, allScen: CliResult, withOverrides: CliResult;
let reTex: CliResult, texOnly: Map<string, Buffer>;
let beforeFailure: Map<string, Buffer>, afterFailure: Map<string, Buffer>, renderedMd: string, renderedHtml: string;

beforeAll(async () => {
  cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  cpSync(path.join(ROOT, 'examples'), chainWork, { recursive: true });
  const scen = 'scenarios.model';
  const out = (d: string) => path.join(tmp, d);
  // A run that succeeds, then fails on broken data, then the report is re-rendered: one chain.
  const chain = (async () => {
    first = await run(['run', scen, '--out', out('first')], chainWork);
    beforeFailure = snapshotDir(out('first'));
    const csvFile = path.join(chainWork, 'data', 'regions.csv');
    writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace(/^(east,[^,]*),55,/m, '$1,fifty-five,'));
    broken = await run(['run', scen, '--out', out('first')], chainWork);
    afterFailure = snapshotDir(out('first'));
    renderedMd = readFileSync(path.join(out('first'), 'report.md'), 'utf8');
    renderedHtml = readFileSync(path.join(out('first'), 'report.html'), 'utf8');
    rmSync(path.join(out('first'), 'report.md'));
    rmSync(path.join(out('first'), 'report.html'));
    reRender = await run(['report', out('first')]);
    rmSync(path.join(out('first'), 'tables'), { recursive: true });
    reTex = await run(['report', out('first'), '--format', 'tex']);
    texOnly = snapshotDir(path.join(out('first'), 'tables'));
  })();
  const independent = (async () => {
    const [h, hc, hp, hr, hrep, hs] = await Promise.all([
      run(['--help']),
      run(['check', '--help']),
      run(['plan', '--help']),
      run(['run', '--help']),
      run(['report', '--help']),
      run(['studies', '--help']),
    ]);
    help = { abate: h!, check: hc!, plan: hp!, run: hr!, report: hrep!, studies: hs! };
    [checkOk, checkBad, planOut, allScen, withOverrides] = await Promise.all([
      run(['check', 'examples/lp-allocation.model'], ROOT),
      run(['check', 'spec/conformance/invalid/054-many-errors.model'], ROOT),
      run(['plan', scen, '--scenario', 'ambitious']),
      run(['run', scen, '--all-scenarios', '--out', out('all')]),
      run([
        'run',
        scen,
        '--overrides',
        'overrides/high-east-cap.yaml',
        '--set',
        'unit_cost[central]=60',
        '--out',
        out('over'),
      ]),
    ]);
  })();
  await Promise.all([chain, independent]);
}, 120_000);

describe('abate (the binary)', () => {
  test('--help lists every subcommand; each subcommand has its own --help', () => {
    expect(help['abate']!.exitCode).toBe(0);
    for (const c of ['check', 'plan', 'run', 'report', 'studies'])
      expect(help['abate']!.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    for (const c of ['check', 'plan', 'run', 'report', 'studies']) {
      expect(help[c]!.exitCode, c).toBe(0);
      expect(help[c]!.stdout).toMatch(new RegExp(`^Usage: abate ${c}`));
    }
    expect(help['run']!.stdout).toMatch(/--all-scenarios/);
    expect(help['run']!.stdout).toMatch(/--overrides <file.yaml>/);
  });

  test('check: exit 0 and "ok" for a valid model, 1 with every diagnostic for an invalid one', () => {
    expect(checkOk.exitCode).toBe(0);
    expect(checkOk.stderr).toBe('');
    expect(checkOk.stdout).toBe('examples/lp-allocation.model: ok (14 declarations, scenarios: base)\n');
    expect(checkBad.exitCode).toBe(1);
    expect(checkBad.stdout).toBe('');
    // The binary prints exactly what the conformance suite (run in-process) expects.
    expect(checkBad.stderr).toBe(
      readFileSync(path.join(ROOT, 'spec/conformance/invalid/054-many-errors.expected'), 'utf8'),
    );
  });

  test('plan prints JSON that validates against spec/plan.schema.json', () => {
    expect(planOut.exitCode).toBe(0);
    expect(planOut.stderr).toBe('');
    const plan = JSON.parse(planOut.stdout);
    const schema = json(path.join(ROOT, 'spec', 'plan.schema.json'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
    expect(plan.scenario.name).toBe('ambitious');
    expect(plan.scenario.overrides).toEqual([{ target: 'target', value: '140', source: 'scenario ambitious' }]);
    expect(plan.model.dir).toBe(work);
  });

  test('run writes results.json, a CSV per table, results.csv, report.md, report.html and every table as .tex and .docx', () => {
    expect(first.exitCode).toBe(0);
    expect(normalise(first.stderr)).toBe('ran scenarios.model [base] in <t> s (1 problem solve)\n');
    expect([...beforeFailure.keys()].sort()).toEqual([
      'allocation.csv',
      'report.html',
      'report.md',
      'results.csv',
      'results.json',
      'tables/allocation.docx',
      'tables/allocation.tex',
      'tables/results.docx',
      'tables/results.tex',
      'tables/tables.tex',
    ]);
    expect(beforeFailure.get('tables/allocation.tex')!.toString('utf8')).toMatch(/\\toprule[\s\S]*\\bottomrule/);
    expect(beforeFailure.get('tables/allocation.docx')!.subarray(0, 2).toString('latin1')).toBe('PK');
    const res = JSON.parse(beforeFailure.get('results.json')!.toString('utf8'));
    // Base: the cheapest 100 Mt are west 25 @ 27, north 45 @ 32, south 30 @ 41.
    expect(scalar(res.runs[0].results, 'total_cost')).toBeCloseTo(25 * 27 + 45 * 32 + 30 * 41, 9);
    expect(scalar(res.runs[0].results, 'carbon_price')).toBeCloseTo(41, 9);
    const table = csv(path.join(tmp, 'first', 'allocation.csv'));
    expect(Object.keys(table[0]!)).toEqual(['region', 'Abatement (Mt)', 'Cost (MUSD)', 'At its cap']);
    expect(table.map((r) => r['region'])).toEqual(['north', 'east', 'south', 'west', 'central']);
    expect(Number(table.find((r) => r['region'] === 'west')!['Abatement (Mt)'])).toBeCloseTo(25, 9);
    expect(renderedMd).toMatch(/^# /);
    expect(renderedMd).toMatch(/illustrative numbers chosen for teaching/);
    expect(renderedHtml).toMatch(/<html/i);
  });

  test('a failed run leaves the earlier outputs byte-identical and no temporary files', () => {
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^\S*regions\.csv:3\S*: error\[D303\]: .*column 'cost'.*'fifty-five'/);
    expect([...afterFailure.keys()]).toEqual([...beforeFailure.keys()]);
    for (const [f, bytes] of beforeFailure) expect(afterFailure.get(f)!.equals(bytes), f).toBe(true);
    expect([...afterFailure.keys()].filter((f) => f.includes('tmp'))).toEqual([]);
  });

  test('report DIR re-renders report.md and report.html from results.json, identically', () => {
    expect(reRender.exitCode).toBe(0);
    expect(reRender.stderr).toBe('');
    expect(readFileSync(path.join(tmp, 'first', 'report.md'), 'utf8')).toBe(renderedMd);
    expect(readFileSync(path.join(tmp, 'first', 'report.html'), 'utf8')).toBe(renderedHtml);
  });

  test('report DIR --format tex writes only the LaTeX tables', () => {
    expect(reTex.exitCode).toBe(0);
    expect([...texOnly.keys()].sort()).toEqual(['allocation.tex', 'results.tex', 'tables.tex']);
    expect(reTex.stdout).toMatch(/tables\/\*\.tex\n$/);
  });

  test('--all-scenarios runs every scenario and compares them in one report', () => {
    expect(allScen.exitCode).toBe(0);
    const dir = path.join(tmp, 'all');
    const res = json(path.join(dir, 'results.json'));
    // The model has a grid, so the baseline is not run separately (spec/language.md § 12).
    const names = res.runs.map((r: any) => r.scenario.name);
    expect(names).toEqual(['ambitious', 'cheap_west', 'low-base', 'low-costly', 'high-base', 'high-costly']);
    for (const n of names) expect(existsSync(path.join(dir, n, 'allocation.csv')), n).toBe(true);
    const byName = Object.fromEntries(res.runs.map((r: any) => [r.scenario.name, r.results]));
    // ambitious (140 Mt): west 25 @ 27, north 45 @ 32, south 35 @ 41, central 35 @ 48.
    expect(scalar(byName['ambitious'], 'total_cost')).toBeCloseTo(675 + 1440 + 1435 + 35 * 48, 9);
    // high-costly: 150 Mt at 1.25 times the unit costs.
    expect(scalar(byName['high-costly'], 'total_cost')).toBeCloseTo(1.25 * (675 + 1440 + 1435 + 45 * 48), 9);
    const md = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/Scenario comparison/);
    for (const n of names) expect(md).toContain(n);
  });

  test('--overrides and --set change parameters, and the report says so', () => {
    expect(withOverrides.exitCode).toBe(0);
    const o = json(path.join(tmp, 'over', 'results.json')).runs[0];
    expect(o.scenario.overrides.map((x: any) => `${x.target} ${x.value} (${x.source})`)).toEqual([
      'target 180 (overrides/high-east-cap.yaml:2)',
      'cap [east] 90 (overrides/high-east-cap.yaml:4)',
      'unit_cost [central] 60 (--set unit_cost[central]=60)',
    ]);
    // 180 Mt, east's cap raised to 90, central now dearer than east: west 25 @ 27, north 45 @ 32,
    // south 35 @ 41, then east 75 @ 55; central unused.
    expect(scalar(o.results, 'total_cost')).toBeCloseTo(675 + 1440 + 1435 + 75 * 55, 9);
    expect(scalar(o.results, 'carbon_price')).toBeCloseTo(55, 9);
    expect(readFileSync(path.join(tmp, 'over', 'report.md'), 'utf8')).toContain('--set unit_cost[central]=60');
  });

  test('no stack trace or internal error ever reaches stderr', () => {
    expect(all.length).toBe(15);
    for (const r of all) {
      expect(stackLines(r.stderr)).toEqual([]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.exitCode).not.toBe(70);
    }
  });
});
