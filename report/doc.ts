// The report document: plain JSON-serialisable data that the plan executor builds from a study's results,
// that results.json stores, and that `abate report DIR` re-renders. Renderers (markdown.ts, html.ts) are
// pure functions of a ReportDoc: anything that varies between runs (the date, hashes) lives in the doc.
import type { ParamsOf } from '../diagnostics/index.ts';
import { ReportError } from './errors.ts';
import type { ModelColumn, Resolved } from '../execute/model-table.ts';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface ReportDoc {
  title: string;
  subtitle?: string;
  /** `true`, or a sentence saying how the data were made: shown as a banner at the top, never a footnote. */
  synthetic: boolean | string;
  provenance: Provenance;
  sections: ReportSection[];
}

export interface Provenance {
  modelFile: string;
  sourceHash: string;
  scenario: string;
  abateVersion: string;
  /** Supplied by the caller (renderers never read the clock), e.g. '2025-03-01' or an ISO timestamp. */
  date: string;
  dataNote?: string;
}

export interface ReportSection {
  heading: string;
  blocks: ReportBlock[];
}

export interface TextBlock {
  kind: 'text';
  /** CommonMark. Raw HTML is shown as text, never interpreted (markdown-it `html: false`). */
  markdown: string;
}

export interface TableBlock {
  kind: 'table';
  id: string;
  title: string;
  caption?: string;
  columns: ColumnSpec[];
  rows: Row[];
}

export type RegressionModel = ModelColumn;

/** A table of estimates: models side by side (report/model-table.ts lays it out for every format). */
export interface RegressionBlock {
  kind: 'regression';
  id: string;
  title: string;
  caption?: string;
  models: ModelColumn[];
  /** the term rows in order with their own labels; absent: every term in first appearance */
  terms?: Array<{ key: string; label?: string }>;
  /** every setting resolved (the table's over the study's over abate's defaults) */
  settings: Resolved;
  /** the study's labels: terms, column heads and names (weight matrices) */
  labels?: Record<string, string>;
  notes?: string[];
}

export interface ChartBlock {
  kind: 'chart';
  id: string;
  title: string;
  caption?: string;
  chart: ChartSpec;
}

export type ReportBlock = TextBlock | TableBlock | RegressionBlock | ChartBlock;

export interface ColumnSpec {
  key: string;
  label: string;
  /** Fixed decimals for numbers; without it integers print as is and other numbers with 4 significant digits. */
  digits?: number;
  /** Shown in the header: 'Cost (CNY/t)'. */
  unit?: string;
  /** A p-value column: `digits` decimals (default 3), smaller values as `< 0.001`, never 0. */
  format?: 'p';
}

/** Line chart over a numeric x, e.g. marginal abatement cost curves with the optimum marked. */
export interface LineChart {
  type: 'line';
  data: Row[];
  x: string;
  y: string;
  series?: string;
  /** The legend's title (default: the series field). */
  seriesTitle?: string;
  xTitle?: string;
  yTitle?: string;
  /** Labelled points drawn over the lines (e.g. the cost-minimising allocation). */
  marks?: Array<{ x: number; y: number; label?: string; series?: string }>;
}

/** Horizontal bars (or dots) per category, in data order unless `sort` says otherwise. */
export interface BarChart {
  type: 'bar' | 'dot';
  data: Row[];
  category: string;
  value: string;
  /** Dodged bars / coloured dots per group (a dot chart with groups joins each category's dots). */
  group?: string;
  /** The legend's title (default: the group field). */
  groupTitle?: string;
  valueTitle?: string;
  categoryTitle?: string;
  sort?: 'data' | 'ascending' | 'descending';
}

/** Coefficient plot: point estimate with an interval per term, and a reference line (default 0). */
export interface CoefChart {
  type: 'coef';
  data: Row[];
  term: string;
  estimate: string;
  lower: string;
  upper: string;
  group?: string;
  groupTitle?: string;
  xTitle?: string;
  ref?: number | null;
}

/** Values over time (numbers such as years, or ISO date strings, read as UTC). */
export interface TimeSeriesChart {
  type: 'timeseries';
  data: Row[];
  time: string;
  value: string;
  series?: string;
  seriesTitle?: string;
  /** Boolean field: true points are drawn filled, false ones hollow. */
  significant?: string;
  /** Optional interval band fields. */
  lower?: string;
  upper?: string;
  xTitle?: string;
  yTitle?: string;
  /** Horizontal reference line, e.g. 0 for an event study. */
  ref?: number | null;
}

