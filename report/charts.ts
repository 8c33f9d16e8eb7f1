// ChartSpec → Vega-Lite spec (pure, unit-testable) → SVG rendered in Node by vega with the 'none' renderer:
// no canvas, no native modules, no network. Graph charts are laid out by graph.ts and drawn as plain SVG.
//
// Data are copied into the spec under fixed field names (x, y, series, …): vega-lite reads '.' and '[' in a
// field name as nested access, so user column names such as 'ln(gdp)' or 'tax.rate' would otherwise break.
// Axis and legend titles carry the user's names instead.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ReportError } from './errors.ts';
import {
  chartBlocks,
  type BarChart,
  type Cell,
  type ChartSpec,
  type CoefChart,
  type LineChart,
  type ReportDoc,
  type TimeSeriesChart,
} from './doc.ts';
import { escapeXml } from './format.ts';
import { renderGraphSvg } from './graph.ts';
import { FONT_STACK, PALETTE_COLORS } from './style.ts';

const PALETTE = [...PALETTE_COLORS];

const WIDE = { width: 560, height: 300 };
const BAR_WIDTH = 480;

const CONFIG = {
  font: FONT_STACK,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#374151',
    titleColor: '#111827',
    gridColor: '#e5e7eb',
    domainColor: '#6b7280',
    tickColor: '#6b7280',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
  range: { category: PALETTE },
} as const;

