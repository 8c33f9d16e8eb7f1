import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  chartToVegaLite,
  labelsBelow,
  lineData,
  renderChart,
  renderFigures,
  scopeSvgIds,
} from '../../report/charts.ts';
import {
  assertReportDoc,
  chartBlocks,
  type BarChart,
  type ChartSpec,
  type CoefChart,
  type LineChart,
  type Row,
  type TimeSeriesChart,
} from '../../report/doc.ts';
import { ReportError } from '../../report/errors.ts';
import { sampleDoc } from './sample.ts';

type Item = {
  datum: Record<string, unknown>;
  x?: number;
  y?: number;
  x2?: number;
  width?: number;
  height?: number;
  fill?: string;
  stroke?: string;
  fillOpacity?: number;
  text?: string;
};

/** Run the chart's Vega view and collect the scenegraph items of each named mark: what is actually drawn. */
async function drawn(chart: ChartSpec): Promise<Map<string, Item[]>> {
  const view = new vega.View(vega.parse(compile(chartToVegaLite(chart)).spec), { renderer: 'none' });
  await view.runAsync();
  const out = new Map<string, Item[]>();
  const walk = (m: { name?: string; role?: string; items: Array<{ items?: unknown[] } & Item> }) => {
    if (m.name && m.role === 'mark') out.set(m.name, [...(out.get(m.name) ?? []), ...m.items]);
    for (const it of m.items) for (const c of (it.items ?? []) as Array<typeof m>) walk(c);
  };
  walk((view.scenegraph() as unknown as { root: Parameters<typeof walk>[0] }).root);
  view.finalize();
  return out;
}

function specValues(chart: ChartSpec): Array<Record<string, unknown>> {
  return (chartToVegaLite(chart) as unknown as { data: { values: Array<Record<string, unknown>> } }).data.values;
}

const sample = () => new Map(chartBlocks(sampleDoc()).map((b) => [b.id, b.chart]));

const byKey = (keys: string[]) => (a: Record<string, unknown>, b: Record<string, unknown>) => {
  for (const k of keys) {
    const x = a[k] as number | string;
    const y = b[k] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
};

describe('line chart', () => {
  const c = sample().get('mac') as LineChart;

  it('embeds exactly the input points', () => {
    const v = specValues(c);
    expect(v).toEqual(c.data.map((r) => ({ x: r.abatement, y: r.mac, series: r.region })));
  });

  it('draws one line per series through all of its points, in distinct colours', async () => {
    const d = await drawn(c);
    const lines = d.get('lines_marks') as Item[];
    const series = [...new Set(c.data.map((r) => r.region as string))];
    expect(lines.length).toBe(c.data.length);
    for (const s of series) {
      const pts = lines.filter((it) => it.datum.series === s).map((it) => [it.datum.x, it.datum.y]);
      expect(pts).toEqual(c.data.filter((r) => r.region === s).map((r) => [r.abatement, r.mac]));
    }
    const strokeOf = new Map(lines.map((it) => [it.datum.series as string, it.stroke]));
    expect(new Set(strokeOf.values()).size).toBe(series.length);
    // Pixel positions follow the data: x increasing with abatement within a series.
    const first = lines.filter((it) => it.datum.series === series[0]);
    for (let i = 1; i < first.length; i++) expect(first[i]!.x as number).toBeGreaterThan(first[i - 1]!.x as number);
  });

  it('draws every mark with its label, coloured like its series', async () => {
    const d = await drawn(c);
    const marks = d.get('marks_marks') as Item[];
    expect(marks.map((m) => [m.datum.x, m.datum.y])).toEqual((c.marks ?? []).map((m) => [m.x, m.y]));
    const lines = d.get('lines_marks') as Item[];
    for (const m of marks) expect(m.fill).toBe(lines.find((l) => l.datum.series === m.datum.series)?.stroke);
    const labels = [...(d.get('marklabels_marks') ?? []), ...(d.get('marklabels_below_marks') ?? [])]
      .map((t) => t.text)
      .sort();
    expect(labels).toEqual((c.marks ?? []).map((m) => m.label).sort());
  });

  it('copes with field names vega-lite would read as paths, and drops rows without numbers', () => {
    const data: Row[] = [
      { 'tax.rate': 1, 'ln(gdp)[0]': 2 },
      { 'tax.rate': 2, 'ln(gdp)[0]': null },
      { 'tax.rate': 3, 'ln(gdp)[0]': 5 },
    ];
    const chart: LineChart = { type: 'line', data, x: 'tax.rate', y: 'ln(gdp)[0]' };
    expect(lineData(chart)).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 5 },
    ]);
    const vl = chartToVegaLite(chart) as unknown as { layer: Array<{ encoding: { x: { title: string } } }> };
    expect(vl.layer[0]!.encoding.x.title).toBe('tax.rate');
  });

  it('places crowded mark labels alternately above and below', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 100, y: 1 },
    ];
    const marks = [
      { x: 50, y: 1, label: 'aaaaaa' },
      { x: 51, y: 1, label: 'bbbbbb' },
      { x: 90, y: 1, label: 'c' },
    ];
    expect(labelsBelow(marks, pts, 560)).toEqual([false, true, false]);
  });
});

