import { describe, expect, it } from 'vitest';
import { diffRuns, formatDiff, type RunFile } from '../execute/diff.ts';

const run = (sha: string, target: number, cost: number, extra: Record<string, number> = {}): RunFile => ({
  model: { file: 'm.model', sha256: sha.repeat(64).slice(0, 64) },
  runs: [
    {
      scenario: { name: 'base', overrides: [] },
      inputs: {
        target: [{ key: [], value: target }],
        cap: [
          { key: ['north'], value: 10 },
          { key: ['south'], value: 20 },
        ],
      },
      results: {
        cost: { values: [{ key: [], value: cost }] },
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { values: [{ key: [], value: v }] }])),
      },
    },
  ],
});

describe('abate diff', () => {
  it('lists changed inputs and results with absolute and relative change, and nothing unchanged', () => {
    const rows = diffRuns(run('a', 100, 200), run('a', 120, 250, { price: 3 }));
    expect(rows.map((r) => [r.kind, r.name, r.a, r.b, r.change])).toEqual([
      ['input', 'target', '100', '120', '20 (+20.0 %)'],
      ['result', 'cost', '200', '250', '50 (+25.0 %)'],
      ['result', 'price', '—', '3', 'added'],
    ]);
  });
  it('reports a changed model source and says when nothing changed', () => {
    expect(diffRuns(run('a', 1, 2), run('b', 1, 2)).map((r) => r.kind)).toEqual(['model']);
    expect(formatDiff(diffRuns(run('a', 1, 2), run('a', 1, 2)))).toBe('no differences in inputs or results');
  });

  it('matches runs by scenario and lists scenarios found on one side only', () => {
    const multi: RunFile = {
      model: run('a', 1, 2).model,
      runs: [
        { ...run('a', 1, 2).runs[0]!, scenario: { name: 'low', overrides: [] } },
        { ...run('a', 1, 3).runs[0]!, scenario: { name: 'high', overrides: [] } },
      ],
    };
    const one: RunFile = {
      model: run('a', 1, 2).model,
      runs: [{ ...run('a', 1, 5).runs[0]!, scenario: { name: 'high', overrides: [] } }],
    };
    const rows = diffRuns(multi, one);
    expect(rows.map((r) => [r.scenario, r.name, r.change])).toEqual([
      ['low', 'scenario', 'only in A'],
      ['high', 'cost', '2 (+66.7 %)'],
    ]);
  });
});
