// The spatial constructs end to end (examples/spatial-produc/produc.model), pinned to R: spdep::moran.test,
// splm::slmtest and splm::spml on Produc with usaww (fixtures made by spec/conformance/spatial/*.R).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModel } from './run-model.ts';

const fx = (f: string) => JSON.parse(readFileSync(`spec/conformance/spatial/${f}`, 'utf8'));
const moranFx = fx('weights_moran.json').moran_produc as Array<{
  year: number;
  rand: { I: number; expectation: number; variance: number; z: number; p: number };
}>;
const models = fx('models.json').produc as Record<
  string,
  { coef: Record<string, number>; se: Record<string, number>; sigma2: number }
>;
const lm = fx('lmtests.json').lm.twoways as Record<string, { statistic: number; p: number }>;
const TERMS: Record<string, string> = { lpcap: 'log(pcap)', lpc: 'log(pc)', lemp: 'log(emp)', unemp: 'unemp' };

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('spatial panel model on Produc / usaww', async () => {
  const out = await runModel('examples/spatial-produc/produc.model');
  const table = (n: string) => out.tables.find((t) => t.name === n)!;

  it("Moran's I of log(gsp) by year equals spdep::moran.test (randomisation) to 1e-10", () => {
    const rows = table('gsp_moran').rows;
    expect(rows).toHaveLength(moranFx.length);
    moranFx.forEach((f, i) => {
      const r = rows[i]!;
      expect(r['period']).toBe(f.year);
      expect(r['I'] as number).toBeCloseTo(f.rand.I, 10);
      expect(r['E'] as number).toBeCloseTo(f.rand.expectation, 10);
      expect(rel(r['var'] as number, f.rand.variance)).toBeLessThan(1e-9);
      expect(r['z'] as number).toBeCloseTo(f.rand.z, 8);
      expect(rel(r['p'] as number, f.rand.p)).toBeLessThan(1e-8);
    });
  });

  it('LM tests on the two-way within OLS equal splm::slmtest', () => {
    const rows = table('battery').rows;
    const pick = (name: string) => rows.find((r) => r['test'] === name)!;
    for (const [k, name] of [
      ['lml', 'LM-lag'],
      ['lme', 'LM-error'],
      ['rlml', 'Robust LM-lag'],
      ['rlme', 'Robust LM-error'],
    ] as const) {
      expect(rel(pick(name)['statistic'] as number, lm[k]!.statistic)).toBeLessThan(1e-8);
    }
  });

  it.each([
    ['sar', 'sar_twoways', 'lambda'],
    ['sem', 'sem_individual', 'rho'],
  ] as const)('%s equals splm::spml (%s): coefficients to 1e-5, standard errors to 1e-4', (name, key, spatialKey) => {
    const f = models[key]!;
    const rows = table(name).rows;
    for (const [k, term] of Object.entries(TERMS)) {
      const r = rows.find((x) => x['term'] === term)!;
      expect(rel(r['estimate'] as number, f.coef[k]!)).toBeLessThan(1e-5);
      expect(rel(r['se'] as number, f.se[k]!)).toBeLessThan(1e-4);
    }
    const sp = rows.find((x) => x['term'] === 'rho' || x['term'] === 'lambda')!;
    expect(rel(sp['estimate'] as number, f.coef[spatialKey]!)).toBeLessThan(1e-5);
    expect(rel(sp['se'] as number, f.se[spatialKey]!)).toBeLessThan(1e-4);
  });

  it('turning point and its delta-method standard error equal the splm fit with the quadratic term (turning.R)', () => {
    const t = fx('turning.json') as { turning: number; se: number };
    const rows = table('unemp_peak').rows;
    const value = rows.find((r) => String(r['property']).startsWith('turning point'))!['value'] as number;
    const se = rows.find((r) => String(r['property']).startsWith('standard error'))!['value'] as number;
    expect(rel(value, t.turning)).toBeLessThan(1e-5);
    expect(rel(se, t.se)).toBeLessThan(1e-4);
  });

  it('descriptive statistics equal a direct computation on the CSV', () => {
    const lines = readFileSync('examples/spatial-produc/data/produc.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const unemp = lines.map((l) => Number(l[10]));
    const mean = unemp.reduce((a, b) => a + b, 0) / unemp.length;
    const sd = Math.sqrt(unemp.reduce((a, b) => a + (b - mean) ** 2, 0) / (unemp.length - 1));
    const row = table('stats').rows.find((r) => r['variable'] === 'unemp')!;
    expect(row['n']).toBe(816);
    expect(row['mean'] as number).toBeCloseTo(mean, 12);
    expect(row['sd'] as number).toBeCloseTo(sd, 12);
    expect(row['min']).toBe(Math.min(...unemp));
    expect(row['max']).toBe(Math.max(...unemp));
  });

  it('variants: the first column is the estimate itself, each run a refit with its change', () => {
    const reg = table('robustness').regression!.models;
    // a run without label("...") is headed by its changes in words
    expect(reg.map((m) => m.name)).toEqual(['SAR', 'SEM', 'unit FE', 'winsorised 1–99 %', 'SDM, unit FE']);
    expect(reg[0]!.source).toBe('sar');
    const sar = table('sar').rows;
    for (const r of sar) expect(reg[0]!.terms[r['term'] as string]!.coef).toBe(r['estimate']);
    // a model change swaps the spatial parameter: the SEM run reports lambda
    expect(reg[1]!.terms['lambda']).toBeDefined();
    expect(reg[2]!.indicators).toMatchObject({ unit_fe: true, time_fe: false });
  });

  it('spatial Hausman tests equal splm::sphtest (lag in the battery, error model alone) to 1e-4', () => {
    const h = fx('hausman.json') as Record<string, { statistic: number; df: number }>;
    const lag = table('battery').rows.find((r) => r['group'] === 'Hausman')!;
    expect(rel(lag['statistic'] as number, h['hausman_lag']!.statistic)).toBeLessThan(1e-4);
    expect(lag['df']).toBe(h['hausman_lag']!.df);
    const err = table('hausman_sem').rows[0]!;
    expect(rel(err['statistic'] as number, h['hausman_err']!.statistic)).toBeLessThan(1e-4);
  });
});
