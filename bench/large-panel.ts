// SYNTHETIC large spatial panels for the large-N benchmark (bench/large.bench.ts) — never real data.
//
// DGP (seeded, reproducible): N units at uniform random points in the unit square, listed in random order (as
// unsorted IDs would be); W = 6-nearest-neighbour weights, row-standardised; T = 10 periods;
// μ_i ~ N(0, 1), α_t ~ N(0, 1), x1 = N(0, 1) + 0.5μ_i, x2 = N(0, 1), ε ~ N(0, 0.5²), and three outcomes:
//   y_sar = (I − 0.4W)⁻¹(x1 − 0.5x2 + μ + α_t + ε)                               (SAR, two-way effects)
//   y_sdm = (I − 0.4W)⁻¹(x1 − 0.5x2 + 0.3Wx1 + μ + α_t + ε)                      (SDM)
//   y_dyn = (I − 0.3W)⁻¹(0.4y_{t−1} + 0.1Wy_{t−1} + x1 − 0.5x2 + 0.3Wx1 + μ + ε) (dynamic SDM, y_0 = 0 at t = 1)
// Files: panel.csv (unit, time, y_sar, y_sdm, y_dyn, x1, x2; N·T rows), units.csv (unit, x, y), and the model
// large.model that estimates SAR and SDM (two-way) and, when `dynamic`, the dynamic SDM (Lee–Yu).
// `npx tsx bench/large-panel.ts DIR N [dynamic]` writes them into DIR.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../solvers/random.ts';
import { csrMatVec } from '../solvers/spatial/csr.ts';
import { IterativeShifted } from '../solvers/spatial/shifted.ts';
import { knnWeights, rowStandardize } from '../solvers/spatial/weights.ts';

export const T = 10;

const MODEL = (
  dynamic: boolean,
) => `// SYNTHETIC panel for the large-N benchmark (bench/large-panel.ts states the DGP); not real data.
study "Large-N spatial panel benchmark (synthetic)" {
  source = "synthetic: bench/large-panel.ts"
  synthetic = true
}
data panel from "panel.csv" key (unit, time) {
  unit: string
  time: integer
  y_sar: number
  y_sdm: number
  y_dyn: number
  x1: number
  x2: number
}
data units from "units.csv" key unit { unit: string  x: number  y: number }
set unit = units.unit
panel p { data = panel  unit = unit  time = time }
weights W { units = unit  method = knn(k = 6)  x(u) = units.x[u]  y(u) = units.y[u]  standardise = row }
estimate sar { panel = p  weights = W  model = sar  fixed = twoways  formula = y_sar ~ x1 + x2 }
estimate sdm { panel = p  weights = W  model = sdm  fixed = twoways  formula = y_sdm ~ x1 + x2 }
${dynamic ? 'estimate dyn { panel = p  weights = W  model = sdm  fixed = individual  dynamic = yes  formula = y_dyn ~ x1 + x2 }\n' : ''}report {
  table sar
  table sdm
${dynamic ? '  table dyn\n' : ''}}
`;

/** Write the synthetic panel of N units into dir; returns the model path. */
export async function writeLargePanel(dir: string, N: number, dynamic: boolean): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const rng = createRng(20_250 + N);
  const order = Int32Array.from({ length: N }, (_, i) => i);
  rng.shuffle(order);
  const ids = Array.from({ length: N }, (_, i) => `c${String(order[i]).padStart(7, '0')}`);
  const px = Float64Array.from({ length: N }, () => rng.uniform());
  const py = Float64Array.from({ length: N }, () => rng.uniform());
  const W = rowStandardize(knnWeights(ids, { x: px, y: py }, 6));
  const NT = N * T;
  const mu = Float64Array.from({ length: N }, () => rng.normal());
  const alpha = Float64Array.from({ length: T }, () => rng.normal());
  const x1 = new Float64Array(NT);
  const x2 = new Float64Array(NT);
  for (let r = 0; r < NT; r++) {
    x1[r] = rng.normal() + 0.5 * mu[r % N]!;
    x2[r] = rng.normal();
  }
  const wx1 = new Float64Array(NT);
  for (let t = 0; t < T; t++) csrMatVec(W, x1, wx1, t * N, t * N);
  const eps = Float64Array.from({ length: NT }, () => 0.5 * rng.normal());
  const s = new IterativeShifted(W);
  s.factor(0.4);
  const vSar = Float64Array.from(
    { length: NT },
    (_, r) => x1[r]! - 0.5 * x2[r]! + mu[r % N]! + alpha[Math.floor(r / N)]! + eps[r]!,
  );
  const ySar = s.solvePanel(vSar, T, new Float64Array(NT));
  const vSdm = vSar.map((v, r) => v + 0.3 * wx1[r]!);
  const ySdm = s.solvePanel(vSdm, T, new Float64Array(NT));
  const yDyn = new Float64Array(NT);
  if (dynamic) {
    s.factor(0.3);
    const prev = new Float64Array(N);
    const wprev = new Float64Array(N);
    const v = new Float64Array(N);
    const out = new Float64Array(N);
    for (let t = 0; t < T; t++) {
      csrMatVec(W, prev, wprev);
      for (let i = 0; i < N; i++) {
        const r = t * N + i;
        v[i] = 0.4 * prev[i]! + 0.1 * wprev[i]! + x1[r]! - 0.5 * x2[r]! + 0.3 * wx1[r]! + mu[i]! + eps[r]!;
      }
      s.solve(v, out);
      yDyn.set(out, t * N);
      prev.set(out);
    }
  }
  const f = (v: number) => v.toPrecision(10);
  await writeLines(path.join(dir, 'units.csv'), 'unit,x,y', N, (i) => `${ids[i]},${f(px[i]!)},${f(py[i]!)}`);
  // rows unit-major (every period of a unit together), as panels usually come
  await writeLines(path.join(dir, 'panel.csv'), 'unit,time,y_sar,y_sdm,y_dyn,x1,x2', NT, (q) => {
    const i = Math.floor(q / T);
    const r = (q % T) * N + i;
    return `${ids[i]},${2001 + (q % T)},${f(ySar[r]!)},${f(ySdm[r]!)},${f(yDyn[r]!)},${f(x1[r]!)},${f(x2[r]!)}`;
  });
  const model = path.join(dir, 'large.model');
  writeFileSync(model, MODEL(dynamic));
  return model;
}

async function writeLines(file: string, header: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const chunk: string[] = [header];
  for (let i = 0; i < n; i++) {
    chunk.push(line(i));
    if (chunk.length >= 10_000) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk.length = 0;
    }
  }
  out.write(chunk.length ? chunk.join('\n') + '\n' : '');
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, n, dyn] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: npx tsx bench/large-panel.ts DIR N [dynamic]');
  console.log(await writeLargePanel(dir, Number(n), dyn === 'dynamic'));
}
