// SYNTHETIC expert scores for seed 000 (YRD collaboration factors). The paper does not publish its 25 × 20
// expert scores, so this script draws a stand-in from a stated process with a fixed seed (SEED below):
//
//   latent z[r,i] = √λ · L[r] + √ρ · F[r, cluster(i)] + √(1 − λ − ρ) · e[r,i]          (λ = 0.03, ρ = 0.94)
//     L: the expert's leniency (shared by all items); e: item noise; F: the factor of the item's paper cluster
//     (Table 5). In each main category the largest paper cluster is the "core", the others "facets"; facet
//     factors are mutually uncorrelated and the core factor is a blend with correlation CORE_FACET (0.3)
//     to each facet factor. All vectors are standard normal draws from solvers/random.ts, centred and
//     Gram–Schmidt-orthogonalised within the category, so the sample correlations equal the design's.
//   score[r,i] = clip(round(μ[i] + s[i] · z[r,i]), 1, 7)
//     μ: core items at the middle of [MU_LOW, MU_HIGH] = [4.3, 4.9], facets spread over it; s[i]: grid search
//        so the item's CV (sd with n − 1) is as close as the integer scale allows to Table 5's CV; then up to
//        MAX_NUDGES single ±1 changes (each the one that best reduces |CV − target|) close the remaining gap.
//
// Why a star: the silhouette scores a one-member cluster 0, so a partition with singletons (Table 5 has one
// two-item cluster per category and the rest singletons) only beats fewer clusters when the items of the pair
// are much closer to each other than to anything else AND the singletons are farther from each other than
// from the pair. With exactly equidistant clusters k = 3 and k = 2 tie in expectation (see README).
//
// What this plants: the paper's clusters and Table 5's CVs. A screening run that recovers the paper's
// decisions on these data validates the pipeline, NOT the paper's findings.
//
// Run: npx tsx models/yrd-collaboration/data/generate_synthetic.ts   (rewrites scores_synthetic.csv)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createRng } from '../../../solvers/random.ts';
import { cv } from '../../../solvers/describe.ts';

export const SEED = 20250;
export const RESPONDENTS = 25;
const LAMBDA = 0.03; // share of latent variance from the expert's general leniency
const RHO = 0.94; // share from the item's cluster factor: items of one paper cluster correlate λ + ρ = 0.97
const CORE_FACET = 0.3; // correlation of the core cluster's factor with each facet factor (see README)
const MU_LOW = 4.3;
const MU_HIGH = 4.9;
const MAX_NUDGES = 12;

export interface ItemRow {
  code: string;
  name: string;
  category: string;
  paper_cluster: number;
  paper_cv: number;
}

const here = dirname(fileURLToPath(import.meta.url));

export function readItems(path = join(here, 'items.csv')): ItemRow[] {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({
    code: r.code!,
    name: r.name!,
    category: r.category!,
    paper_cluster: Number(r.paper_cluster),
    paper_cv: Number(r.paper_cv),
  }));
}

export interface SyntheticScores {
  respondents: string[];
  codes: string[];
  /** RESPONDENTS × items, row-major, integers 1..7. */
  scores: Int32Array;
}

function standardise(z: Float64Array): void {
  const n = z.length;
  let m = 0;
  for (const v of z) m += v;
  m /= n;
  let ss = 0;
  for (const v of z) ss += (v - m) * (v - m);
  const s = Math.sqrt(ss / (n - 1));
  for (let i = 0; i < n; i++) z[i] = (z[i]! - m) / s;
}

function toScores(z: Float64Array, mu: number, s: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let r = 0; r < z.length; r++) out[r] = Math.min(7, Math.max(1, Math.round(mu + s * z[r]!)));
  return out;
}

/**
 * n-vector of independent normals, centred, made orthogonal (in the sample) to every vector of `basis`, and
 * scaled to sample sd 1. Orthogonal latent vectors make the planted sample correlations exact, so the data's
 * structure is the design's and not an accident of 25 draws.
 */
function orthonormalDraw(next: () => number, n: number, basis: Float64Array[]): Float64Array {
  const v = Float64Array.from({ length: n }, next);
  const centre = (x: Float64Array) => {
    const m = x.reduce((acc, t) => acc + t, 0) / n;
    for (let r = 0; r < n; r++) x[r]! -= m;
  };
  centre(v);
  for (let pass = 0; pass < 2; pass++) {
    // two Gram–Schmidt passes: the second removes what rounding left of the first
    for (const b of basis) {
      let dot = 0;
      let bb = 0;
      for (let r = 0; r < n; r++) {
        dot += v[r]! * b[r]!;
        bb += b[r]! * b[r]!;
      }
      for (let r = 0; r < n; r++) v[r]! -= (dot / bb) * b[r]!;
    }
  }
  standardise(v);
  return v;
}

/**
 * Mean level μ of an item: the core (pos = −1) sits in the middle of [MU_LOW, MU_HIGH]; facets are spread
 * evenly over the interval in cluster-number order (a single facet sits at MU_LOW).
 */
function meanLevel(pos: number, nf: number): number {
  if (pos < 0) return (MU_LOW + MU_HIGH) / 2;
  if (nf === 1) return MU_LOW;
  return MU_LOW + (pos * (MU_HIGH - MU_LOW)) / (nf - 1);
}

