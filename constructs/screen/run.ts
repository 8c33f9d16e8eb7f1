// The `screen` construct (seed 000, section 3.1.2): within each group of items, cluster the items as points in
// respondent space with k-means (k by the largest mean silhouette over k_min..k_max unless fixed), test the
// clustering with Kruskal–Wallis, and keep items per cluster by the model's rule (lowest CV by default).
import type { PExpr, Step } from '../../spec/plan.ts';
import { SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { surveys } from '../survey/run.ts';
import { pointSet, kmeans } from '../../solvers/kmeans.ts';
import { chooseK } from '../../solvers/silhouette.ts';
import { silhouetteSamples } from '../../solvers/silhouette.ts';
import { kruskalWallis } from '../../solvers/kruskal.ts';
import { mean, sd } from '../../solvers/describe.ts';
import { screenByScore } from '../../solvers/describe.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
type Prop = { expr?: PExpr; params?: string[] } | undefined;

export function runScreen(env: Env, ev: Evaluator, step: ConstructStep): void {
  const p = (k: string) => step.props[k] as Prop;
  const num = (k: string, d: number) => {
    const e = p(k)?.expr;
    return e ? ev.num(e, new Map(), `${step.name}.${k}`) : d;
  };
  const word = (k: string, d: string) => (p(k)?.expr as { v?: string } | undefined)?.v ?? d;
  const over = env.sets.get((step.props['over'] as { expr: { name: string } }).expr.name)!;
  const surveyName = word('survey', '');
  const sv = surveys.get(env)?.get(surveyName);
  if (!sv) throw new SolverError('R404', `screen '${step.name}': survey '${surveyName}' was not read`);
  const nR = sv.respondents.length;
  const itemPos = new Map(sv.items.map((m, i) => [m, i]));
  // groups
  const within = p('within');
  const groupOf = over.members.map((m) => {
    if (!itemPos.has(m))
      throw new SolverError('R401', `screen '${step.name}': item '${m}' is not in survey '${surveyName}'`);
    return within?.expr ? String(ev.eval(within.expr, new Map([[within.params![0]!, m]]))) : 'all';
  });
  const groups = [...new Set(groupOf)];
  const restarts = num('restarts', 50),
    seed = num('seed', 1),
    alpha = num('alpha', 0.05);
  const fixedK = p('k')?.expr ? num('k', 0) : undefined;
  const test = word('test', 'kruskal_wallis');
  const testOn = word('test_on', 'pooled_scores');
  const keepCall = p('keep')?.expr as Extract<PExpr, { op: 'call' }> | undefined;
  const rule = {
    keep: (keepCall?.fn ?? 'lowest') as 'lowest' | 'highest',
    by: keepCall ? (keepCall.args[0] as { v: string }).v : 'cv',
    count: keepCall ? ev.num(keepCall.args[1]!, new Map(), 'keep count') : 1,
  };
  const n = over.members.length;
  const cluster = new Array<number>(n).fill(0);
  const sil = new Array<number>(n).fill(Number.NaN);
  const score = new Array<number>(n).fill(Number.NaN);
  const silRows: ResultTable['rows'] = [];
  const kwRows: ResultTable['rows'] = [];
  const itemStats = over.members.map((m) => {
    const j = itemPos.get(m)!;
    const x: number[] = [];
    for (let r = 0; r < nR; r++) {
      const v = sv.answers[r * sv.items.length + j]!;
      if (!Number.isNaN(v)) x.push(v);
    }
    return { x, mean: mean(x), sd: sd(x) };
  });
  const scoreOf = (i: number) =>
    rule.by === 'cv'
      ? itemStats[i]!.sd / itemStats[i]!.mean
      : rule.by === 'mean'
        ? itemStats[i]!.mean
        : itemStats[i]!.sd;
  for (let i = 0; i < n; i++) score[i] = scoreOf(i);
  for (const g of groups) {
    const members = over.members.map((_, i) => i).filter((i) => groupOf[i] === g);
    const m = members.length;
    // points: items in respondent space (excluded answers are imputed by the item mean only for distances)
    const data = new Float64Array(m * nR);
    members.forEach((i, a) => {
      const j = itemPos.get(over.members[i]!)!;
      for (let r = 0; r < nR; r++) {
        const v = sv.answers[r * sv.items.length + j]!;
        data[a * nR + r] = Number.isNaN(v) ? itemStats[i]!.mean : v;
      }
    });
    let labels: Int32Array;
    let kUsed: number;
    if (m < 3 && fixedK === undefined) {
      // the silhouette needs 2 ≤ k ≤ m − 1: with fewer than 3 items each item is its own cluster
      labels = Int32Array.from(members.map((_, a) => a));
      kUsed = m;
      silRows.push({ group: g, k: m, silhouette: null, chosen: 'yes', note: `only ${m} item(s): not clustered` });
    } else {
      const pts = pointSet(data, m, nR);
      if (fixedK !== undefined) {
        if (!Number.isInteger(fixedK) || fixedK < 1 || fixedK > m)
          throw new SolverError(
            'R426',
            `screen '${step.name}': k = ${fixedK} is not possible for group '${g}' with ${m} items`,
          );
        const r = kmeans(pts, fixedK, { seed, restarts });
        labels = r.labels;
        kUsed = fixedK;
        const s = fixedK >= 2 && fixedK <= m - 1 ? silhouetteSamples(pts, labels) : undefined;
        silRows.push({ group: g, k: fixedK, silhouette: s ? mean(s) : null, chosen: 'yes (fixed)', note: '' });
        if (s)
          members.forEach((i, a) => {
            sil[i] = s[a]!;
          });
      } else {
        const kMin = num('k_min', 2),
          kMax = Math.min(num('k_max', m - 1), m - 1);
        if (kMin > kMax)
          throw new SolverError(
            'R426',
            `screen '${step.name}': group '${g}' has ${m} items, so k_min = ${kMin} > k_max = ${kMax}`,
          );
        const r = chooseK(pts, kMin, kMax, { seed, restarts });
        for (const row of r.table)
          silRows.push({
            group: g,
            k: row.k,
            silhouette: row.silhouette,
            chosen: row.k === r.bestK ? 'yes' : '',
            note: '',
          });
        for (const k of r.skipped)
          silRows.push({ group: g, k, silhouette: null, chosen: '', note: 'fewer distinct items than k' });
        labels = r.best.labels;
        kUsed = r.bestK;
        const s = silhouetteSamples(pts, labels);
        members.forEach((i, a) => {
          sil[i] = s[a]!;
        });
      }
    }
    // number clusters 1..k in order of first appearance, so labels do not depend on the initialisation
    const relabel = new Map<number, number>();
    members.forEach((i, a) => {
      const l = labels[a]!;
      if (!relabel.has(l)) relabel.set(l, relabel.size + 1);
      cluster[i] = relabel.get(l)!;
    });
    if (test === 'kruskal_wallis' && kUsed >= 2) {
      const samples: number[][] = Array.from({ length: kUsed }, () => []);
      members.forEach((i) => {
        const c = cluster[i]! - 1;
        if (testOn === 'item_means') samples[c]!.push(itemStats[i]!.mean);
        else samples[c]!.push(...itemStats[i]!.x);
      });
      const kw = kruskalWallis(samples.map((s) => Float64Array.from(s)));
      kwRows.push({
        group: g,
        k: kUsed,
        H: kw.H,
        df: kw.df,
        p: kw.p,
        reading:
          kw.p > alpha
            ? `p > ${alpha}: no significant difference between clusters (the paper's reading: clustering accepted)`
            : `p ≤ ${alpha}: clusters differ significantly`,
      });
    }
  }
  // keep rule per (group, cluster)
  const groupIds = over.members.map((_, i) => groups.indexOf(groupOf[i]!) * 1000 + cluster[i]!);
  const { decisions, tiedAtCut } = screenByScore(groupIds, Float64Array.from(score), {
    by: rule.by,
    keep: rule.keep,
    count: rule.count,
  });
  const keep = decisions.map((d) => d.keep);
  const outs = new Map<string, Indexed>([
    ['cluster', makeIndexed([over], cluster)],
    ['keep', makeIndexed([over], keep)],
    ['score', makeIndexed([over], score)],
    ['silhouette', makeIndexed([over], sil)],
  ]);
  env.outputs.set(step.name, outs);
  env.tables.push({
    name: step.name,
    title: step.title ?? `Screening ${step.name}: keep ${rule.keep} ${rule.by} (${rule.count}) per cluster`,
    columns: [
      { key: 'group', label: 'Group' },
      { key: 'item', label: over.name },
      { key: 'cluster', label: 'Cluster' },
      { key: 'score', label: ({ cv: 'CV', mean: 'Mean', sd: 'SD' } as Record<string, string>)[rule.by] ?? rule.by },
      { key: 'silhouette', label: 'Silhouette' },
      { key: 'decision', label: 'Decision' },
    ],
    rows: over.members.map((m, i) => ({
      group: groupOf[i]!,
      item: m,
      cluster: cluster[i]!,
      score: score[i]!,
      silhouette: Number.isNaN(sil[i]!) ? null : sil[i]!,
      decision: keep[i] ? 'Retain' : 'Delete',
    })),
    ...(tiedAtCut.length
      ? { note: `A tie in ${rule.by} straddles the cut in ${tiedAtCut.length} cluster(s); the earlier item was kept.` }
      : {}),
  });
  env.tables.push({
    name: `${step.name}_silhouette`,
    title: `Screening ${step.name}: mean silhouette by k`,
    columns: [
      { key: 'group', label: 'Group' },
      { key: 'k', label: 'k' },
      { key: 'silhouette', label: 'Mean silhouette' },
      { key: 'chosen', label: 'Chosen' },
      { key: 'note', label: 'Note' },
    ],
    rows: silRows,
  });
  if (kwRows.length)
    env.tables.push({
      name: `${step.name}_kruskal`,
      title: `Screening ${step.name}: Kruskal–Wallis test across clusters (${testOn === 'item_means' ? 'item means' : 'pooled respondent scores'})`,
      columns: [
        { key: 'group', label: 'Group' },
        { key: 'k', label: 'k' },
        { key: 'H', label: 'H' },
        { key: 'df', label: 'df' },
        { key: 'p', label: 'p' },
        { key: 'reading', label: 'Reading' },
      ],
      rows: kwRows,
    });
}
