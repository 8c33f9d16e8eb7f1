// SYNTHETIC data, not the paper's: yearly GDP and CO2 series for 7 made-up regions, 2010–2020, drawn from the
// process below with a fixed seed, so that the MAC path of the CER model (derivePoints → fit → integrate, Eq. 4–9)
// can be exercised end to end. The paper ships no such series (it uses the China Statistical Yearbook and CEADs).
//
// Process, per region r (independent draws from createRng(seed)):
//   GDP_2010   ~ U(2000, 9000)            billion CNY (2010 prices)
//   g_r        ~ U(0.05, 0.09)            mean real growth per year;  GDP_t = GDP_{t−1}·(1 + g_r + 0.01·z)
//   CI_2010    ~ U(0.4, 1.4)              Mt CO2 per billion CNY
//   d_r        ~ U(0.02, 0.07)            mean intensity decline per year; CI_t = CI_{t−1}·(1 − d_r + 0.015·z)
//   E_t        = GDP_t · CI_t             Mt CO2
// with z standard normal, fresh each year; noisy years can raise intensity (P < 0 points).
//
// Run: npx tsx models/cer-china/data/generate_synthetic.ts   → writes synthetic_gdp_emissions.csv next to it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../../solvers/random.ts';

export const SYNTHETIC_SEED = 20230907;
export const SYNTHETIC_FILE = 'synthetic_gdp_emissions.csv';

export interface SyntheticRow {
  region: string;
  year: number;
  gdp: number;
  emissions: number;
}

export function generateSynthetic(
  seed = SYNTHETIC_SEED,
  regions = 7,
  firstYear = 2010,
  lastYear = 2020,
): SyntheticRow[] {
  const rng = createRng(seed);
  const rows: SyntheticRow[] = [];
  for (let r = 1; r <= regions; r++) {
    let gdp = 2000 + 7000 * rng.uniform();
    const growth = 0.05 + 0.04 * rng.uniform();
    let ci = 0.4 + 1.0 * rng.uniform();
    const decline = 0.02 + 0.05 * rng.uniform();
    for (let y = firstYear; y <= lastYear; y++) {
      if (y > firstYear) {
        gdp *= 1 + growth + 0.01 * rng.normal();
        ci *= 1 - decline + 0.015 * rng.normal();
      }
      rows.push({ region: `synthetic-${r}`, year: y, gdp, emissions: gdp * ci });
    }
  }
  return rows;
}

/** CSV text; numbers in shortest round-trip form so every reader gets the same doubles. */
export function syntheticCsv(rows: SyntheticRow[]): string {
  const lines = ['region,year,gdp_bn_cny,emissions_Mt'];
  for (const r of rows) lines.push(`${r.region},${r.year},${r.gdp},${r.emissions}`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL(SYNTHETIC_FILE, import.meta.url));
  writeFileSync(out, syntheticCsv(generateSynthetic()));
  console.log(`wrote ${out}`);
}
