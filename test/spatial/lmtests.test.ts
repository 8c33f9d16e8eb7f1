import { describe, expect, it } from 'vitest';
import { durbinWaldTests, lrTest, panelLMTests, specificationTests } from '../../solvers/spatial/lmtests.ts';
import { fitSpatialPanel } from '../../solvers/spatial/models.ts';
import { expectClose, loadFixture } from './helpers.ts';
import { cigarData, producData } from './data.ts';

const fx = loadFixture('lmtests.json');

describe('panel LM tests vs splm::slmtest (Produc, usaww)', () => {
  const d = producData();
  for (const effect of ['pooling', 'individual', 'time', 'twoways'] as const) {
    it(effect, () => {
      const r = panelLMTests({ ...d, effect: effect === 'pooling' ? 'none' : effect });
      const ref = fx.lm[effect];
      for (const [mine, key] of [
        [r.lmLag, 'lml'],
        [r.lmError, 'lme'],
        [r.robustLmLag, 'rlml'],
        [r.robustLmError, 'rlme'],
      ] as const) {
        expectClose(mine.statistic, ref[key].statistic, 1e-8, 0, `${effect} ${key} statistic`);
        expectClose(mine.pValue, ref[key].p, 1e-8, 1e-300, `${effect} ${key} p`);
        expect(mine.df).toBe(1);
      }
    });
  }
});

describe('SDM vs SAR / SEM and fixed-effects tests (Cigar, usa46)', () => {
  const d = cigarData();
  it('Wald tests match the formulas on SDPDm’s covariance', () => {
    const w = durbinWaldTests(fitSpatialPanel(d, { model: 'sdm', effect: 'twoways' }));
    expectClose(w.sar.statistic, fx.wald.sar, 1e-4, 0, 'Wald SAR');
    expectClose(w.sem.statistic, fx.wald.sem, 1e-4, 0, 'Wald SEM');
    expectClose(w.sar.pValue, fx.wald.p_sar, 1e-3, 0, 'Wald SAR p');
    expect(w.sar.df).toBe(2);
  });
  it('the Table 3 battery: LR tests from splm log-likelihoods', () => {
    const s = specificationTests(d);
    const ll = fx.loglik;
    expectClose(s.fits.sdm.logLik, ll.sdm_twoways, 1e-9, 0, 'll sdm');
    expectClose(s.fits.sar.logLik, ll.sar_twoways, 1e-9, 0, 'll sar');
    expectClose(s.fits.sem.logLik, ll.sem_twoways, 1e-9, 0, 'll sem');
    expectClose(s.fits.sdmIndividual.logLik, ll.sdm_individual, 1e-9, 0, 'll sdm individual');
    expectClose(s.fits.sdmTime.logLik, ll.sdm_time, 1e-9, 0, 'll sdm time');
    expectClose(s.lr.sar.statistic, 2 * (ll.sdm_twoways - ll.sar_twoways), 1e-6, 0, 'LR SAR');
    expectClose(s.lr.sem.statistic, 2 * (ll.sdm_twoways - ll.sem_twoways), 1e-6, 0, 'LR SEM');
    expectClose(s.lr.unitEffects.statistic, 2 * (ll.sdm_twoways - ll.sdm_time), 1e-8, 0, 'LR unit FE');
    expectClose(s.lr.timeEffects.statistic, 2 * (ll.sdm_twoways - ll.sdm_individual), 1e-8, 0, 'LR time FE');
    expect(s.lr.unitEffects.df).toBe(45);
    expect(s.lr.timeEffects.df).toBe(29);
    expect(s.lr.sar.df).toBe(2);
    expect(lrTest('x', { logLik: 0 }, { logLik: 1.5 }, 1).statistic).toBe(3);
    expectClose(s.wald.sem.statistic, fx.wald.sem, 1e-4, 0, 'Wald SEM in battery');
  });
});