/** A small directed graph (e.g. pressure–state–response), laid out in columns by group. */
export interface GraphChart {
  type: 'graph';
  nodes: Array<{ id: string; label: string; group?: string }>;
  edges: Array<{ from: string; to: string; label?: string; style?: 'solid' | 'dashed' }>;
}

export type ChartSpec = LineChart | BarChart | CoefChart | TimeSeriesChart | GraphChart;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/** Turn any string into an id acceptable to the renderers (file name `fig-<id>.svg`, HTML anchor). */
export function slugId(s: string): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'x' : slug;
}

function fail(p: ParamsOf<'R802'>): never {
  throw new ReportError('R802', p);
}

/** `report document <path>: expected <what>[, got <got>]` */
function expected(path: string, what: string, got?: string): never {
  return fail({ case: 'expected', path, expected: what, ...(got === undefined ? {} : { got }) });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== 'string') expected(path, 'a string', describe(v));
}

function num(v: unknown, path: string, optional = false): void {
  if (optional && v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) expected(path, 'a finite number', describe(v));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) expected(path, 'an array', describe(v));
  return v;
}

function rows(v: unknown, path: string): void {
  arr(v, path).forEach((r, i) => {
    if (!isObj(r)) expected(`${path}[${i}]`, 'an object', describe(r));
    for (const [k, c] of Object.entries(r)) {
      const ok =
        c === null || typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
      if (!ok) fail({ case: 'cell', path: `${path}[${i}].${k}`, got: describe(c) });
    }
  });
}

/** A field a chart reads must be present in at least one row (a typo otherwise draws an empty chart). */
function field(data: Row[], name: unknown, path: string, optional = false): void {
  if (optional && name === undefined) return;
  str(name, path);
  if (data.length > 0 && !data.some((r) => Object.prototype.hasOwnProperty.call(r, name as string))) {
    fail({ case: 'field', path, field: name as string, rows: data.length });
  }
}

function validateChart(c: unknown, path: string): void {
  if (!isObj(c)) expected(path, 'a chart object', describe(c));
  const t = c.type;
  if (t === 'graph') {
    const ids = new Set<string>();
    arr(c.nodes, `${path}.nodes`).forEach((n, i) => {
      const p = `${path}.nodes[${i}]`;
      if (!isObj(n)) expected(p, 'a node object');
      str(n.id, `${p}.id`);
      str(n.label, `${p}.label`);
      str(n.group, `${p}.group`, true);
      if (ids.has(n.id as string)) fail({ case: 'duplicate', path: `${p}.id`, what: 'node', id: n.id as string });
      ids.add(n.id as string);
    });
    arr(c.edges, `${path}.edges`).forEach((e, i) => {
      const p = `${path}.edges[${i}]`;
      if (!isObj(e)) expected(p, 'an edge object');
      str(e.from, `${p}.from`);
      str(e.to, `${p}.to`);
      str(e.label, `${p}.label`, true);
      if (!ids.has(e.from as string)) fail({ case: 'unknownNode', path: `${p}.from`, id: e.from as string });
      if (!ids.has(e.to as string)) fail({ case: 'unknownNode', path: `${p}.to`, id: e.to as string });
      if (e.style !== undefined && e.style !== 'solid' && e.style !== 'dashed')
        expected(`${p}.style`, "'solid' or 'dashed'");
    });
    return;
  }
  rows(c.data, `${path}.data`);
  const data = c.data as Row[];
  switch (t) {
    case 'line':
      field(data, c.x, `${path}.x`);
      field(data, c.y, `${path}.y`);
      field(data, c.series, `${path}.series`, true);
      str(c.xTitle, `${path}.xTitle`, true);
      str(c.yTitle, `${path}.yTitle`, true);
      if (c.marks !== undefined) {
        arr(c.marks, `${path}.marks`).forEach((m, i) => {
          const p = `${path}.marks[${i}]`;
          if (!isObj(m)) expected(p, 'a mark object');
          num(m.x, `${p}.x`);
          num(m.y, `${p}.y`);
          str(m.label, `${p}.label`, true);
          str(m.series, `${p}.series`, true);
        });
      }
      return;
    case 'bar':
    case 'dot':
      field(data, c.category, `${path}.category`);
      field(data, c.value, `${path}.value`);
      field(data, c.group, `${path}.group`, true);
      str(c.valueTitle, `${path}.valueTitle`, true);
      str(c.categoryTitle, `${path}.categoryTitle`, true);
      if (c.sort !== undefined && c.sort !== 'data' && c.sort !== 'ascending' && c.sort !== 'descending') {
        expected(`${path}.sort`, "'data', 'ascending' or 'descending'");
      }
      return;
    case 'coef':
      for (const k of ['term', 'estimate', 'lower', 'upper'] as const) field(data, c[k], `${path}.${k}`);
      field(data, c.group, `${path}.group`, true);
      str(c.xTitle, `${path}.xTitle`, true);
      if (c.ref !== undefined && c.ref !== null) num(c.ref, `${path}.ref`);
      return;
    case 'timeseries':
      field(data, c.time, `${path}.time`);
      field(data, c.value, `${path}.value`);
      for (const k of ['series', 'significant', 'lower', 'upper'] as const) field(data, c[k], `${path}.${k}`, true);
      if ((c.lower === undefined) !== (c.upper === undefined)) fail({ case: 'bounds', path });
      str(c.xTitle, `${path}.xTitle`, true);
      str(c.yTitle, `${path}.yTitle`, true);
      if (c.ref !== undefined && c.ref !== null) num(c.ref, `${path}.ref`);
      return;
    default:
      fail({
        case: 'unknownKind',
        path: `${path}.type`,
        what: 'chart type',
        value: t,
        allowed: ['line', 'bar', 'dot', 'coef', 'timeseries', 'graph'],
      });
  }
}

