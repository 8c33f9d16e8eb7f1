// Warnings reach the terminal: a sampled Shapley value, the checks skipped for a large game (core, nucleolus,
// superadditivity) are printed on stderr as `warning: ...` and written to results.json, the same list.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess, ROOT } from './helpers/cli.ts';

describe('warnings on the terminal', () => {
  it('a 21-player game with method = auto: sampling and the skipped checks, on stderr and in results.json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-warn-'));
    // 21 SYNTHETIC regions: savings16.csv and five of its rows again under new names
    const lines = readFileSync(path.join(ROOT, 'spec/conformance/cer/savings16.csv'), 'utf8').trim().split('\n');
    const extra = lines.slice(1, 6).map((l, k) => l.replace(/^r\d+/, `r${17 + k}`));
    writeFileSync(path.join(dir, 'savings16.csv'), `${[...lines, ...extra].join('\n')}\n`);
    const model = readFileSync(path.join(ROOT, 'spec/conformance/cer/savings16.model'), 'utf8').replace(
      'solutions = [shapley, nucleolus, core]',
      'solutions = [shapley, core]  samples = 200',
    );
    writeFileSync(path.join(dir, 'm.model'), model);
    const r = await cliInProcess(['run', path.join(dir, 'm.model'), '--out', path.join(dir, 'out'), '--jobs', '1']);
    expect(r.exitCode).toBe(0);
    const warned = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('warning: '))
      .map((l) => l.slice('warning: '.length));
    expect(warned).toEqual([
      'game coop: W541: Shapley value estimated from 200 sampled permutations (seed 1); standard errors in the table',
      "game coop: W542: the core check and the nucleolus need every coalition's worth, which is not tabulated above 20 players; skipped for 21",
    ]);
    const results = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8'));
    expect(results.runs[0].warnings).toEqual(warned);
  });

  it('a 16-player game: the superadditivity check skipped above 14 players', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-warn-'));
    const r = await cliInProcess(['run', 'spec/conformance/cer/savings16.model', '--out', dir, '--jobs', '1']);
    expect(r.stderr).toContain(
      'warning: game coop: the superadditivity check (3^n pairs of coalitions) is skipped above 14 players; skipped for 16',
    );
  }, 60_000);
});