export function generateScores(items: ItemRow[], seed = SEED): SyntheticScores {
  const rng = createRng(seed);
  const normal = () => rng.normal();
  const n = RESPONDENTS;
  const p = items.length;
  const categories = [...new Set(items.map((it) => it.category))];
  // Draw order is fixed — leniency; then per category (file order): cluster factors in increasing cluster
  // number, then item noise in file order — so the data are a pure function of the seed and items.csv.
  const leniency = orthonormalDraw(normal, n, []);
  const latent = new Map<string, Float64Array>(); // item code → latent z (sample mean 0, sd 1)
  const level = new Map<string, number>(); // item code → mean level μ

  for (const cat of categories) {
    const members = items.filter((it) => it.category === cat);
    const sizes = new Map<number, number>();
    for (const it of members) sizes.set(it.paper_cluster, (sizes.get(it.paper_cluster) ?? 0) + 1);
    const ids = [...sizes.keys()].sort((a, b) => a - b);
    // The largest paper cluster (lowest number on ties) is the "core"; the others are "facets".
    let core = ids[0]!;
    for (const c of ids) if (sizes.get(c)! > sizes.get(core)!) core = c;
    const facets = ids.filter((c) => c !== core);

    const basis: Float64Array[] = [leniency];
    const own = new Map<number, Float64Array>();
    for (const c of ids) {
      const f = orthonormalDraw(normal, n, basis);
      basis.push(f);
      own.set(c, f);
    }
    // Core factor = (w Σ facet factors + own) / norm, with w set so corr(core factor, facet factor) = CORE_FACET.
    // Facets stay mutually uncorrelated, so the core sits between facets that are far apart (a star).
    const nf = facets.length;
    const w = nf === 0 ? 0 : CORE_FACET / Math.sqrt(1 - nf * CORE_FACET * CORE_FACET);
    const norm = Math.sqrt(nf * w * w + 1);
    const factor = (c: number): Float64Array => {
      if (c !== core) return own.get(c)!;
      const out = Float64Array.from(own.get(c)!);
      for (const f of facets) {
        const F = own.get(f)!;
        for (let r = 0; r < n; r++) out[r]! += w * F[r]!;
      }
      for (let r = 0; r < n; r++) out[r]! /= norm;
      return out;
    };
    for (const it of members) {
      const e = orthonormalDraw(normal, n, basis);
      basis.push(e);
      const F = factor(it.paper_cluster);
      const z = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        z[r] = Math.sqrt(LAMBDA) * leniency[r]! + Math.sqrt(RHO) * F[r]! + Math.sqrt(1 - LAMBDA - RHO) * e[r]!;
      }
      standardise(z);
      latent.set(it.code, z);
      level.set(it.code, meanLevel(facets.indexOf(it.paper_cluster), nf));
    }
  }

  const scores = new Int32Array(n * p);
  items.forEach((it, j) => {
    const z = latent.get(it.code)!;
    const mu = level.get(it.code)!;
    // Grid search on the scale (the CV of rounded, clipped scores is a step function of s).
    let bestS = 0.01;
    let bestGap = Infinity;
    for (let t = 1; t <= 4000; t++) {
      const s = t * 0.001;
      const x = toScores(z, mu, s);
      if (Math.min(...x) === Math.max(...x)) continue;
      const gap = Math.abs(cv(x) - it.paper_cv);
      if (gap < bestGap) {
        bestGap = gap;
        bestS = s;
      }
    }
    const x = toScores(z, mu, bestS);
    // Greedy ±1 nudges towards the target CV (lowest respondent index wins ties).
    for (let step = 0; step < MAX_NUDGES; step++) {
      const gap = Math.abs(cv(x) - it.paper_cv);
      let bestR = -1;
      let bestDelta = 0;
      let bestNew = gap;
      for (let r = 0; r < n; r++) {
        for (const delta of [-1, 1]) {
          const v = x[r]! + delta;
          if (v < 1 || v > 7) continue;
          x[r] = v;
          const g = Math.abs(cv(x) - it.paper_cv);
          x[r] = v - delta;
          if (g < bestNew - 1e-12) {
            bestNew = g;
            bestR = r;
            bestDelta = delta;
          }
        }
      }
      if (bestR < 0) break;
      x[bestR]! += bestDelta;
    }
    for (let r = 0; r < n; r++) scores[r * p + j] = x[r]!;
  });
  const respondents = Array.from({ length: n }, (_, r) => `R${String(r + 1).padStart(2, '0')}`);
  return { respondents, codes: items.map((it) => it.code), scores };
}

/** CSV text: header `respondent,<item codes>`, one line per respondent, '\n' line ends. */
export function toCsv(s: SyntheticScores): string {
  const p = s.codes.length;
  const lines = [['respondent', ...s.codes].join(',')];
  s.respondents.forEach((id, r) => lines.push([id, ...Array.from(s.scores.subarray(r * p, (r + 1) * p))].join(',')));
  return lines.join('\n') + '\n';
}

export const SCORES_FILE = join(here, 'scores_synthetic.csv');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const items = readItems();
  const s = generateScores(items);
  writeFileSync(SCORES_FILE, toCsv(s));
  const p = items.length;
  console.log('code  paper_cv  synthetic_cv  mean');
  items.forEach((it, j) => {
    const x = Float64Array.from({ length: RESPONDENTS }, (_, r) => s.scores[r * p + j]!);
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    console.log(`${it.code.padEnd(5)} ${it.paper_cv.toFixed(3)}     ${cv(x).toFixed(4)}        ${m.toFixed(2)}`);
  });
  console.log(`wrote ${SCORES_FILE}`);
}
