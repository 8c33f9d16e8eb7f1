// The `screen` construct (seed 000, section 3.1.2): within each group of items, cluster the items as points in
// respondent space with k-means (k by the largest mean silhouette over k_min..k_max unless fixed), test the
// clustering with Kruskal–Wallis, and keep items per cluster by the model's rule (lowest CV by default).
import type { PExpr, Step } from '../../spec/plan.ts';
import type { ConstructProps } from '../props.ts';
import { ExecutionError, declRef } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { SetValue } from '../../execute/values.ts';
import { surveys, type SurveyData } from '../survey/run.ts';
import { pointSet, kmeans } from '../../solvers/kmeans.ts';
import { chooseK } from '../../solvers/silhouette.ts';
import { silhouetteSamples } from '../../solvers/silhouette.ts';
import { kruskalWallis } from '../../solvers/kruskal.ts';
import { mean, sd } from '../../solvers/describe.ts';
import { screenByScore } from '../../solvers/describe.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
type ScreenProps = ConstructProps<'screen'>;

/** What a screening run needs at every group: the survey, the settings and the per-item results so far. */
interface Screening {
  step: ConstructStep;
  over: SetValue;
  sv: SurveyData;
  itemPos: Map<string, number>;
  itemStats: Array<{ x: number[]; mean: number; sd: number }>;
  num: (e: PExpr | undefined, k: string, d: number) => number;
  props: ScreenProps;
  fixedK: number | undefined;
  restarts: number;
  seed: number;
  cluster: number[];
  sil: number[];
  silRows: ResultTable['rows'];
}

export function runScreen(env: Env, ev: Evaluator, step: ConstructStep, props: ScreenProps): void {
  const num = (e: PExpr | undefined, k: string, d: number) => (e ? ev.num(e, new Map(), `${step.name}.${k}`) : d);
  const over = env.sets.get(props.over)!;
  const sv = surveys.get(env)?.get(props.survey);
  if (!sv)
    throw new ExecutionError('R404', { case: 'survey', survey: props.survey }).within(declRef('screen', step.name));
  const nR = sv.respondents.length;
  const itemPos = new Map(sv.items.map((m, i) => [m, i]));
  // groups
  const within = props.within;
  const groupOf = over.members.map((m) => {
    if (!itemPos.has(m))
      throw new ExecutionError('R401', { case: 'surveyItem', item: m, survey: props.survey }).within(
        declRef('screen', step.name),
      );
    return within ? String(ev.eval(within.expr, new Map([[within.params[0]!, m]]))) : 'all';
  });
  const groups = [...new Set(groupOf)];
  const restarts = num(props.restarts, 'restarts', 50),
    seed = num(props.seed, 'seed', 1),
    alpha = num(props.alpha, 'alpha', 0.05);
  const fixedK = props.k ? num(props.k, 'k', 0) : undefined;
  const test = props.test ?? 'kruskal_wallis';
  const testOn = props.test_on ?? 'pooled_scores';
  const rule = {
    keep: props.keep?.fn ?? 'lowest',
    by: props.keep?.score ?? 'cv',
    count: props.keep ? ev.num(props.keep.count, new Map(), 'keep count') : 1,
  };
  const n = over.members.length;
  const itemStats = over.members.map((m) => {
    const j = itemPos.get(m)!;
    const x: number[] = [];
    for (let r = 0; r < nR; r++) {
      const v = sv.answers[r * sv.items.length + j]!;
      if (!Number.isNaN(v)) x.push(v);
    }
    return { x, mean: mean(x), sd: sd(x) };
  });
  const score = itemStats.map((s) => (rule.by === 'cv' ? s.sd / s.mean : rule.by === 'mean' ? s.mean : s.sd));
  const sc: Screening = {
    ...{ step, over, sv, itemPos, itemStats, num, props, fixedK, restarts, seed },
    cluster: new Array<number>(n).fill(0),
    sil: new Array<number>(n).fill(Number.NaN),
    silRows: [],
  };
  const kwRows: ResultTable['rows'] = [];
  for (const g of groups) {
    const members = over.members.map((_, i) => i).filter((i) => groupOf[i] === g);
    const kUsed = clusterGroup(sc, g, members);
    if (test === 'kruskal_wallis' && kUsed >= 2) kwRows.push(kruskalRow(sc, g, members, kUsed, testOn, alpha));
  }
  // keep rule per (group, cluster)
  const { cluster, sil } = sc;
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
      { key: 'score', label: SCORE_LABELS[rule.by] },
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
  pushGroupTables(env, step, sc.silRows, kwRows, testOn);
}

