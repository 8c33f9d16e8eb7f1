import { describe, expect, it } from 'vitest';
import { effectMultipliers, impactsAt, spatialImpacts } from '../../solvers/spatial/effects.ts';
import { weightsEigenvalues } from '../../solvers/spatial/eigen.ts';
import { fitSpatialPanel } from '../../solvers/spatial/models.ts';
import { knnWeights, rowStandardize } from '../../solvers/spatial/weights.ts';
import { expectClose, loadFixture, loadW } from './helpers.ts';
import { cigarData, producData } from './data.ts';

const fx = loadFixture('effects.json');
const kinds = ['direct', 'indirect', 'total'] as const;

function expectExact(got: ReturnType<typeof impactsAt>, exp: number[][], rtol: number, what: string) {
  got.forEach((g, r) => kinds.forEach((kd, c) => expectClose(g[kd], exp[r]![c]!, rtol, 1e-14, `${what} ${kd} ${r}`)));
}

describe('impacts at given parameters vs dense (I − ρW)⁻¹ in R', () => {
  const B = loadW('usa46.json');
  const W = rowStandardize(B);
  const ev = weightsEigenvalues(W);
  it('row-standardised W: eigenvalue and trace-series paths', () => {
    for (const key of ['usa46_rs', 'usa46_rs_high'] as const) {
      const e = fx.exact[key];
      expectExact(impactsAt(effectMultipliers(W, { eigen: ev }), e.rho, e.beta, e.theta), e.imp, 1e-10, `${key} eigen`);
      const ser = effectMultipliers(W, { method: 'series', order: 400 });
      expectExact(impactsAt(ser, e.rho, e.beta, e.theta), e.imp, 1e-10, `${key} series`);
    }
    // the truncation bound of a short series is honest
    const e = fx.exact.usa46_rs_high;
    const short = effectMultipliers(W, { method: 'series', order: 40 });
    const got = impactsAt(short, e.rho, e.beta, e.theta);
    const exactA = impactsAt(effectMultipliers(W, { eigen: ev }), e.rho, [1, 0], [0, 0])[0]!.direct;
    expect(Math.abs(impactsAt(short, e.rho, [1, 0], [0, 0])[0]!.direct - exactA)).toBeLessThanOrEqual(
      short.bound(e.rho),
    );
    expect(Math.abs(got[0]!.direct - e.imp[0][0])).toBeGreaterThan(1e-6); // the short series really is truncated
  });
  it('binary (not row-stochastic) W and a kNN W with complex eigenvalues', () => {
    const e = fx.exact.usa46_binary;
    expectExact(
      impactsAt(effectMultipliers(B, { eigen: weightsEigenvalues(B) }), e.rho, e.beta, e.theta),
      e.imp,
      1e-10,
      'binary eigen',
    );
    expectExact(
      impactsAt(effectMultipliers(B, { method: 'series', order: 200 }), e.rho, e.beta, e.theta),
      e.imp,
      1e-10,
      'binary series',
    );
    const k = fx.exact.knn60;
    const ids = k.x.map((_: number, i: number) => `p${i}`);
    const Wk = rowStandardize(knnWeights(ids, { x: k.x, y: k.y }, k.k));
    const evk = weightsEigenvalues(Wk);
    expect(evk.real).toBe(false);
    expectExact(impactsAt(effectMultipliers(Wk, { eigen: evk }), k.rho, k.beta, k.theta), k.imp, 1e-10, 'knn eigen');
    expectExact(
      impactsAt(effectMultipliers(Wk, { method: 'series', order: 200 }), k.rho, k.beta, k.theta),
      k.imp,
      1e-10,
      'knn series',
    );
  });
});

/** |a − b| within `z` standard errors of a difference of two simulation means. */
function expectWithinSim(
  ours: { mean: number; sd: number },
  nOurs: number,
  theirs: { mean: number; sd: number },
  nTheirs: number,
  what: string,
) {
  const se = Math.sqrt((ours.sd * ours.sd) / nOurs + (theirs.sd * theirs.sd) / nTheirs);
  expect(Math.abs(ours.mean - theirs.mean), `${what} mean`).toBeLessThan(4 * se);
  // sd of a normal-ish sample has relative standard error ≈ 1/√(2n)
  const sdTol = 4 * Math.sqrt(1 / (2 * nOurs) + 1 / (2 * nTheirs));
  expect(Math.abs(ours.sd / theirs.sd - 1), `${what} sd`).toBeLessThan(sdTol);
}