describe('bar and dot charts', () => {
  const bar = sample().get('alloc-bar') as BarChart;
  const dot = sample().get('alloc-dot') as BarChart;

  it('embeds exactly the input rows', () => {
    expect(specValues(bar)).toEqual(
      bar.data.map((r) => ({ category: r.province, value: r.abatement, group: r.scenario })),
    );
  });

  it('draws one bar per row, its length proportional to the value', async () => {
    const d = await drawn(bar);
    const rects = d.get('bars_marks') as Item[];
    // Vega adds its own fields (stack ends, sort indices) to the datum; compare the data fields.
    const pick = (r: Item) => ({ category: r.datum.category, value: r.datum.value, group: r.datum.group });
    expect(rects.map(pick).sort(byKey(['category', 'group']))).toEqual(
      specValues(bar).sort(byKey(['category', 'group'])),
    );
    const ratio = rects.map((r) => (r.width as number) / (r.datum.value as number));
    for (const q of ratio) expect(q).toBeCloseTo(ratio[0]!, 9);
    // Both groups present, in distinct colours.
    expect(new Set(rects.map((r) => r.fill)).size).toBe(2);
  });

  it('keeps data order by default and sorts on request', async () => {
    const order = async (chart: BarChart) => {
      const d = await drawn(chart);
      const rects = (d.get('bars_marks') ?? d.get('dots_marks')) as Item[];
      const ys = new Map<string, number>();
      for (const r of rects)
        ys.set(r.datum.category as string, Math.min(ys.get(r.datum.category as string) ?? Infinity, r.y as number));
      return [...ys.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);
    };
    expect(await order(bar)).toEqual(['Beijing', 'Hebei', 'Shanxi', 'Inner Mongolia', 'Shandong']);
    const mean = (p: string) => {
      const v = dot.data.filter((r) => r.province === p).map((r) => r.abatement as number);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    const expected = ['Beijing', 'Hebei', 'Shanxi', 'Inner Mongolia', 'Shandong'].sort((a, b) => mean(b) - mean(a));
    expect(await order(dot)).toEqual(expected);
  });

  it('draws a dot per row and a span per category in the dumbbell', async () => {
    const d = await drawn(dot);
    expect((d.get('dots_marks') as Item[]).length).toBe(dot.data.length);
    const spans = d.get('spans_marks') as Item[];
    expect(spans.length).toBe(5);
    for (const s of spans) {
      const vals = dot.data.filter((r) => r.province === s.datum.category).map((r) => r.abatement as number);
      expect(s.datum.lo).toBe(Math.min(...vals));
      expect(s.datum.hi).toBe(Math.max(...vals));
    }
  });
});

describe('coefficient plot', () => {
  const c = sample().get('effects') as CoefChart;

  it('draws every estimate and interval, and the zero line', async () => {
    expect(specValues(c)).toEqual(
      c.data.map((r) => ({ term: r.term, estimate: r.estimate, lower: r.lo, upper: r.hi, group: r.effect })),
    );
    const d = await drawn(c);
    const pts = d.get('estimates_marks') as Item[];
    const rules = d.get('intervals_marks') as Item[];
    expect(pts.length).toBe(c.data.length);
    expect(rules.length).toBe(c.data.length);
    for (const r of rules) {
      // The interval spans lower..upper and contains its estimate's pixel position.
      const p = pts.find((q) => q.datum === r.datum) as Item;
      expect(Math.min(r.x as number, r.x2 as number)).toBeLessThanOrEqual(p.x as number);
      expect(Math.max(r.x as number, r.x2 as number)).toBeGreaterThanOrEqual(p.x as number);
    }
    expect((d.get('ref_marks') as Item[]).map((r) => r.datum.ref)).toEqual([0]);
  });
});

describe('time series', () => {
  const c = sample().get('event') as TimeSeriesChart;

  it('draws every point, filled exactly when significant, every series and band', async () => {
    const v = specValues(c);
    expect(v).toEqual(
      c.data.map((r) => ({
        time: r.year,
        value: r.effect,
        series: r.group,
        significance: r.sig ? 'significant' : 'not significant',
        lower: r.lo,
        upper: r.hi,
      })),
    );
    const d = await drawn(c);
    const pts = d.get('points_marks') as Item[];
    expect(pts.length).toBe(c.data.length);
    for (const p of pts) expect(p.fillOpacity).toBe(p.datum.significance === 'significant' ? 1 : 0);
    expect(new Set((d.get('lines_marks') as Item[]).map((l) => l.datum.series))).toEqual(
      new Set(['Pilot regions', 'Non-pilot neighbours']),
    );
    expect((d.get('band_marks') as Item[]).length).toBe(c.data.length);
  });

  it('reads ISO date strings on a UTC scale, so the axis does not depend on the time zone', () => {
    const chart: TimeSeriesChart = {
      type: 'timeseries',
      data: [
        { t: '2020-01-01', v: 1 },
        { t: '2020-06-01', v: 2 },
      ],
      time: 't',
      value: 'v',
    };
    const vl = chartToVegaLite(chart) as unknown as {
      layer: Array<{ encoding: { x: { type: string; scale: { type: string } } } }>;
    };
    const x = vl.layer[vl.layer.length - 1]!.encoding.x;
    expect(x.type).toBe('temporal');
    expect(x.scale.type).toBe('utc');
  });
});

describe('rendering', () => {
  it('renders every sample chart to SVG without warnings, deterministically, leaving the doc untouched', async () => {
    const doc = sampleDoc();
    const before = JSON.stringify(doc);
    for (const b of chartBlocks(doc)) {
      const a = await renderChart(b.chart, b.id);
      const again = await renderChart(b.chart, b.id);
      expect(a.warnings, b.id).toEqual([]);
      expect(a.svg.startsWith('<svg')).toBe(true);
      expect(a.svg).toBe(again.svg);
    }
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('gives the figures of one document disjoint SVG ids', async () => {
    const figs = await renderFigures(sampleDoc());
    const ids: string[] = [];
    for (const svg of figs.values()) for (const m of svg.matchAll(/\bid="([^"]+)"/g)) ids.push(m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    // Every url(#…) reference points at an id in the same SVG.
    for (const svg of figs.values()) {
      const own = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
      for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(own.has(m[1])).toBe(true);
    }
  });

  it('says so when a chart has nothing to draw, without vega warnings', async () => {
    const empty: ChartSpec[] = [
      { type: 'bar', data: [], category: 'c', value: 'v' },
      { type: 'line', data: [{ x: 1, y: null }], x: 'x', y: 'y' },
      { type: 'coef', data: [], term: 't', estimate: 'e', lower: 'l', upper: 'u' },
      { type: 'timeseries', data: [], time: 't', value: 'v' },
    ];
    for (const c of empty) {
      const r = await renderChart(c, 'e');
      expect(r.warnings).toEqual([]);
      expect(r.svg).toContain('No data to plot');
    }
    const one = await renderChart({ type: 'bar', data: [{ c: 'a', v: 1 }], category: 'c', value: 'v' }, 'e');
    expect(one.svg).not.toContain('No data to plot');
  });

  it('scopes ids, references and hrefs', () => {
    expect(scopeSvgIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/>', 'p')).toBe(
      '<clipPath id="p-clip1"/><g clip-path="url(#p-clip1)"/><use href="#p-clip1"/>',
    );
  });

  it('escapes text that reaches the SVG (series names, labels, titles)', async () => {
    const evil = '<script>alert(1)</script>&';
    const chart: LineChart = {
      type: 'line',
      data: [
        { x: 1, y: 1, s: evil },
        { x: 2, y: 3, s: evil },
        { x: 1, y: 2, s: 'b' },
        { x: 2, y: 2, s: 'b' },
      ],
      x: 'x',
      y: 'y',
      series: 's',
      xTitle: evil,
      marks: [{ x: 1.5, y: 2, label: evil }],
    };
    const { svg } = await renderChart(chart, 'e');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('rejects a chart that names a field no row has', () => {
    const doc = sampleDoc();
    (chartBlocks(doc)[0]!.chart as LineChart).y = 'nope';
    expect(() => assertReportDoc(doc)).toThrow(ReportError);
    expect(() => assertReportDoc(doc)).toThrow(
      /sections\[1\]\.blocks\[1\]\.chart\.y: field 'nope' is in none of the 95 data rows/,
    );
  });
});
