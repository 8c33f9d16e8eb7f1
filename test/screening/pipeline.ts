// The seed-000 screening procedure composed from the solvers, as the paper describes it (section 3.1.2, 4.2):
//   per main category: the items are points in respondent space (one coordinate per expert);
//   k = the best mean silhouette over k = 2..n−1 (k-means, 50 k-means++ restarts per k by default: on category
//   D of the study data one start reaches the SSE optimum for k = 2 only ~30 % of the time, so 10 can miss it);
//   Kruskal–Wallis across the clusters, each cluster's sample = the pooled expert scores of its items
//     (the paper does not say what the samples are; this is one reading);
//   keep `rule.count` items per cluster by the rule (Table 5: lowest CV kept, i.e. higher CV deleted).
// The paper's step (3) in 3.1.2 says the opposite ("eliminating those with relatively lower CV values"), which
// contradicts 3.1.2.3, 4.2.2 and Table 5; the rule is data here, so that reading is { keep: 'highest' }.
// A category with n ≤ 2 items has no admissible k (the silhouette needs 2 ≤ k ≤ n − 1): we then put each
// item in its own cluster (nothing is deleted, since without a criterion there is no evidence two items are
// redundant) and flag it; `smallCategory: 'one-cluster'` is the other reading (keep `count` of them).
import { chooseK } from '../../solvers/silhouette.ts';
import { pointSet } from '../../solvers/kmeans.ts';
import { kruskalWallis, type KruskalResult } from '../../solvers/kruskal.ts';
import { columnCvs, screenByScore, type ScreeningRule } from '../../solvers/describe.ts';

export interface ScreeningInput {
  /** respondents × items, row-major */
  scores: Float64Array;
  respondents: number;
  codes: string[];
  /** main category of each item, aligned with codes */
  categories: string[];
}

export interface CategoryOutcome {
  category: string;
  codes: string[];
  /** k → mean silhouette (empty when the category is too small to choose k) */
  silhouettes: { k: number; silhouette: number; inertia: number }[];
  k: number;
  /** cluster of each item of the category, 0-based, aligned with `codes` */
  labels: number[];
  kw: KruskalResult | null;
  /** how k was decided */
  kRule: 'silhouette' | 'too-small:singletons' | 'too-small:one-cluster';
}

export interface ScreeningOutcome {
  categories: CategoryOutcome[];
  /** per item code */
  cv: Map<string, number>;
  keep: Map<string, boolean>;
}

export function runScreening(
  input: ScreeningInput,
  rule: ScreeningRule,
  opts: { seed: number; restarts?: number; smallCategory?: 'singletons' | 'one-cluster' },
): ScreeningOutcome {
  const { scores, respondents: nR, codes } = input;
  const nI = codes.length;
  const cvs = columnCvs(scores, nR, nI); // Eq. 4, sd with n − 1
  const cv = new Map(codes.map((c, j) => [c, cvs[j]!]));
  const keep = new Map<string, boolean>();
  const categories: CategoryOutcome[] = [];
  const cats = [...new Set(input.categories)].sort();
  for (const cat of cats) {
    const idx = input.categories.flatMap((c, j) => (c === cat ? [j] : []));
    const n = idx.length;
    // items as points: point i has one coordinate per respondent
    const data = new Float64Array(n * nR);
    idx.forEach((j, i) => {
      for (let r = 0; r < nR; r++) data[i * nR + r] = scores[r * nI + j]!;
    });
    const pts = pointSet(data, n, nR);
    let labels: number[];
    let k: number;
    let silhouettes: CategoryOutcome['silhouettes'] = [];
    let kRule: CategoryOutcome['kRule'];
    if (n >= 3) {
      const ck = chooseK(pts, 2, n - 1, { seed: opts.seed, restarts: opts.restarts ?? 50 });
      silhouettes = ck.table.map((r) => ({ k: r.k, silhouette: r.silhouette, inertia: r.inertia }));
      labels = Array.from(ck.best.labels);
      k = ck.bestK;
      kRule = 'silhouette';
    } else if ((opts.smallCategory ?? 'singletons') === 'singletons') {
      labels = idx.map((_, i) => i);
      k = n;
      kRule = 'too-small:singletons';
    } else {
      labels = idx.map(() => 0);
      k = 1;
      kRule = 'too-small:one-cluster';
    }
    let kw: KruskalResult | null = null;
    if (k >= 2) {
      const groups: number[][] = Array.from({ length: k }, () => []);
      idx.forEach((j, i) => {
        for (let r = 0; r < nR; r++) groups[labels[i]!]!.push(scores[r * nI + j]!);
      });
      kw = kruskalWallis(groups);
    }
    const { decisions } = screenByScore(
      labels,
      idx.map((j) => cvs[j]!),
      rule,
    );
    idx.forEach((j, i) => keep.set(codes[j]!, decisions[i]!.keep));
    categories.push({ category: cat, codes: idx.map((j) => codes[j]!), silhouettes, k, labels, kw, kRule });
  }
  return { categories, cv, keep };
}