describe('simulated impacts vs SDPDmod::impactsSDPDm (Cigar SDM, two-way FE)', () => {
  const d = cigarData();
  const DRAWS = 20000;
  for (const [key, leeYu] of [
    ['twoways', false],
    ['twoways_leeyu', true],
  ] as const) {
    it(`${key}: values at the estimates exact, simulation means and sds within simulation error`, () => {
      const fit = fitSpatialPanel(d, { model: 'sdm', effect: 'twoways', leeYu });
      const res = spatialImpacts(fit, { draws: DRAWS, seed: 42 });
      expect(res.method).toBe('eigen');
      expect(res.rows.map((r) => r.name)).toEqual(['logp', 'logy']);
      const ref = fx.sdpdm[key];
      res.rows.forEach((row, r) => {
        kinds.forEach((kd, c) => {
          expectClose(row[kd].estimate, ref.exact[r][c], 1e-5, 1e-8, `${kd} ${row.name} at the estimates`);
          expectWithinSim(
            row[kd],
            DRAWS,
            { mean: ref[kd].mean[r], sd: ref[kd].sd[r] },
            fx.sdpdm.nsim,
            `${kd} ${row.name}`,
          );
        });
      });
    });
  }
  it('is bit-reproducible for a seed and changes with the seed', () => {
    const fit = fitSpatialPanel(d, { model: 'sdm', effect: 'twoways' });
    const a = spatialImpacts(fit, { draws: 300, seed: 9 });
    const b = spatialImpacts(fit, { draws: 300, seed: 9 });
    const c = spatialImpacts(fit, { draws: 300, seed: 10 });
    expect(a.rows[0]!.direct.mean).toBe(b.rows[0]!.direct.mean);
    expect(a.rows[0]!.direct.sd).toBe(b.rows[0]!.direct.sd);
    expect(a.rows[0]!.direct.mean).not.toBe(c.rows[0]!.direct.mean);
  });
});

describe('impacts of the SAR two-way model vs splm (spatialreg::impacts)', () => {
  const d = producData();
  it('analytic values and simulation means', () => {
    const fit = fitSpatialPanel(d, { model: 'sar', effect: 'twoways' });
    const res = spatialImpacts(fit, { draws: 20000, seed: 3 });
    res.rows.forEach((row, r) => {
      for (const kd of kinds) {
        expectClose(row[kd].estimate, fx.splm[kd][r], 1e-5, 1e-9, `${kd} ${row.name}`);
        // splm's covariance drops the ρ–β covariances, so only the means are comparable (they barely depend on it)
        const ref = fx.splm.sim[kd];
        const se = Math.sqrt(row[kd].sd ** 2 / 20000 + ref.sd[r] ** 2 / fx.splm.R);
        expect(Math.abs(row[kd].mean - ref.mean[r]), `${kd} ${row.name} mean`).toBeLessThan(4 * se);
      }
    });
  });
  it('error models: SDEM direct = β, indirect = θ with exact standard errors', () => {
    const c = cigarData();
    const fit = fitSpatialPanel(c, { model: 'sdem', effect: 'twoways' });
    const res = spatialImpacts(fit);
    expect(res.method).toBe('linear');
    const p = fit.names.length + 2;
    expect(res.rows[0]!.direct.estimate).toBe(fit.beta[0]);
    expect(res.rows[0]!.indirect.estimate).toBe(fit.beta[2]);
    expectClose(
      res.rows[1]!.total.sd,
      Math.sqrt(fit.vcov[1 * p + 1]! + fit.vcov[3 * p + 3]! + 2 * fit.vcov[1 * p + 3]!),
      1e-14,
      0,
      'total sd',
    );
  });
});
