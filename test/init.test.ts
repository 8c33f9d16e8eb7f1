// abate init: every template gives a study that checks and runs where it is written (data paths relative to
// the model), with a README naming what to edit; init never overwrites a file.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../cli/init.ts';
import { cliInProcess } from './helpers/cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-init-'));

describe('abate init', () => {
  it.each(Object.keys(TEMPLATES))(
    '--template %s: a study that checks and runs',
    async (name) => {
      const dir = path.join(tmp, name);
      const init = await cliInProcess(['init', dir, '--template', name]);
      expect(init.exitCode, init.stderr).toBe(0);
      const model = path.join(dir, TEMPLATES[name]!.model);
      expect(init.stdout).toContain(`wrote ${model}`);
      expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('Edit first: ');
      const check = await cliInProcess(['check', model]);
      expect(check.exitCode, check.stderr).toBe(0);
      const run = await cliInProcess(['run', model, '--out', path.join(dir, 'out'), '--quiet']);
      expect(run.exitCode, run.stderr).toBe(0);
      const results = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8'));
      expect(Object.keys(results.runs[0].results).length + results.runs[0].tables.length).toBeGreaterThan(0);
      expect(results.provenance.modelPath).toBe(`../${TEMPLATES[name]!.model}`);
    },
    60_000,
  );

  it('refuses a folder that already has the files, and an unknown template', async () => {
    const dir = path.join(tmp, 'lp');
    const again = await cliInProcess(['init', dir, '--template', 'lp']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already has lp-allocation.model');
    const bad = await cliInProcess(['init', path.join(tmp, 'x'), '--template', 'gam']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are lp, game, spatial, survey');
    expect(existsSync(path.join(tmp, 'x'))).toBe(false);
  });
});
