// The spatial model table (spec/spatial-models.ts) is the only place a model is described: the compiler's model
// words, the reference and every estimator must agree with each row. A new row that an estimator does not
// honour fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSTRUCTS } from '../../constructs/registry.ts';
import { fitDynamicSpatialPanel } from '../../solvers/spatial/dynamic.ts';
import { spatialImpacts } from '../../solvers/spatial/effects.ts';
import { durbinWaldTests } from '../../solvers/spatial/lmtests.ts';
import { fitSpatialPanel } from '../../solvers/spatial/models.ts';
import { fitRandomEffectsSpatialPanel } from '../../solvers/spatial/random.ts';
import { SolverError } from '../../solvers/errors.ts';
import {
  DYNAMIC_MODEL_WORDS,
  RANDOM_MODEL_WORDS,
  SPATIAL_MODEL_WORDS,
  SPATIAL_MODELS,
  spatialModel,
} from '../../spec/spatial-models.ts';
import { cigarData } from './data.ts';
import { SPEC_DIR } from './helpers.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof SolverError ? e.code : String(e);
  }
  return undefined;
};

describe('the compiler and the reference read the table', () => {
  it("estimate's and hausman's model words", () => {
    expect(CONSTRUCTS['estimate']!.props['model']!.type).toEqual({ kind: 'enum', values: SPATIAL_MODEL_WORDS });
    expect(CONSTRUCTS['hausman']!.props['model']!.type).toEqual({ kind: 'enum', values: RANDOM_MODEL_WORDS });
    expect(SPATIAL_MODEL_WORDS).toEqual(['sar', 'sem', 'sdm', 'sdem']);
    expect(DYNAMIC_MODEL_WORDS).toEqual(['sar', 'sdm']);
    expect(RANDOM_MODEL_WORDS).toEqual(['sar', 'sem']);
  });
  it('spec/language.md lists the same words', () => {
    const md = readFileSync(join(SPEC_DIR, '../../language.md'), 'utf8');
    expect(md).toContain(`model = sdm                    // ${SPATIAL_MODEL_WORDS.join(' | ')}`);
    expect(md).toContain(`model = ${RANDOM_MODEL_WORDS.join(' | ')}  formula`);
    // the table of models: ρ·Wy, W·X, λ·Wu, dynamic, hausman
    const rows = [...md.matchAll(/^ {2}\| `([a-z]+)` \|(.*)\|$/gm)].map((r) => [
      r[1],
      r[2]!.split('|').map((c) => c.trim() === 'yes'),
    ]);
    expect(rows).toEqual(
      SPATIAL_MODEL_WORDS.map((m) => {
        const d = SPATIAL_MODELS[m];
        return [m, [d.lag, d.durbin, d.error, d.dynamicAllowed, d.randomAllowed]];
      }),
    );
  });
  it('spatialModel knows the words and nothing else', () => {
    expect(spatialModel('sdem')).toBe(SPATIAL_MODELS.sdem);
    expect(spatialModel('sac')).toBeUndefined();
    expect(spatialModel('toString')).toBeUndefined();
  });
});

describe('every estimator honours every row', () => {
  const d = cigarData();
  for (const m of SPATIAL_MODEL_WORDS) {
    const row = SPATIAL_MODELS[m];
    it(`${m}: ${row.title}`, () => {
      const fit = fitSpatialPanel(d, { model: m, effect: 'twoways' });
      expect(fit.model).toBe(m);
      expect(fit.rhoName).toBe(row.lag ? 'rho' : 'lambda');
      expect(fit.names).toEqual(row.durbin ? ['logp', 'logy', 'W*logp', 'W*logy'] : ['logp', 'logy']);
      expect(spatialImpacts(fit, { draws: 20 }).method === 'linear').toBe(!row.lag);
      expect(codeOf(() => durbinWaldTests(fit))).toBe(row.lag && row.durbin ? undefined : 'R587');

      const dyn = () => fitDynamicSpatialPanel(d, { model: m as 'sar', biasCorrection: 'none', yName: 'logc' });
      if (row.dynamicAllowed) expect(dyn().names.filter((n) => n.startsWith('W*')).length).toBe(row.durbin ? 3 : 1);
      else expect(codeOf(dyn)).toBe('R565');

      const re = () => fitRandomEffectsSpatialPanel(d, { model: m as 'sar' });
      if (row.randomAllowed) expect(re().rhoName).toBe(row.lag ? 'rho' : 'lambda');
      else expect(codeOf(re)).toBe('R551');
    });
  }
  it('an unknown word is refused by each estimator', () => {
    expect(codeOf(() => fitSpatialPanel(d, { model: 'sac' as never }))).toBe('R545');
    expect(codeOf(() => fitDynamicSpatialPanel(d, { model: 'sac' as never }))).toBe('R565');
    expect(codeOf(() => fitRandomEffectsSpatialPanel(d, { model: 'sac' as never }))).toBe('R551');
  });
  it('the Lee–Yu two-way correction only for lag models, with the hint naming them', () => {
    try {
      fitSpatialPanel(d, { model: 'sdem', effect: 'twoways', leeYu: true });
      expect.unreachable();
    } catch (e) {
      expect((e as SolverError).code).toBe('R548');
      expect((e as SolverError).hint).toBe(
        'use a lag model (SAR/SDM) for the two-way Lee–Yu correction, or leeYu: false',
      );
    }
  });
});
