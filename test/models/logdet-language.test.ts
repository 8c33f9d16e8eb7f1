// The log-determinant choice through the language (estimate's logdet, logdet_order, probes): on Produc / usaww
// (N = 48, a contiguity W with a real spectrum) the Chebyshev and Monte Carlo estimates agree with the exact one
// within their stated bounds, and the table says which log-determinant was used.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModel, scalar } from './run-model.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'abate-logdet-'));
for (const f of ['produc.csv', 'usaww_edges.csv']) copyFileSync(`examples/spatial-produc/data/${f}`, path.join(dir, f));
const est = (name: string, extra: string) =>
  `estimate ${name} { panel = states  weights = W  model = sar  fixed = twoways  ${extra}
    formula = log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp }`;
writeFileSync(
  path.join(dir, 'logdet.model'),
  `study "Produc with three log-determinants" { source = "Munnell (1990) Produc panel as shipped with R package plm"  synthetic = false }
data produc from "produc.csv" key (state, year) { state: string  year: integer  pcap: number  pc: number  emp: number  gsp: number  unemp: number }
data usaww from "usaww_edges.csv" key (from, to) { from: string  to: string  weight: number }
set state = produc.state
panel states { data = produc  unit = state  time = year }
weights W { units = state  method = edges(usaww, from, to, weight)  standardise = row }
${est('exact', 'logdet = exact')}
${est('cheb', 'logdet = chebyshev  probes = 32')}
${est('mc', 'logdet = mc  logdet_order = 60  probes = 32')}
result d_cheb = abs(cheb.rho - exact.rho)
result d_mc = abs(mc.rho - exact.rho)
result b_cheb = cheb.rho_bound
result b_mc = mc.rho_bound
result b_exact = exact.rho_bound
report { table exact  table cheb  table mc }
`,
);

describe('logdet through the language (Produc, usaww)', async () => {
  const out = await runModel(path.join(dir, 'logdet.model'));
  it('exact has no bound; chebyshev and mc lie within their stated bounds of the exact ρ', () => {
    expect(scalar(out, 'b_exact')).toBe(0);
    for (const m of ['cheb', 'mc']) {
      const b = scalar(out, `b_${m}`);
      expect(b, m).toBeGreaterThan(0);
      expect(scalar(out, `d_${m}`), m).toBeLessThanOrEqual(b);
    }
  });
  it('the tables state the method and the bounds; the exact table does not', () => {
    const t = (n: string) => out.tables.find((x) => x.name === n)!;
    expect(t('exact').note).toBeUndefined();
    expect(t('cheb').note).toMatch(
      /^Log-determinant: Chebyshev approximation \(Pace & LeSage 2004\), degree \d+, 32 probes/,
    );
    expect(t('mc').note).toMatch(
      /^Log-determinant: Monte Carlo approximation \(Barry & Pace 1999\), series order 60, 32 probes/,
    );
    expect(t('mc').note).toMatch(/ρ̂ within ±\d\.\de-\d+ of the exact-log-determinant estimate/);
    expect(t('mc').regression!.models[0]!.indicators!['logdet']).toMatch(/^Monte Carlo \(m = 60, 32 probes\), ρ ± /);
    expect(out.warnings.some((w) => w.includes('W502'))).toBe(true);
  });
});
