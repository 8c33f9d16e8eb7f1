import { describe, expect, it } from 'vitest';
import { chartBlocks, type GraphChart } from '../../report/doc.ts';
import { layoutGraph, renderGraphSvg, wrapLabel } from '../../report/graph.ts';
import { sampleDoc } from './sample.ts';

const psr = () => chartBlocks(sampleDoc()).find((b) => b.id === 'psr')?.chart as GraphChart;

function overlaps(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('graph layout', () => {
  it('puts each group in its own column, in first-appearance order, without overlaps', () => {
    const L = layoutGraph(psr());
    const colOf = new Map(L.nodes.map((n) => [n.id, n.col]));
    expect([
      colOf.get('gdp'),
      colOf.get('coal'),
      colOf.get('em'),
      colOf.get('air'),
      colOf.get('ets'),
      colOf.get('tax'),
    ]).toEqual([0, 0, 1, 1, 2, 2]);
    for (const a of L.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(L.width);
      expect(a.y + a.h).toBeLessThanOrEqual(L.height);
      for (const b of L.nodes) if (a !== b) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
    }
    // Columns left to right.
    const maxRight = (c: number) => Math.max(...L.nodes.filter((n) => n.col === c).map((n) => n.x + n.w));
    const minLeft = (c: number) => Math.min(...L.nodes.filter((n) => n.col === c).map((n) => n.x));
    expect(maxRight(0)).toBeLessThan(minLeft(1));
    expect(maxRight(1)).toBeLessThan(minLeft(2));
    expect(L.headers.map((h) => h.text)).toEqual(['Pressure', 'State', 'Response']);
  });

  it('layers an ungrouped graph by longest path, ignoring the edge that closes a cycle', () => {
    const g: GraphChart = {
      type: 'graph',
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() })),
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'a', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'd', to: 'd' },
      ],
    };
    const L = layoutGraph(g);
    expect(L.nodes.map((n) => n.col)).toEqual([0, 1, 2, 0]);
    expect(L.headers).toEqual([]);
    expect(L.edges.length).toBe(5);
  });

  it('routes every edge from its source to its target', () => {
    const L = layoutGraph(psr());
    const node = new Map(L.nodes.map((n) => [n.id, n]));
    for (const e of L.edges) {
      const nums = e.d.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
      const [sx, sy] = nums;
      const [tx, ty] = nums.slice(-2);
      const s = node.get(e.from)!;
      const t = node.get(e.to)!;
      expect(sx).toBeCloseTo(s.x + s.w, 0);
      expect(sy).toBeGreaterThan(s.y);
      expect(sy).toBeLessThan(s.y + s.h);
      // The last command is either a curve (2 numbers) or a horizontal line (1 number) into the target's left side.
      const endX = /H(-?[\d.]+)$/.exec(e.d) ? Number(/H(-?[\d.]+)$/.exec(e.d)![1]) : tx;
      expect(endX).toBeCloseTo(t.x, 0);
      if (!/H(-?[\d.]+)$/.test(e.d)) {
        expect(ty).toBeGreaterThan(t.y);
        expect(ty).toBeLessThan(t.y + t.h);
      }
    }
    // Backward (response → pressure) edges run below the nodes instead of through them.
    const back = L.edges.filter((e) => e.from === 'ets' || e.from === 'tax');
    const bottom = Math.max(...L.nodes.map((n) => n.y + n.h));
    for (const e of back) expect(e.labelY).toBeGreaterThan(bottom);
  });

  it('wraps long labels at spaces and cuts overlong words', () => {
    expect(wrapLabel('Coal-fired power generation', 24)).toEqual(['Coal-fired power', 'generation']);
    expect(wrapLabel('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapLabel('', 4)).toEqual(['']);
  });
});

describe('graph SVG', () => {
  it('draws every node and edge, dashed where asked, with prefixed ids', () => {
    const g = psr();
    const svg = renderGraphSvg(g, 'c-psr');
    expect(svg.match(/<g class="node"/g)?.length).toBe(g.nodes.length);
    expect(svg.match(/<path class="edge"/g)?.length).toBe(g.edges.length);
    expect(svg.match(/stroke-dasharray/g)?.length).toBe(g.edges.filter((e) => e.style === 'dashed').length);
    expect(svg.match(/class="edge-label"/g)?.length).toBe(g.edges.filter((e) => e.label).length);
    expect(svg).toContain('id="c-psr-arrow"');
    expect(svg).toContain('marker-end="url(#c-psr-arrow)"');
    expect(svg).toBe(renderGraphSvg(g, 'c-psr'));
  });

  it('XML-escapes labels, groups, ids and edge labels', () => {
    const evil = '<script>alert("x")</script>&';
    const svg = renderGraphSvg(
      {
        type: 'graph',
        nodes: [
          { id: evil, label: evil, group: evil },
          { id: 'b', label: 'B', group: 'g' },
        ],
        edges: [{ from: evil, to: 'b', label: evil }],
      },
      'p',
    );
    expect(svg).not.toContain('<script');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    expect(svg.match(/&lt;script&gt;/g)?.length).toBe(4);
  });
});
