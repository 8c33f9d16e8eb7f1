// Charts in a report are views of tables: `chart fig1 = line(costs, x = P, y = mac, series = r)` turns the rows
// of table `costs` into a chart specification for the report stage (rendered to SVG there).
import type { PExpr } from '../spec/plan.ts';
import { ReportError } from './errors.ts';
import type { ResultTable } from '../execute/env.ts';
import type { ChartSpec, Row } from './doc.ts';

export type ChartCall = Extract<PExpr, { op: 'call' }>;
type Call = ChartCall;

/** What every chart kind reads: the call's named arguments, its main table and helpers that check columns. */
interface ChartInput {
  named: Record<string, string>;
  main: ResultTable;
  table: (name: string) => ResultTable;
  /** `k` checked to be a column of `t` (undefined passes through). */
  col: (t: ResultTable, k: string | undefined) => string | undefined;
  label: (t: ResultTable, k: string | undefined) => string | undefined;
  /** The rows of `t` restricted to `keys`, numeric fields as numbers. */
  rows: (t: ResultTable, keys: Array<string | undefined>) => Row[];
}

/** One builder per chart kind (the call's function name). */
const CHART_KINDS: Record<string, (c: ChartInput) => ChartSpec> = {
  line: lineChart,
  bar: (c) => barChart(c, 'bar'),
  dot: (c) => barChart(c, 'dot'),
  coef: coefChart,
  timeseries: timeSeriesChart,
  graph: graphChart,
};

export function buildChart(
  tables: readonly ResultTable[],
  id: string,
  call: Call,
  labels: ReadonlyMap<string, string> = new Map(),
): { title: string; caption?: string; chart: ChartSpec } {
  const c = chartInput(tables, id, call, labels);
  const title = c.named['title'] ?? c.main.title;
  const caption = c.named['caption'];
  const build = Object.hasOwn(CHART_KINDS, call.fn) ? CHART_KINDS[call.fn] : undefined;
  if (!build) throw new ReportError('R800', { chart: id, kind: call.fn });
  return { title, ...(caption ? { caption } : {}), chart: build(c) };
}

function chartInput(
  tables: readonly ResultTable[],
  id: string,
  call: Call,
  labels: ReadonlyMap<string, string>,
): ChartInput {
  const named = Object.fromEntries(
    Object.entries(call.named ?? {}).map(([k, v]) => [k, (v as { v: string }).v]),
  ) as Record<string, string>;
  const table = (name: string): ResultTable => {
    const t = tables.find((x) => x.name === name);
    if (!t) throw new ReportError('R801', { case: 'table', chart: id, table: name });
    return t;
  };
  const main = table((call.args[0] as { v: string }).v);
  const col = (t: ResultTable, k: string | undefined) => {
    if (k === undefined) return undefined;
    if (!t.columns.some((c) => c.key === k))
      throw new ReportError('R801', {
        case: 'column',
        chart: id,
        table: t.name,
        column: k,
        columns: t.columns.map((c) => c.key),
      });
    return k;
  };
  // axis and legend titles: the column's heading, the study's label where the heading is an internal name
  const label = (t: ResultTable, k: string | undefined) => {
    const head = t.columns.find((c) => c.key === k)?.label ?? k;
    return head === undefined ? undefined : (labels.get(head) ?? (head === k ? labels.get(k) : undefined) ?? head);
  };
  // Numeric fields (x, y, values, bounds, time) hold numbers; members of numeric sets arrive as their names.
  const NUMERIC = new Set(
    [named['x'], named['y'], named['value'], named['estimate'], named['lower'], named['upper'], named['time']].filter(
      Boolean,
    ),
  );
  const cell = (k: string, v: Row[string] | undefined): Row[string] =>
    NUMERIC.has(k) && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : (v ?? null);
  const rows = (t: ResultTable, keys: Array<string | undefined>): Row[] =>
    t.rows.map((r) => Object.fromEntries(keys.filter((k): k is string => !!k).map((k) => [k, cell(k, r[k])])));
  return { named, main, table, col, label, rows };
}

