// The co-agglomeration panel (34 cities x 20 years, row-standardised NON-symmetric economic-geographic W) with the
// Lee–Yu corrections, against SDPDmod::SDPDm as fixed in spec/conformance/spatial/ne_china.R (see the note there):
// - static SDM two-way + Lee–Yu bias correction, and the uncorrected standard errors: SDPDm with its nearPD of the
//   information matrix removed (`*_exactinv`); stock SDPDm differs because nearPD alters that ill-conditioned
//   (eigenvalue ratio ~1.8e-7) matrix — the `units_ti100` record shows that answer depends on TI's units;
// - dynamic SDM two-way + bias correction: SDPDm with rowSums(W) == 1 tested to 1e-12 instead of exactly (22 rows
//   are off by <= 4.4e-16, which makes stock SDPDm skip the Lee–Yu transformation), corrected fields ($coefficients1).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fitSpatialPanel, type SpatialPanelData } from '../../solvers/spatial/models.ts';
import { fitDynamicSpatialPanel } from '../../solvers/spatial/dynamic.ts';
import { weightsFromEdges } from '../../solvers/spatial/weights.ts';
import { expectClose, loadFixture, panelFromRows } from './helpers.ts';

type Out = { coef: Record<string, number>; se: Record<string, number>; rho: number; rho_se: number; sigma2: number };
const fx = loadFixture<Record<string, any>>('ne_china.json');
const root = 'models/ne-china-coagg/data';
const rows = parse(readFileSync(`${root}/panel.csv`, 'utf8'), { columns: true }) as Record<string, string>[];
const edges = (
  parse(readFileSync(`${root}/weights_eg.csv`, 'utf8'), { columns: true }) as Record<string, string>[]
).map((e) => ({
  from: e['from']!,
  to: e['to']!,
  weight: Number(e['weight']),
}));
const units = [...new Set(rows.map((r) => r['city']!))].sort();
const xs = ['coagg', 'coagg2', 'gov', 'lnpgdp', 'fdi', 'lnrd', 'ti', 'lner'];
const num = (k: string) => (r: Record<string, string>) => Number(r[k]);
const p = panelFromRows(rows, 'city', 'year', units, {
  carbon: num('carbon'),
  ...Object.fromEntries(
    xs.map((k) => [k, k === 'coagg2' ? (r: Record<string, string>) => Number(r['coagg']) ** 2 : num(k)]),
  ),
});
const NT = p.N * p.T;
const X = new Float64Array(NT * xs.length);
for (let r = 0; r < NT; r++) for (let j = 0; j < xs.length; j++) X[r * xs.length + j] = p.cols[xs[j]!]![r]!;
const data: SpatialPanelData = {
  y: p.cols['carbon']!,
  X,
  names: xs,
  W: weightsFromEdges(units, edges),
  N: p.N,
  T: p.T,
};

describe('ne-china panel, non-symmetric row-standardised W: Lee–Yu corrections vs SDPDm (ne_china.R)', () => {
  it('the fixture documents both SDPDm causes', () => {
    expect(fx['rows_not_exactly_one']).toBeGreaterThan(0); // why stock SDPDm's isrownor() fails here
    expect(Math.max(...(fx['rowsum_dev'] as number[]).map(Math.abs))).toBeLessThan(1e-15);
    // with exact inversion rescaling TI by 100 leaves every other SE unchanged; with nearPD it does not
    const ex = fx['units_ti100'].exactinv as number[];
    const np = fx['units_ti100'].nearpd as number[];
    for (const i of [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16])
      expectClose(ex[i]!, 1, 1e-6, 0, `exactinv ratio ${i}`);
    expect(Math.min(...np)).toBeLessThan(0.01);
    expect(np[4]!).toBeLessThan(0.6); // FDI's SE moves by 44 % under nearPD when TI is rescaled
  });

  it('static SDM two-way, no correction: standard errors equal SDPDm with the exact inverse (1e-6)', () => {
    const fit = fitSpatialPanel(data, { model: 'sdm', effect: 'twoways', leeYu: false });
    const ref: Out = fx['model1_exactinv'];
    const refSe = Object.values(ref.se);
    expect(fit.coefficients.length).toBe(refSe.length + 1);
    refSe.forEach((s, i) => expectClose(fit.coefficients[i]!.se, s, 1e-6, 0, `se ${fit.coefficients[i]!.name}`));
    expectClose(fit.coefficients[refSe.length]!.se, ref.rho_se, 1e-6, 0, 'se rho');
    // and stock SDPDm's nearPD'd SEs are not these (FDI off by ~44 %)
    expect(
      Math.abs(fit.coefficients[4]!.se / Object.values(fx['model1'].se as Record<string, number>)[4]! - 1),
    ).toBeGreaterThan(0.3);
  });

  it('static SDM two-way, Lee–Yu bias correction: coefficients, ρ, σ² and SEs equal SDPDm with the exact inverse', () => {
    const fit = fitSpatialPanel(data, { model: 'sdm', effect: 'twoways', leeYu: true });
    const ref: Out = fx['model1_leeyu_exactinv'];
    Object.values(ref.coef).forEach((c, i) => expectClose(fit.beta[i]!, c, 1e-6, 1e-8, `coef ${fit.names[i]}`));
    expectClose(fit.rho, ref.rho, 0, 1e-7, 'rho'); // R's optimize() stops ~4e-8 off
    expectClose(fit.sigma2, ref.sigma2, 1e-6, 0, 'sigma2');
    Object.values(ref.se).forEach((s, i) => expectClose(fit.coefficients[i]!.se, s, 1e-6, 0, `se ${fit.names[i]}`));
    expectClose(fit.coefficients[fit.beta.length]!.se, ref.rho_se, 1e-6, 0, 'se rho');
    // stock SDPDm's W*coagg (1.50177) differs by ~1 %
    expect(Math.abs(fit.beta[8]! / fx['model1_leeyu'].coef['W*coagg'] - 1)).toBeGreaterThan(0.005);
  });

  it('dynamic SDM two-way, Lee–Yu: F-transformed ML and bias-corrected estimates equal SDPDm (rows tested to 1e-12)', () => {
    const fit = fitDynamicSpatialPanel(data, {
      model: 'sdm',
      effect: 'twoways',
      biasCorrection: 'lee_yu',
      yName: 'carbon',
    });
    const ref = fx['model2_leeyu_rownor'];
    expect(fit.transformed).toBe(true);
    const refC = Object.values(ref.coef as Record<string, number>);
    expect(fit.beta.length).toBe(refC.length);
    refC.forEach((c, i) => expectClose(fit.beta[i]!, c, 1e-6, 1e-7, `coef ${fit.names[i]}`));
    expectClose(fit.rho, ref.rho, 0, 1e-7, 'rho');
    expectClose(fit.sigma2, ref.sigma2, 1e-6, 0, 'sigma2');
    const ml = ref.ml as { coef: Record<string, number>; rho: number; sigma2: number };
    Object.values(ml.coef).forEach((c, i) =>
      expectClose(fit.uncorrected!.beta[i]!, c, 1e-6, 1e-7, `ML coef ${fit.names[i]}`),
    );
    expectClose(fit.uncorrected!.rho, ml.rho, 0, 1e-7, 'ML rho');
    // SEs: SDPDm's depend on its arbitrary basis F, abate uses the basis average (dynamic.ts); agree to ~0.5 %
    Object.values(ref.se as Record<string, number>).forEach((s, i) =>
      expectClose(fit.coefficients[i]!.se, s, 5e-3, 0, `se ${fit.names[i]}`),
    );
  });
});
