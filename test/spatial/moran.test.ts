import { describe, expect, it } from 'vitest';
import { moranByPeriod, moranTest } from '../../solvers/spatial/moran.ts';
import { distanceBandWeights, rowStandardize } from '../../solvers/spatial/weights.ts';
import { SolverError } from '../../execute/errors.ts';
import { expectClose, loadCsv, loadFixture, loadW, panelFromRows } from './helpers.ts';

const fx = loadFixture('weights_moran.json');
const TOL = 1e-10;

function expectMoran(
  r: ReturnType<typeof moranTest>,
  e: { I: number; expectation: number; variance: number; z: number; p: number },
  what: string,
) {
  expectClose(r.I, e.I, TOL, 1e-15, `${what} I`);
  expectClose(r.expectation, e.expectation, TOL, 0, `${what} E[I]`);
  expectClose(r.variance, e.variance, TOL, 0, `${what} Var[I]`);
  expectClose(r.z, e.z, TOL, 1e-14, `${what} z`);
  expectClose(r.pValue, e.p, TOL, 1e-300, `${what} p`);
}

describe("Moran's I vs spdep::moran.test", () => {
  const B = loadW('usa46.json');
  const W = rowStandardize(B);
  const cig = panelFromRows(loadCsv('cigar.csv'), 'state_name', 'year', W.names, {
    lsales: (r) => Math.log(Number(r.sales)),
  });

  it('Cigar log(sales) by year, usa46 row-standardised: randomisation/normality, all alternatives', () => {
    const T = cig.T;
    const rg = moranByPeriod(cig.cols.lsales!, W, T);
    const ng = moranByPeriod(cig.cols.lsales!, W, T, { randomisation: false });
    const r2 = moranByPeriod(cig.cols.lsales!, W, T, { alternative: 'two.sided' });
    const nl = moranByPeriod(cig.cols.lsales!, W, T, { randomisation: false, alternative: 'less' });
    const bin = moranByPeriod(cig.cols.lsales!, B, T);
    expect(fx.moran_cigar.length).toBe(T);
    fx.moran_cigar.forEach((e: any, t: number) => {
      expectMoran(rg[t]!, e.rand_greater, `${e.year} rand`);
      expectMoran(ng[t]!, e.norm_greater, `${e.year} norm`);
      expectMoran(r2[t]!, e.rand_two, `${e.year} two-sided`);
      expectMoran(nl[t]!, e.norm_less, `${e.year} less`);
      expectMoran(bin[t]!, e.binary_rand, `${e.year} binary`);
    });
  });

  it('Produc log(gsp) by year, usaww', () => {
    const Www = loadW('usaww.json');
    const pr = panelFromRows(loadCsv('produc.csv'), 'state', 'year', Www.names, {
      lgsp: (r) => Math.log(Number(r.gsp)),
    });
    const rr = moranByPeriod(pr.cols.lgsp!, Www, pr.T);
    const nn = moranByPeriod(pr.cols.lgsp!, Www, pr.T, { randomisation: false });
    fx.moran_produc.forEach((e: any, t: number) => {
      expectMoran(rr[t]!, e.rand, `${e.year} rand`);
      expectMoran(nn[t]!, e.norm, `${e.year} norm`);
    });
  });

  it('islands: an error naming them, or zero.policy with and without adjust.n', () => {
    const Wb = rowStandardize(distanceBandWeights(fx.points.ids, { x: fx.points.x, y: fx.points.y }, { upper: 1.0 }));
    try {
      moranTest(fx.islands.x, Wb);
      expect.unreachable();
    } catch (e) {
      expect((e as SolverError).code).toBe('R523');
      for (const nm of fx.islands.names) expect((e as SolverError).message).toContain(`"${nm}"`);
    }
    expectMoran(moranTest(fx.islands.x, Wb, { zeroPolicy: true }), fx.islands.adjusted, 'islands adjusted');
    expectMoran(
      moranTest(fx.islands.x, Wb, { zeroPolicy: true, adjustN: false }),
      fx.islands.unadjusted,
      'islands unadjusted',
    );
  });

  it('rejects a constant variable and a length mismatch', () => {
    expect(() => moranTest(new Float64Array(46).fill(2), W)).toThrow(/constant/);
    expect(() => moranTest(new Float64Array(45), W)).toThrow(/45 values/);
  });
});
