// LP and MILP results pinned against GLPK's glpsol: each spec/conformance/lp/NAME.glpsol.json was written by
// spec/conformance/lp/make_fixtures.sh from an independent GMPL formulation (NAME.mod) of the abate model it
// names. abate must reproduce the objective, every variable and (LP) every constraint dual to 1e-9 relative.
import { describe, test, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliInProcess, normalise, ROOT } from './helpers/cli.ts';

interface Entry {
  key: string[];
  value: number;
}
interface Fixture {
  abate: string;
  gmpl: string;
  solution: 'simplex' | 'mip';
  objective: number;
  primal: Record<string, Entry[]>;
  duals?: Record<string, Entry[]>;
}
type Results = Record<string, { values: Array<{ key: string[]; value: unknown }> }>;

const DIR = path.join(ROOT, 'spec', 'conformance', 'lp');
const TOL = 1e-9;
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.glpsol.json'))
  .sort()
  .map(
    (f) => [f.replace(/\.glpsol\.json$/, ''), JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Fixture] as const,
  );
const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-lp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const close = (a: number, b: number) => Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));

function expectValues(label: string, actual: Results[string] | undefined, want: Entry[]) {
  expect(actual, `${label} is missing from results.json`).toBeDefined();
  expect(
    actual!.values.map((v) => v.key),
    `${label}: keys`,
  ).toEqual(want.map((w) => w.key));
  want.forEach((w, i) => {
    const a = actual!.values[i]!.value;
    expect(typeof a, `${label}[${w.key.join(', ')}]`).toBe('number');
    expect(close(a as number, w.value), `${label}[${w.key.join(', ')}] = ${a as number}, glpsol ${w.value}`).toBe(true);
  });
}

describe('LP/MILP results agree with glpsol', () => {
  test('there are fixtures for the example, a transport LP, a MILP and ranged/equality rows', () => {
    expect(fixtures.map(([n]) => n)).toEqual(expect.arrayContaining(['allocation', 'transport', 'build', 'blend']));
    expect(fixtures.find(([n]) => n === 'build')![1].solution).toBe('mip');
  });

  test.each(fixtures)('%s', async (name, fx) => {
    const out = path.join(tmp, name);
    const r = await cliInProcess(['run', fx.abate, '--out', out, '--quiet']);
    expect(normalise(r.stderr, { '<out>': out })).toBe('');
    expect(r.exitCode).toBe(0);
    const results = (
      JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { runs: Array<{ results: Results }> }
    ).runs[0]!.results;
    const problems = Object.keys(results)
      .filter((k) => /^[^.]+\.objective$/.test(k))
      .map((k) => k.split('.')[0]!);
    expect(problems, 'one problem per model').toHaveLength(1);
    const p = problems[0]!;
    expect(
      close(results[`${p}.objective`]!.values[0]!.value as number, fx.objective),
      `objective ${String(results[`${p}.objective`]!.values[0]!.value)} vs glpsol ${fx.objective}`,
    ).toBe(true);
    for (const [v, want] of Object.entries(fx.primal)) expectValues(`${p}.${v}`, results[`${p}.${v}`], want);
    if (fx.solution === 'simplex') {
      for (const [c, want] of Object.entries(fx.duals ?? {}))
        expectValues(`${p}.${c}.dual`, results[`${p}.${c}.dual`], want);
    } else {
      // A MILP has no duals in abate (as in GLPK's branch and cut).
      expect(Object.keys(results).filter((k) => k.endsWith('.dual'))).toEqual([]);
    }
  });
});