function lineChart({ named, main, table, col, label, rows }: ChartInput): ChartSpec {
  const [x, y, series] = [col(main, named['x']), col(main, named['y']), col(main, named['series'])];
  let marks: Array<{ x: number; y: number; label?: string; series?: string }> | undefined;
  if (named['marks']) {
    const m = table(named['marks']);
    const lab = m.columns.some((c) => c.key === (named['label'] ?? 'label')) ? (named['label'] ?? 'label') : undefined;
    marks = m.rows.map((r) => ({
      x: Number(r[col(m, x)!]),
      y: Number(r[col(m, y)!]),
      ...(lab ? { label: String(r[lab]) } : {}),
      ...(series && m.columns.some((c) => c.key === series) ? { series: String(r[series]) } : {}),
    }));
  }
  return {
    type: 'line',
    data: rows(main, [x, y, series]),
    x: x!,
    y: y!,
    ...(series ? { series, seriesTitle: label(main, series)! } : {}),
    xTitle: named['x_title'] ?? label(main, x),
    yTitle: named['y_title'] ?? label(main, y),
    ...(marks ? { marks } : {}),
  };
}

function barChart({ named, main, col, label, rows }: ChartInput, type: 'bar' | 'dot'): ChartSpec {
  const [category, value, group] = [col(main, named['category']), col(main, named['value']), col(main, named['group'])];
  const data = rows(main, [category, value, group]).map((r) => ({
    ...r,
    [category!]: String(r[category!]),
    ...(group ? { [group]: String(r[group]) } : {}),
  }));
  return {
    type,
    data,
    category: category!,
    value: value!,
    ...(group ? { group, groupTitle: label(main, group)! } : {}),
    valueTitle: named['value_title'] ?? label(main, value),
    categoryTitle: named['category_title'] ?? label(main, category),
    ...(named['sort'] ? { sort: named['sort'] as 'data' } : {}),
  };
}

function coefChart({ named, main, col, label, rows }: ChartInput): ChartSpec {
  const ks = ['term', 'estimate', 'lower', 'upper', 'group'].map((k) => col(main, named[k]));
  return {
    type: 'coef',
    data: rows(main, ks),
    term: ks[0]!,
    estimate: ks[1]!,
    lower: ks[2]!,
    upper: ks[3]!,
    ...(ks[4] ? { group: ks[4], groupTitle: label(main, ks[4])! } : {}),
    ...(named['x_title'] ? { xTitle: named['x_title'] } : {}),
  };
}

function timeSeriesChart({ named, main, col, label, rows }: ChartInput): ChartSpec {
  const ks = ['time', 'value', 'series', 'significant', 'lower', 'upper'].map((k) => col(main, named[k]));
  // `significant` is a true/false column, or a column of p-values read as significant at p ≤ 0.05
  const data = rows(main, ks).map((r) =>
    ks[3] && typeof r[ks[3]] === 'number' ? { ...r, [ks[3]]: (r[ks[3]] as number) <= 0.05 } : r,
  );
  return {
    type: 'timeseries',
    data,
    time: ks[0]!,
    value: ks[1]!,
    ...(ks[2] ? { series: ks[2], seriesTitle: label(main, ks[2])! } : {}),
    ...(ks[3] ? { significant: ks[3] } : {}),
    ...(ks[4] ? { lower: ks[4] } : {}),
    ...(ks[5] ? { upper: ks[5] } : {}),
    xTitle: named['x_title'] ?? label(main, ks[0]),
    yTitle: named['y_title'] ?? label(main, ks[1]),
  };
}

/** Edges are the main table's rows; nodes come from table `nodes` (ids in its first column by default) plus any
 *  edge end it lacks, or else from the edge ends in first-appearance order. */
function graphChart({ named, main, table, col }: ChartInput): ChartSpec {
  const [from, to, lab, style] = ['from', 'to', 'label', 'style'].map((k) => col(main, named[k]));
  const edges = main.rows.map((r) => ({
    from: String(r[from!]),
    to: String(r[to!]),
    ...(lab && r[lab] ? { label: String(r[lab]) } : {}),
    ...(style ? { style: (String(r[style]) === 'dashed' ? 'dashed' : 'solid') as 'dashed' | 'solid' } : {}),
  }));
  let nodes: Array<{ id: string; label: string; group?: string }>;
  if (named['nodes']) {
    const n = table(named['nodes']);
    const [nid, nlab, ngroup] = [
      col(n, named['node_id'] ?? n.columns[0]!.key),
      col(n, named['node_label']),
      col(n, named['node_group']),
    ];
    nodes = n.rows.map((r) => ({
      id: String(r[nid!]),
      label: String(r[nlab ?? nid!]),
      ...(ngroup ? { group: String(r[ngroup]) } : {}),
    }));
    const known = new Set(nodes.map((x) => x.id));
    for (const e of edges)
      for (const v of [e.from, e.to])
        if (!known.has(v)) {
          nodes.push({ id: v, label: v });
          known.add(v);
        }
  } else nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].map((v) => ({ id: v, label: v }));
  return { type: 'graph', nodes, edges };
}
