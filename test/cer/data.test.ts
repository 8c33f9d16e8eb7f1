// The CER data folder: the synthetic series is exactly what the seeded generator produces, the recovered inputs
// are internally consistent, and the synthetic MAC path (derivePoints → fit → integrate) runs for every region.
import { describe, expect, it } from 'vitest';
import { generateSynthetic, SYNTHETIC_FILE, syntheticCsv } from '../../models/cer-china/data/generate_synthetic.ts';
import { derivePoints, fitQuadratic, integrateMac, checkConvex, cost } from '../../solvers/mac.ts';
import { dataCsv, dataText } from './helpers.ts';

describe('synthetic series', () => {
  it('the committed CSV is bit-for-bit the seeded generator output', () => {
    expect(dataText(SYNTHETIC_FILE)).toBe(syntheticCsv(generateSynthetic()));
  });

  it('another seed gives other data; the file is labelled synthetic', () => {
    expect(syntheticCsv(generateSynthetic(1))).not.toBe(dataText(SYNTHETIC_FILE));
    expect(SYNTHETIC_FILE).toMatch(/^synthetic_/);
    expect(dataText('README.md')).toMatch(/SYNTHETIC/);
  });

  it('every synthetic region runs derivePoints → quadratic fit → integrated cost', () => {
    const rows = dataCsv(SYNTHETIC_FILE);
    const regions = [...new Set(rows.map((r) => r.region!))];
    expect(regions.length).toBe(7);
    for (const reg of regions) {
      const s = rows.filter((r) => r.region === reg);
      const pts = derivePoints(
        s.map((r) => +r.gdp_bn_cny!),
        s.map((r) => +r.emissions_Mt!),
      );
      const fit = fitQuadratic(pts.P, pts.mac);
      expect(fit.r2).toBeGreaterThan(0.9);
      const rc = integrateMac(fit);
      let maxP = 0;
      for (const p of pts.P) maxP = Math.max(maxP, p);
      expect(maxP).toBeGreaterThan(0.1);
      expect(cost(rc, maxP)).toBeGreaterThan(0);
      expect(checkConvex(rc, 0, maxP)).toBeNull();
    }
  });
});

describe('recovered CER inputs', () => {
  const inputs = dataCsv('region_inputs.csv');
  const scen = dataCsv('scenarios.csv');
  it('four scenarios × seven regions; the 2025 ones are labelled assumed', () => {
    expect(scen.map((s) => s.scenario).sort()).toEqual(['1.5C-2025', '1.5C-2030', '2C-2025', '2C-2030']);
    for (const s of scen) {
      expect(s.source).toBe(s.year === '2025' ? 'assumed' : 'paper');
      expect(inputs.filter((x) => x.scenario === s.scenario).length).toBe(7);
    }
  });

  it('P0·E0 = target, α ≤ P0 ≤ β, regional targets add up to the national one', () => {
    for (const s of scen) {
      const rows = inputs.filter((x) => x.scenario === s.scenario);
      let tot = 0;
      for (const r of rows) {
        expect(+r.p0! * +r.e0_Mt!).toBeCloseTo(+r.target_Mt!, 9);
        expect(+r.alpha!).toBeLessThanOrEqual(+r.p0! + 1e-12);
        expect(+r.p0!).toBeLessThanOrEqual(+r.beta!);
        expect(+r.beta!).toBe(+s.beta!);
        tot += +r.target_Mt!;
      }
      expect(Math.abs(tot - +s.target_Mt!)).toBeLessThan(0.015);
    }
  });
});