/**
 * Check that an unknown value (e.g. parsed from results.json) is a well-formed ReportDoc; throws
 * ReportError('R802') naming the offending path. Ids must be unique and file-name safe.
 */
export function assertReportDoc(doc: unknown): asserts doc is ReportDoc {
  if (!isObj(doc)) expected('', 'an object', describe(doc));
  str(doc.title, 'title');
  str(doc.subtitle, 'subtitle', true);
  if (typeof doc.synthetic !== 'boolean' && typeof doc.synthetic !== 'string')
    expected('synthetic', 'a boolean or a sentence');
  if (!isObj(doc.provenance)) expected('provenance', 'an object');
  for (const k of ['modelFile', 'sourceHash', 'scenario', 'abateVersion', 'date'] as const)
    str(doc.provenance[k], `provenance.${k}`);
  str(doc.provenance.dataNote, 'provenance.dataNote', true);
  const ids = new Set<string>();
  arr(doc.sections, 'sections').forEach((s, i) => {
    const sp = `sections[${i}]`;
    if (!isObj(s)) expected(sp, 'a section object');
    str(s.heading, `${sp}.heading`);
    arr(s.blocks, `${sp}.blocks`).forEach((b, j) => {
      const p = `${sp}.blocks[${j}]`;
      if (!isObj(b)) expected(p, 'a block object');
      if (b.kind === 'text') {
        str(b.markdown, `${p}.markdown`);
        return;
      }
      if (b.kind !== 'table' && b.kind !== 'regression' && b.kind !== 'chart') {
        fail({
          case: 'unknownKind',
          path: `${p}.kind`,
          what: 'block kind',
          value: b.kind,
          allowed: ['text', 'table', 'regression', 'chart'],
        });
      }
      str(b.id, `${p}.id`);
      if (!ID_RE.test(b.id as string)) fail({ case: 'unsafeId', path: `${p}.id`, id: b.id as string });
      if (ids.has(b.id as string)) fail({ case: 'duplicate', path: `${p}.id`, what: 'block', id: b.id as string });
      ids.add(b.id as string);
      str(b.title, `${p}.title`);
      str(b.caption, `${p}.caption`, true);
      if (b.kind === 'table') {
        arr(b.columns, `${p}.columns`).forEach((c, k) => {
          const cp = `${p}.columns[${k}]`;
          if (!isObj(c)) expected(cp, 'a column object');
          str(c.key, `${cp}.key`);
          str(c.label, `${cp}.label`);
          str(c.unit, `${cp}.unit`, true);
          if (c.format !== undefined && c.format !== 'p') expected(`${cp}.format`, "'p' or nothing");
          if (
            c.digits !== undefined &&
            !(Number.isInteger(c.digits) && (c.digits as number) >= 0 && (c.digits as number) <= 20)
          ) {
            expected(`${cp}.digits`, 'an integer from 0 to 20');
          }
        });
        rows(b.rows, `${p}.rows`);
      } else if (b.kind === 'regression') {
        validateRegression(b, p);
      } else {
        validateChart(b.chart, `${p}.chart`);
      }
    });
  });
}