const SCORE_LABELS = { cv: 'CV', mean: 'Mean', sd: 'SD' } as const;

/** Cluster one group's items (k fixed, or by the largest mean silhouette); returns the k used. */
function clusterGroup(sc: Screening, g: string, members: number[]): number {
  const { step, over, sv, itemPos, itemStats, fixedK, seed, restarts, silRows } = sc;
  const nR = sv.respondents.length;
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
  const setSilhouettes = (s: Float64Array | number[]) =>
    members.forEach((i, a) => {
      sc.sil[i] = s[a]!;
    });
  if (m < 3 && fixedK === undefined) {
    // the silhouette needs 2 ≤ k ≤ m − 1: with fewer than 3 items each item is its own cluster
    labels = Int32Array.from(members.map((_, a) => a));
    kUsed = m;
    silRows.push({ group: g, k: m, silhouette: null, chosen: 'yes', note: `only ${m} item(s): not clustered` });
  } else if (fixedK !== undefined) {
    const pts = pointSet(data, m, nR);
    if (!Number.isInteger(fixedK) || fixedK < 1 || fixedK > m)
      throw new ExecutionError('R426', { case: 'fixed', k: fixedK, group: g, items: m }).within(
        declRef('screen', step.name),
      );
    labels = kmeans(pts, fixedK, { seed, restarts }).labels;
    kUsed = fixedK;
    const s = fixedK >= 2 && fixedK <= m - 1 ? silhouetteSamples(pts, labels) : undefined;
    silRows.push({ group: g, k: fixedK, silhouette: s ? mean(s) : null, chosen: 'yes (fixed)', note: '' });
    if (s) setSilhouettes(s);
  } else {
    const pts = pointSet(data, m, nR);
    const kMin = sc.num(sc.props.k_min, 'k_min', 2),
      kMax = Math.min(sc.num(sc.props.k_max, 'k_max', m - 1), m - 1);
    if (kMin > kMax)
      throw new ExecutionError('R426', { case: 'range', group: g, items: m, kMin, kMax }).within(
        declRef('screen', step.name),
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
    setSilhouettes(silhouetteSamples(pts, labels));
  }
  // number clusters 1..k in order of first appearance, so labels do not depend on the initialisation
  const relabel = new Map<number, number>();
  members.forEach((i, a) => {
    const l = labels[a]!;
    if (!relabel.has(l)) relabel.set(l, relabel.size + 1);
    sc.cluster[i] = relabel.get(l)!;
  });
  return kUsed;
}

/** Kruskal–Wallis across one group's clusters, on pooled respondent scores or on the items' means. */
function kruskalRow(
  sc: Screening,
  g: string,
  members: number[],
  kUsed: number,
  testOn: ScreenProps['test_on'] & {},
  alpha: number,
): ResultTable['rows'][number] {
  const samples: number[][] = Array.from({ length: kUsed }, () => []);
  members.forEach((i) => {
    const c = sc.cluster[i]! - 1;
    if (testOn === 'item_means') samples[c]!.push(sc.itemStats[i]!.mean);
    else samples[c]!.push(...sc.itemStats[i]!.x);
  });
  const kw = kruskalWallis(samples.map((s) => Float64Array.from(s)));
  return {
    group: g,
    k: kUsed,
    H: kw.H,
    df: kw.df,
    p: kw.p,
    reading:
      kw.p > alpha
        ? `p > ${alpha}: no significant difference between clusters (the paper's reading: clustering accepted)`
        : `p ≤ ${alpha}: clusters differ significantly`,
  };
}

function pushGroupTables(
  env: Env,
  step: ConstructStep,
  silRows: ResultTable['rows'],
  kwRows: ResultTable['rows'],
  testOn: string,
): void {
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
