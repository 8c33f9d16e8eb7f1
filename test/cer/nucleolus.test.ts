// The nucleolus by constraint generation (solvers/nucleolus.ts) pinned to an independent full-row LP sequence
// (scipy HiGHS, spec/conformance/cer/make_nucleolus_fixtures.py) on SYNTHETIC 12–16 player games, and its
// Kohlberg verification: accepted at the nucleolus, rejected at nearby payoffs.
import { describe, expect, it } from 'vitest';
import { nucleolus, verifyNucleolus } from '../../solvers/nucleolus.ts';
import { fixture, maxAbsDiff } from './helpers.ts';
import { hashGame, type HashGame } from './hash-games.ts';
import { runModel } from '../models/run-model.ts';
import { root } from './helpers.ts';

interface Entry extends HashGame {
  name: string;
  checksums: { sum: number; at: Record<string, number> };
  nucleolus: number[];
  levels: number[];
  prenucleolus?: number[];
}
interface ModelEntry {
  name: string;
  family: 'savings';
  n: number;
  model: string;
  v_sum: number;
  shapley: number[];
  nucleolus: number[];
  levels: number[];
}
const all = fixture<{ games: Array<Entry | ModelEntry> }>('nucleolus_fixtures.json').games;
const fx = { games: all.filter((g): g is Entry => g.family !== 'savings') };
const savings = all.filter((g): g is ModelEntry => g.family === 'savings');

describe.each(fx.games)('$name', (g) => {
  const v = hashGame(g);
  const scale = Math.max(...Array.from(v, Math.abs));

  it('the game is the fixture’s, to the last bit', () => {
    let s = 0;
    for (let m = 0; m < v.length; m++) s += v[m]!;
    expect(s).toBe(g.checksums.sum);
    for (const [m, x] of Object.entries(g.checksums.at)) expect(v[Number(m)]).toBe(x);
  });

  it('nucleolus matches the full LP sequence and passes Kohlberg', async () => {
    const nu = await nucleolus(v, g.n);
    expect(maxAbsDiff(nu.x, g.nucleolus)).toBeLessThan(1e-7 * scale);
    expect(nu.verified).toBe(true);
    expect(nu.verification!.ok).toBe(true);
    expect(nu.verification!.rank).toBe(g.n);
    expect(nu.levels[0]).toBeCloseTo(g.levels[0]!, 6);
    // constraint generation: far fewer rows than the 2^n − 2 of each full LP
    expect(nu.rows).toBeLessThan(2 ** g.n / 8);
  });
});

describe.each(fx.games.filter((g) => g.prenucleolus))('$name', (g) => {
  it('pre-nucleolus matches the full LP sequence and passes Kohlberg', async () => {
    const v = hashGame(g);
    const scale = Math.max(...Array.from(v, Math.abs));
    const pre = await nucleolus(v, g.n, { prenucleolus: true });
    expect(maxAbsDiff(pre.x, g.prenucleolus!)).toBeLessThan(1e-7 * scale);
    expect(pre.verified).toBe(true);
  });
});

describe('Kohlberg verification at 16 players', () => {
  const g = fx.games.find((x) => x.name === 'random-16')!;
  const v = hashGame(g);
  const x = Float64Array.from(g.nucleolus);

  it('accepts the reference nucleolus, reporting the levels it needed', async () => {
    const r = await verifyNucleolus(v, 16, x);
    expect(r.ok).toBe(true);
    expect(r.rank).toBe(16);
    expect(r.levels).toBeGreaterThanOrEqual(1);
    expect(r.coalitions).toBeGreaterThanOrEqual(15);
  });

  it('rejects payoffs moved along each pair of players', async () => {
    for (const [i, j] of [
      [0, 1],
      [3, 12],
      [15, 7],
    ] as const) {
      const y = Float64Array.from(x);
      y[i] = y[i]! + 0.01;
      y[j] = y[j]! - 0.01;
      const r = await verifyNucleolus(v, 16, y);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/level is not balanced|own worth/);
    }
  });

  it('rejects an inefficient payoff and the equal split', async () => {
    const y = Float64Array.from(x);
    y[0] = y[0]! + 1;
    expect((await verifyNucleolus(v, 16, y)).reason).toBe('the payoff is not efficient');
    const eq = new Float64Array(16).fill(v[2 ** 16 - 1]! / 16);
    expect((await verifyNucleolus(v, 16, eq)).ok).toBe(false);
  });

  it('glove game: the unique core point, with the ties of whole levels', async () => {
    const gl = fx.games.find((q) => q.name === 'glove-16')!;
    const r = await verifyNucleolus(
      hashGame(gl),
      16,
      Float64Array.from({ length: 16 }, (_, i) => (i < 7 ? 1 : 0)),
    );
    expect(r.ok).toBe(true);
    expect(r.coalitions).toBeGreaterThan(100);
  });
});

describe.each(savings)('a thin core through the language: $model (SYNTHETIC)', (g) => {
  it('Shapley and the nucleolus match the bisection-KKT game and its full-row HiGHS nucleolus; Kohlberg reported', async () => {
    const out = await runModel(`${root}spec/conformance/cer/${g.model}`);
    const rows = out.tables.find((t) => t.name === 'coop')!.rows;
    const shapley = rows.map((r) => r['shapley'] as number);
    const nu = rows.map((r) => r['nucleolus'] as number);
    expect(maxAbsDiff(shapley, g.shapley)).toBeLessThan(1e-9);
    // excess levels are 1e-6 apart here, so the payoff must be right far below that
    expect(maxAbsDiff(nu, g.nucleolus)).toBeLessThan(1e-9);
    const props = out.tables.find((t) => t.name === 'coop_properties')!.rows;
    const check = props.find((p) => String(p['property']).startsWith('nucleolus verified'))!;
    expect(String(check['value'])).toMatch(
      new RegExp(`^yes \\(\\d+ excess levels?, \\d+ coalitions; \\d+ LPs over \\d+ of ${2 ** g.n - 2} coalitions\\)$`),
    );
  });
});