function isNum(v: Cell | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function label(v: Cell | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Distinct values in first-appearance order. */
function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------------------------------------------------
// Canonical data: what each chart draws, one object per drawn datum. Rows whose plotted numbers are missing
// (null / not a number) are dropped here, so the spec's data are exactly the points shown.

export interface LinePoint {
  x: number | string;
  y: number;
  series?: string;
}
export interface BarPoint {
  category: string;
  value: number;
  group?: string;
}
export interface CoefPoint {
  term: string;
  estimate: number;
  lower: number | null;
  upper: number | null;
  group?: string;
}
export interface TimePoint {
  time: number | string;
  value: number;
  series?: string;
  significance?: 'significant' | 'not significant';
  lower?: number | null;
  upper?: number | null;
}

export function lineData(c: LineChart): LinePoint[] {
  const out: LinePoint[] = [];
  for (const r of c.data) {
    const x = r[c.x];
    const y = r[c.y];
    if (!isNum(y) || x === null || x === undefined || (typeof x === 'number' && !Number.isFinite(x))) continue;
    const p: LinePoint = { x: typeof x === 'number' ? x : String(x), y };
    if (c.series !== undefined) p.series = label(r[c.series]);
    out.push(p);
  }
  return out;
}

export function barData(c: BarChart): BarPoint[] {
  const out: BarPoint[] = [];
  for (const r of c.data) {
    const v = r[c.value];
    if (!isNum(v)) continue;
    const p: BarPoint = { category: label(r[c.category]), value: v };
    if (c.group !== undefined) p.group = label(r[c.group]);
    out.push(p);
  }
  return out;
}

export function coefData(c: CoefChart): CoefPoint[] {
  const out: CoefPoint[] = [];
  for (const r of c.data) {
    const e = r[c.estimate];
    if (!isNum(e)) continue;
    const lo = r[c.lower];
    const hi = r[c.upper];
    const p: CoefPoint = {
      term: label(r[c.term]),
      estimate: e,
      lower: isNum(lo) ? lo : null,
      upper: isNum(hi) ? hi : null,
    };
    if (c.group !== undefined) p.group = label(r[c.group]);
    out.push(p);
  }
  return out;
}

export function timeData(c: TimeSeriesChart): TimePoint[] {
  const out: TimePoint[] = [];
  for (const r of c.data) {
    const t = r[c.time];
    const v = r[c.value];
    if (!isNum(v) || t === null || t === undefined || typeof t === 'boolean') continue;
    const p: TimePoint = { time: t, value: v };
    if (c.series !== undefined) p.series = label(r[c.series]);
    if (c.significant !== undefined) p.significance = r[c.significant] === true ? 'significant' : 'not significant';
    if (c.lower !== undefined && c.upper !== undefined) {
      const lo = r[c.lower];
      const hi = r[c.upper];
      p.lower = isNum(lo) ? lo : null;
      p.upper = isNum(hi) ? hi : null;
    }
    out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Vega-Lite specs

type Json = Record<string, unknown>;

/** How to read an x/time field: numbers on a linear scale, ISO dates on a UTC time scale, else categories. */
function axisKind(values: Array<number | string>): 'quantitative' | 'temporal' | 'ordinal' {
  if (values.every((v) => typeof v === 'number')) return 'quantitative';
  const isoDate = /^\d{4}-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?$/;
  if (values.every((v) => typeof v === 'string' && isoDate.test(v))) return 'temporal';
  return 'ordinal';
}

function xEncoding(values: Array<number | string>, title: string, field: string): Json {
  const kind = axisKind(values);
  const enc: Json = { field, type: kind, title };
  if (kind === 'quantitative') {
    // Years and other integer positions: no thousands separator, no fractional ticks.
    if (values.length > 0 && values.every((v) => Number.isInteger(v))) {
      enc.axis = { format: 'd', tickMinStep: 1 };
      enc.scale = { zero: false, nice: false };
    } else {
      enc.scale = { zero: false };
    }
  } else if (kind === 'temporal') {
    // UTC so the axis does not depend on the machine's time zone.
    enc.scale = { type: 'utc' };
  } else {
    enc.sort = null; // data order
  }
  return enc;
}

function colorEnc(domain: string[], title: string, field = 'series'): Json {
  return { field, type: 'nominal', title, scale: { domain }, legend: domain.length > 1 ? { orient: 'right' } : null };
}

function lineSpec(c: LineChart): Json {
  const values = lineData(c);
  const seriesDomain =
    c.series !== undefined
      ? distinct([
          ...values.map((p) => p.series ?? ''),
          ...(c.marks ?? []).map((m) => m.series ?? '').filter((s) => s !== ''),
        ])
      : [];
  const color = c.series !== undefined ? colorEnc(seriesDomain, c.seriesTitle ?? c.series) : undefined;
  const x = xEncoding(
    values.map((p) => p.x),
    c.xTitle ?? c.x,
    'x',
  );
  const y: Json = { field: 'y', type: 'quantitative', title: c.yTitle ?? c.y, scale: { zero: false } };
  const layers: Json[] = [
    {
      name: 'lines',
      mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
      encoding: {
        x,
        y,
        ...(color ? { color } : {}),
        ...(c.series !== undefined ? { detail: { field: 'series' } } : {}),
      },
    },
  ];
  if (c.marks !== undefined && c.marks.length > 0) {
    const marks = c.marks.map((m) => ({
      x: m.x,
      y: m.y,
      label: m.label ?? '',
      ...(c.series !== undefined && m.series !== undefined ? { series: m.series } : {}),
    }));
    const below = labelsBelow(c.marks, values, WIDE.width);
    // The same colour encoding as the lines (one merged legend; a differing legend setting would conflict).
    const markColor = color ?? { value: '#111827' };
    layers.push({
      name: 'marks',
      data: { values: marks },
      mark: { type: 'point', filled: true, size: 70, shape: 'diamond', stroke: 'white', strokeWidth: 1 },
      encoding: { x: { field: 'x', type: x.type }, y: { field: 'y', type: 'quantitative' }, color: markColor },
    });
    for (const side of [false, true]) {
      const subset = marks.filter((m, i) => below[i] === side && m.label !== '');
      if (subset.length === 0) continue;
      layers.push({
        name: side ? 'marklabels_below' : 'marklabels',
        data: { values: subset },
        mark: { type: 'text', align: 'left', dx: 6, dy: side ? 12 : -8, fontSize: 11, color: '#111827' },
        encoding: {
          x: { field: 'x', type: x.type },
          y: { field: 'y', type: 'quantitative' },
          text: { field: 'label' },
        },
      });
    }
  }
  return { ...WIDE, data: { values }, layer: layers };
}

/**
 * Which mark labels go below their point rather than above: greedy left to right, a label moves below when it
 * would overlap the previous label above (positions estimated from the x range, ~6.5 px per character).
 */
export function labelsBelow(marks: NonNullable<LineChart['marks']>, points: LinePoint[], width: number): boolean[] {
  const xs = [...points.map((p) => p.x).filter((v): v is number => typeof v === 'number'), ...marks.map((m) => m.x)];
  const lo = Math.min(...xs);
  const span = Math.max(...xs) - lo || 1;
  const order = marks.map((_m, i) => i).sort((a, b) => marks[a]!.x - marks[b]!.x || a - b);
  const out = marks.map(() => false);
  let endAbove = -Infinity;
  let endBelow = -Infinity;
  for (const i of order) {
    const mark = marks[i]!;
    const left = ((mark.x - lo) / span) * width + 6;
    const right = left + (mark.label ?? '').length * 6.5;
    // Above if it fits there, else below if it fits there, else whichever row ends sooner.
    const above = left >= endAbove + 3 || (left < endBelow + 3 && endAbove <= endBelow);
    if (above) endAbove = right;
    else {
      out[i] = true;
      endBelow = right;
    }
  }
  return out;
}

function categoryOrder(points: Array<{ category: string; value: number }>, sort: BarChart['sort']): string[] {
  const order = distinct(points.map((p) => p.category));
  if (sort === undefined || sort === 'data') return order;
  const sum = new Map<string, number>();
  const cnt = new Map<string, number>();
  for (const p of points) {
    sum.set(p.category, (sum.get(p.category) ?? 0) + p.value);
    cnt.set(p.category, (cnt.get(p.category) ?? 0) + 1);
  }
  const mean = (k: string) => (sum.get(k) as number) / (cnt.get(k) as number);
  const index = new Map(order.map((k, i) => [k, i]));
  // Stable: ties keep data order.
  return [...order].sort(
    (a, b) =>
      (sort === 'ascending' ? mean(a) - mean(b) : mean(b) - mean(a)) ||
      (index.get(a) as number) - (index.get(b) as number),
  );
}

function barSpec(c: BarChart): Json {
  const values = barData(c);
  const cats = categoryOrder(values, c.sort);
  const groups = c.group !== undefined ? distinct(values.map((p) => p.group ?? '')) : [];
  const y: Json = {
    field: 'category',
    type: 'nominal',
    title: c.categoryTitle ?? c.category,
    sort: cats,
    axis: { labelLimit: 240 },
  };
  const xTitle = c.valueTitle ?? c.value;
  const color = c.group !== undefined ? colorEnc(groups, c.groupTitle ?? c.group, 'group') : { value: PALETTE[0] };
  if (c.type === 'bar') {
    const perCat = c.group !== undefined ? Math.max(1, groups.length) * 14 + 8 : 20;
    return {
      width: BAR_WIDTH,
      height: Math.max(1, cats.length) * perCat,
      data: { values },
      layer: [
        {
          name: 'bars',
          mark: { type: 'bar' },
          encoding: {
            y: { ...y, scale: { paddingInner: 0.2 } },
            x: { field: 'value', type: 'quantitative', title: xTitle },
            color,
            ...(c.group !== undefined ? { yOffset: { field: 'group', type: 'nominal', sort: groups } } : {}),
          },
        },
      ],
    };
  }
  const layers: Json[] = [];
  if (c.group !== undefined && groups.length > 1) {
    // Dumbbell: a grey line joins a category's dots so the gap between groups reads at a glance.
    layers.push({
      name: 'spans',
      transform: [
        {
          aggregate: [
            { op: 'min', field: 'value', as: 'lo' },
            { op: 'max', field: 'value', as: 'hi' },
          ],
          groupby: ['category'],
        },
      ],
      mark: { type: 'rule', color: '#9ca3af', strokeWidth: 2 },
      encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
    });
  }
  layers.push({
    name: 'dots',
    mark: { type: 'point', filled: true, size: 70, opacity: 1 },
    encoding: { y, x: { field: 'value', type: 'quantitative', title: xTitle, scale: { zero: false } }, color },
  });
  return { width: BAR_WIDTH, height: Math.max(1, cats.length) * 22, data: { values }, layer: layers };
}

function coefSpec(c: CoefChart): Json {
  const values = coefData(c);
  const terms = distinct(values.map((p) => p.term));
  const groups = c.group !== undefined ? distinct(values.map((p) => p.group ?? '')) : [];
  const y: Json = { field: 'term', type: 'nominal', title: null, sort: terms, axis: { labelLimit: 240 } };
  const offset = c.group !== undefined ? { yOffset: { field: 'group', type: 'nominal', sort: groups } } : {};
  const color = c.group !== undefined ? colorEnc(groups, c.groupTitle ?? c.group, 'group') : { value: '#111827' };
  const ref = c.ref === undefined ? 0 : c.ref;
  const layers: Json[] = [];
  if (ref !== null) {
    layers.push({
      name: 'ref',
      data: { values: [{ ref }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#6b7280' },
      encoding: { x: { field: 'ref', type: 'quantitative' } },
    });
  }
  layers.push({
    name: 'intervals',
    mark: { type: 'rule', strokeWidth: 2 },
    encoding: { y, ...offset, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, color },
  });
  layers.push({
    name: 'estimates',
    mark: { type: 'point', filled: true, size: 60, opacity: 1 },
    encoding: {
      y,
      ...offset,
      x: { field: 'estimate', type: 'quantitative', title: c.xTitle ?? c.estimate, scale: { zero: false } },
      color,
    },
  });
  const perTerm = c.group !== undefined ? Math.max(1, groups.length) * 12 + 10 : 22;
  return { width: BAR_WIDTH, height: Math.max(1, terms.length) * perTerm, data: { values }, layer: layers };
}

function timeSpec(c: TimeSeriesChart): Json {
  const values = timeData(c);
  const series = c.series !== undefined ? distinct(values.map((p) => p.series ?? '')) : [];
  const x = xEncoding(
    values.map((p) => p.time),
    c.xTitle ?? c.time,
    'time',
  );
  const y: Json = { field: 'value', type: 'quantitative', title: c.yTitle ?? c.value, scale: { zero: false } };
  // The legend would otherwise borrow the band's faint opacity for its symbols.
  const color =
    c.series !== undefined
      ? {
          ...colorEnc(series, c.seriesTitle ?? c.series),
          legend:
            series.length > 1 ? { orient: 'right', encode: { symbols: { update: { opacity: { value: 1 } } } } } : null,
        }
      : { value: PALETTE[0] };
  // Every layer repeats the same colour encoding so that vega-lite merges them into one legend.
  const quiet = color;
  const layers: Json[] = [];
  const ref = c.ref ?? null;
  if (ref !== null) {
    layers.push({
      name: 'ref',
      data: { values: [{ ref }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#6b7280' },
      encoding: { y: { field: 'ref', type: 'quantitative' } },
    });
  }
  if (c.lower !== undefined && c.upper !== undefined) {
    layers.push({
      name: 'band',
      mark: { type: 'area', opacity: 0.18 },
      encoding: {
        x,
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        color: quiet,
        ...(c.series !== undefined ? { detail: { field: 'series' } } : {}),
      },
    });
  }
  layers.push({
    name: 'lines',
    mark: { type: 'line', strokeWidth: 2 },
    encoding: { x, y, color, ...(c.series !== undefined ? { detail: { field: 'series' } } : {}) },
  });
  const pointEnc: Json = { x, y, color, stroke: color };
  if (c.significant !== undefined) {
    // Filled = significant, hollow = not. Vega-Lite draws no legend for fillOpacity, so the fill is set by a
    // condition and the legend comes from a shape encoding (both entries circles) whose symbols are filled or
    // hollow to match.
    pointEnc.fillOpacity = { condition: { test: "datum.significance === 'significant'", value: 1 }, value: 0 };
    pointEnc.shape = {
      field: 'significance',
      type: 'nominal',
      title: c.significant,
      scale: { domain: ['significant', 'not significant'], range: ['circle', 'circle'] },
      legend: {
        orient: 'right',
        symbolStrokeWidth: 1.5,
        symbolStrokeColor: '#374151',
        symbolFillColor: '#374151',
      },
    };
  }
  layers.push({
    name: 'points',
    mark: { type: 'point', shape: 'circle', size: 42, strokeWidth: 1.5, opacity: 1, filled: true },
    encoding: pointEnc,
  });
  return { ...WIDE, data: { values }, layer: layers };
}

/**
 * The Vega-Lite spec for a chart (every type except 'graph', which graph.ts draws directly). Pure: the same
 * ChartSpec always gives the same spec; the spec embeds the drawn data under fixed field names.
 */
export function chartToVegaLite(chart: ChartSpec): TopLevelSpec {
  let body: Json;
  switch (chart.type) {
    case 'line':
      body = lineSpec(chart);
      break;
    case 'bar':
    case 'dot':
      body = barSpec(chart);
      break;
    case 'coef':
      body = coefSpec(chart);
      break;
    case 'timeseries':
      body = timeSpec(chart);
      break;
    case 'graph':
      throw new ReportError('R803');
  }
  return { config: CONFIG, ...body } as unknown as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

function rejectLoad(what: string): Promise<never> {
  return Promise.reject(new ReportError('R804', { what }));
}

/** A loader that refuses every file and URL: the charts carry inline data only, so nothing may be fetched. */
const NO_LOADER = {
  load: (uri: string) => rejectLoad(uri),
  sanitize: (uri: string) => rejectLoad(uri),
  http: (uri: string) => rejectLoad(uri),
  file: (f: string) => rejectLoad(f),
};

function collectingLogger(warnings: string[]) {
  let level = 2; // vega.Warn
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      throw new ReportError('R805', { detail: args.map(String).join(' ') });
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Give every id in an SVG a prefix, so several charts inlined in one HTML page cannot share clip paths. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/\bhref="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

/**
 * Vega-Lite replaces a legend's custom symbol encoding, so the filled/hollow symbols of the significance
 * legend (a shape legend with two circles, see timeSpec) are set on the compiled Vega spec instead.
 */
function patchSignificanceLegend(vg: Json): void {
  const legends = (vg.legends ?? []) as Json[];
  for (const l of legends) {
    if (l.shape !== 'shape') continue;
    const enc = (l.encode ?? (l.encode = {})) as Json;
    const sym = (enc.symbols ?? (enc.symbols = {})) as Json;
    const upd = (sym.update ?? (sym.update = {})) as Json;
    upd.fillOpacity = { signal: "datum.value === 'significant' ? 1 : 0" };
  }
}

/** How many data points a (non-graph) chart would draw. */
function drawnCount(chart: Exclude<ChartSpec, { type: 'graph' }>): number {
  switch (chart.type) {
    case 'line':
      return lineData(chart).length + (chart.marks?.length ?? 0);
    case 'bar':
    case 'dot':
      return barData(chart).length;
    case 'coef':
      return coefData(chart).length;
    case 'timeseries':
      return timeData(chart).length;
  }
}

/** A chart with nothing to draw says so instead of showing empty axes with infinite extents. */
function emptySvg(): string {
  const w = WIDE.width;
  const h = 60;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="empty-chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect width="${w}" height="${h}" fill="white" stroke="#d1d5db" stroke-dasharray="4,3"/>` +
    `<text x="${w / 2}" y="${h / 2 + 4}" text-anchor="middle" font-family="${escapeXml(FONT_STACK)}" font-size="13" fill="#6b7280">No data to plot</text></svg>`
  );
}

export interface RenderedChart {
  svg: string;
  /** Vega-Lite / Vega warnings (e.g. a dropped encoding); empty for a clean chart. */
  warnings: string[];
}

/**
 * Render a chart to a standalone SVG string. `idPrefix` scopes the SVG's internal ids (use the block id).
 * Deterministic: vega's clip/gradient id counters are reset before each render, and callers must not render
 * charts concurrently (renderFigures() runs them one after another).
 */
export async function renderChart(chart: ChartSpec, idPrefix: string): Promise<RenderedChart> {
  if (chart.type === 'graph') return { svg: renderGraphSvg(chart, idPrefix), warnings: [] };
  if (drawnCount(chart) === 0) return { svg: emptySvg(), warnings: [] };
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const vl = chartToVegaLite(chart);
  const vg = compile(vl, { logger: logger as never }).spec;
  patchSignificanceLegend(vg as unknown as Json);
  const view = new vega.View(vega.parse(vg), {
    renderer: 'none',
    loader: NO_LOADER as never,
    logger: logger as never,
    logLevel: vega.Warn,
  });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    return { svg: scopeSvgIds(svg, idPrefix), warnings };
  } finally {
    view.finalize();
  }
}

export async function renderChartSvg(chart: ChartSpec, idPrefix: string): Promise<string> {
  return (await renderChart(chart, idPrefix)).svg;
}

/**
 * Render every chart of a document, one after another (see renderChart), keyed by block id. Each SVG is a
 * standalone document with its ids prefixed by `c-<block id>`, usable both as fig-<id>.svg and inline.
 */
export async function renderFigures(doc: ReportDoc): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const b of chartBlocks(doc)) out.set(b.id, await renderChartSvg(b.chart, `c-${b.id}`));
  return out;
}
