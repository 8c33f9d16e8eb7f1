// Scripting the CLI (issue: a newcomer's first hour): `check --json` and `diff --json` print one versioned JSON
// document; `abate diff` exits 1 when two runs differ and 0 when they agree; results.json holds no absolute
// path, records a sha256 of every data file read, the versions and the command, and is the same on a rerun of
// the same inputs but for its date.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess, ROOT } from './helpers/cli.ts';

const MODEL = 'examples/lp-allocation.model';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-json-'));
const out = (d: string) => path.join(tmp, d);
const read = (d: string) => readFileSync(path.join(d, 'results.json'), 'utf8');

beforeAll(async () => {
  for (const [dir, extra] of [
    ['a', []],
    ['a2', []],
    ['b', ['--set', 'target=110']],
  ] as const) {
    const r = await cliInProcess(['run', MODEL, '--out', out(dir), '--quiet', ...extra]);
    expect(r.exitCode, r.stderr).toBe(0);
  }
}, 120_000);

describe('check --json', () => {
  it('a broken model: every diagnostic with its code, severity and range; exit 1', async () => {
    const r = await cliInProcess(['check', 'spec/conformance/invalid/002-missing-equals.model', '--json']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ abate: 'check', version: 1, ok: false, errors: 1, warnings: 0 });
    expect(j.diagnostics).toEqual([
      {
        code: 'S002',
        severity: 'error',
        message: "expected '=' in a parameter declaration, found '0.5'",
        hint: 'write `param name[set] : unit = value`',
        file: 'spec/conformance/invalid/002-missing-equals.model',
        range: { start: { line: 5, col: 19 }, end: { line: 5, col: 22 } },
      },
    ]);
  });

  it('a semantic error and a good model', async () => {
    const bad = await cliInProcess(['check', 'spec/conformance/invalid/007-unknown-name.model', '--json']);
    const j = JSON.parse(bad.stdout);
    expect(bad.exitCode).toBe(1);
    expect(j.ok).toBe(false);
    expect(j.diagnostics.length).toBeGreaterThan(0);
    for (const d of j.diagnostics) expect(d.range.start.line).toBeGreaterThan(0);
    const good = await cliInProcess(['check', MODEL, '--json']);
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, errors: 0, diagnostics: [], scenarios: ['base'] });
  });
});

describe('abate diff', () => {
  it('exits 0 for two runs of the same inputs and 1 for runs that differ', async () => {
    const same = await cliInProcess(['diff', out('a'), out('a2')]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain('no differences');
    const differ = await cliInProcess(['diff', out('a'), out('b')]);
    expect(differ.exitCode).toBe(1);
    expect(differ.stdout).toContain('target');
  });

  it('--json: the changes as rows', async () => {
    const r = await cliInProcess(['diff', out('a'), out('b'), '--json']);
    expect(r.exitCode).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ abate: 'diff', version: 1, equal: false });
    expect(j.changes).toContainEqual(expect.objectContaining({ kind: 'input', name: 'target', a: '120', b: '110' }));
    const same = JSON.parse((await cliInProcess(['diff', out('a'), out('a2'), '--json'])).stdout);
    expect(same).toMatchObject({ equal: true, changes: [] });
  });
});

describe('provenance in results.json', () => {
  it('no absolute path; the model and data files relative to the output, with their sha256', () => {
    const j = JSON.parse(read(out('a')));
    // every string but the command line as typed (here with an absolute --out) is free of absolute paths
    const strings = (x: unknown): string[] =>
      typeof x === 'string' ? [x] : typeof x === 'object' && x ? Object.values(x).flatMap(strings) : [];
    const { command, ...rest } = j.provenance;
    expect(command).toBeDefined();
    expect(strings({ ...j, provenance: rest }).filter((s) => path.isAbsolute(s))).toEqual([]);
    expect(j.model).toEqual({ file: 'lp-allocation.model', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const p = j.provenance;
    expect(path.resolve(out('a'), p.modelPath)).toBe(path.join(ROOT, MODEL));
    expect(p.data.length).toBeGreaterThan(0);
    for (const d of p.data) {
      const bytes = readFileSync(path.resolve(out('a'), d.path));
      expect(d.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(p.node).toBe(process.version);
    expect(p.abateVersion).toBe(j.abateVersion);
    expect(p.command).toEqual(['run', MODEL, '--out', out('a'), '--quiet']);
  });

  it('a rerun of the same inputs writes the same results.json but for its date (and the output folder named)', () => {
    const strip = (s: string, dir: string) =>
      s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<date>').replaceAll(JSON.stringify(out(dir)), '"<out>"');
    expect(strip(read(out('a2')), 'a2')).toBe(strip(read(out('a')), 'a'));
  });
});