function validateRegression(b: Record<string, unknown>, p: string): void {
  arr(b.models, `${p}.models`).forEach((m, k) => {
    const mp = `${p}.models[${k}]`;
    if (!isObj(m)) expected(mp, 'a model object');
    str(m.name, `${mp}.name`);
    str(m.group, `${mp}.group`, true);
    str(m.source, `${mp}.source`, true);
    if (!isObj(m.terms)) expected(`${mp}.terms`, 'an object of terms');
    for (const [t, v] of Object.entries(m.terms)) {
      const tp = `${mp}.terms.${t}`;
      if (!isObj(v)) expected(tp, '{coef, se?, z?, p?, lower?, upper?}');
      num(v.coef, `${tp}.coef`);
      for (const f of ['se', 'z', 'p', 'lower', 'upper'] as const) num(v[f], `${tp}.${f}`, true);
    }
    if (m.stats !== undefined) {
      if (!isObj(m.stats)) expected(`${mp}.stats`, 'an object');
      for (const [k2, v] of Object.entries(m.stats)) num(v, `${mp}.stats.${k2}`);
    }
    if (m.indicators !== undefined) {
      if (!isObj(m.indicators)) expected(`${mp}.indicators`, 'an object');
      for (const [k2, v] of Object.entries(m.indicators)) if (typeof v !== 'boolean') str(v, `${mp}.indicators.${k2}`);
    }
  });
  if (b.terms !== undefined)
    arr(b.terms, `${p}.terms`).forEach((t, k) => {
      if (!isObj(t)) expected(`${p}.terms[${k}]`, '{key, label?}');
      str(t.key, `${p}.terms[${k}].key`);
      str(t.label, `${p}.terms[${k}].label`, true);
    });
  const s = b.settings;
  if (!isObj(s)) expected(`${p}.settings`, 'the resolved settings');
  for (const k of ['digits', 'pDigits'] as const)
    if (!(Number.isInteger(s[k]) && (s[k] as number) >= 0 && (s[k] as number) <= 15))
      expected(`${p}.settings.${k}`, 'an integer from 0 to 15');
  arr(s.stars, `${p}.settings.stars`).forEach((x, k) => num(x, `${p}.settings.stars[${k}]`));
  for (const k of ['stats', 'indicators'] as const)
    arr(s[k], `${p}.settings.${k}`).forEach((x, i) => str(x, `${p}.settings.${k}[${i}]`));
  if (b.labels !== undefined && !isObj(b.labels)) expected(`${p}.labels`, 'an object');
  if (b.notes !== undefined) arr(b.notes, `${p}.notes`).forEach((x, k) => str(x, `${p}.notes[${k}]`));
}

/** The chart blocks of a document in reading order. */
export function chartBlocks(doc: ReportDoc): ChartBlock[] {
  const out: ChartBlock[] = [];
  for (const s of doc.sections) for (const b of s.blocks) if (b.kind === 'chart') out.push(b);
  return out;
}

/** Sentence shown in the synthetic-data banner, or null when the data are real. */
export function syntheticSentence(doc: ReportDoc): string | null {
  if (doc.synthetic === false) return null;
  if (doc.synthetic === true || doc.synthetic.trim() === '') {
    return 'The numbers in this report come from generated data, not observations: they show how the method works and say nothing about real regions.';
  }
  return doc.synthetic;
}

/** 'Table n' / 'Figure n' for each table, regression and chart block, numbered in reading order. */
export function blockLabels(doc: ReportDoc): Map<string, string> {
  const out = new Map<string, string>();
  let tables = 0;
  let figures = 0;
  for (const s of doc.sections) {
    for (const b of s.blocks) {
      if (b.kind === 'table' || b.kind === 'regression') out.set(b.id, `Table ${++tables}`);
      else if (b.kind === 'chart') out.set(b.id, `Figure ${++figures}`);
    }
  }
  return out;
}

/** Column header text: the label, with the unit in parentheses. */
export function columnHeader(c: ColumnSpec): string {
  return c.unit !== undefined && c.unit !== '' ? `${c.label} (${c.unit})` : c.label;
}

/** A column is numeric (right-aligned, sorted as numbers) when every non-empty cell is a number. */
export function isNumericColumn(rows: Row[], key: string): boolean {
  let any = false;
  for (const r of rows) {
    const v = r[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}
