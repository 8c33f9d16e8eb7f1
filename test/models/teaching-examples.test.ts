// The teaching examples that `abate init` copies (examples/game-savings, examples/expert-survey), pinned to the
// independent reference spec/conformance/examples/teaching_examples.py (its printed values, below).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-teaching-'));

async function results(model: string): Promise<Map<string, number | boolean>> {
  const out = path.join(tmp, path.basename(model, '.model'));
  const r = await cliInProcess(['run', model, '--out', out, '--quiet']);
  expect(r.exitCode, r.stderr).toBe(0);
  const j = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  const m = new Map<string, number | boolean>();
  for (const [name, v] of Object.entries(
    j.runs[0].results as Record<string, { values: Array<{ key: string[]; value: number }> }>,
  ))
    for (const x of v.values) m.set([name, ...x.key].join('.'), x.value);
  return m;
}

describe('teaching examples', () => {
  it('game-savings: the joint cost, the saving and the Shapley value', async () => {
    const r = await results('examples/game-savings/savings.model');
    expect(r.get('joint_cost')).toBeCloseTo(575, 9);
    expect(r.get('saving')).toBeCloseTo(225, 9);
    const shapley = {
      north: 107.08333333333333,
      east: 24.583333333333332,
      south: 65.41666666666666,
      west: 27.916666666666664,
    };
    for (const [k, v] of Object.entries(shapley)) expect(r.get(`shapley.${k}`)).toBeCloseTo(v, 9);
    // the nucleolus is efficient; the Shapley value is not in the core: v(north, south) = 200 > 172.5 they are given
    const nucleolus = ['north', 'east', 'south', 'west'].reduce((s, k) => s + (r.get(`nucleolus.${k}`) as number), 0);
    expect(nucleolus).toBeCloseTo(225, 9);
    expect(r.get('in_core')).toBe(false);
  });

  it('expert-survey: each item mean, standard deviation and coefficient of variation', async () => {
    const r = await results('examples/expert-survey/survey.model');
    const ref: Record<string, [number, number, number]> = {
      tax: [4.6, 0.5477225575051661, 0.11907012119677524],
      ets: [4.0, 0.7071067811865476, 0.1767766952966369],
      std: [3.0, 0.7071067811865476, 0.23570226039551587],
      sub: [2.2, 0.8366600265340756, 0.3803000120609434],
    };
    for (const [k, [mean, sd, cv]] of Object.entries(ref)) {
      expect(r.get(`mean.${k}`)).toBeCloseTo(mean, 12);
      expect(r.get(`sd.${k}`)).toBeCloseTo(sd, 12);
      expect(r.get(`cv.${k}`)).toBeCloseTo(cv, 12);
    }
    expect(r.get('respondents')).toBe(5);
  });
});
