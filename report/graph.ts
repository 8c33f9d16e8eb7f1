// Small directed graphs (pressure–state–response diagrams, causal sketches) drawn as hand-built SVG.
// Layout: one column per group (in first-appearance order); without groups, columns are longest-path layers
// of the graph with cycle-closing edges ignored. Within a column, nodes are ordered by the barycentre of their
// neighbours (a few sweeps of the Sugiyama heuristic) to reduce crossings; ties keep input order, so the
// drawing is a pure function of the input. Text widths are estimated (no font metrics in Node).
import type { GraphChart } from './doc.ts';
import { escapeXml } from './format.ts';
import { FONT_STACK, PALETTE_COLORS } from './style.ts';

const CHAR_W = 6.7; // average advance of a 12px sans-serif glyph
const LINE_H = 15;
const PAD_X = 12;
const PAD_Y = 8;
const MIN_W = 90;
const ROW_GAP = 20;
const WRAP = 24;
const MARGIN = 12;
const HEADER_H = 26;

export interface LaidOutNode {
  id: string;
  lines: string[];
  group?: string;
  col: number;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  label?: string;
  dashed: boolean;
  /** SVG path data of the cubic Bézier. */
  d: string;
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  headers: Array<{ text: string; x: number; y: number }>;
}

/** Break a label into lines of at most `max` characters at spaces (long words are cut). */
export function wrapLabel(s: string, max = WRAP): string[] {
  const words = s
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (let w of words) {
    while (w.length > max) {
      if (cur !== '') {
        lines.push(cur);
        cur = '';
      }
      lines.push(w.slice(0, max));
      w = w.slice(max);
    }
    if (cur === '') cur = w;
    else if (cur.length + 1 + w.length <= max) cur += ' ' + w;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur);
  return lines;
}

/** Columns by longest path from the sources, after dropping the edges that close cycles (DFS back edges). */
function layerColumns(n: number, edges: Array<[number, number]>): number[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) if (a !== b) out[a]!.push(b);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const keep: number[][] = Array.from({ length: n }, () => []);
  const order: number[] = []; // reverse post-order = topological order of the kept edges
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    state[s] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, k] = top;
      const outV = out[v]!;
      if (k < outV.length) {
        top[1] = k + 1;
        const w = outV[k]!;
        if (state[w] === 1) continue; // back edge: closes a cycle
        keep[v]!.push(w);
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        order.push(v);
        stack.pop();
      }
    }
  }
  const layer = new Int32Array(n);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    for (const w of keep[v]!) if (layer[w]! < layer[v]! + 1) layer[w] = layer[v]! + 1;
  }
  return Array.from(layer);
}

function tint(hex: string, keep: number): string {
  const v = parseInt(hex.slice(1), 16);
  const mix = (c: number) =>
    Math.round(c * keep + 255 * (1 - keep))
      .toString(16)
      .padStart(2, '0');
  return `#${mix((v >> 16) & 255)}${mix((v >> 8) & 255)}${mix(v & 255)}`;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Where the nodes sit: column, size and top-left corner of each node, and the columns' extents. */
interface Frame {
  n: number;
  ncol: number;
  col: number[];
  w: number[];
  h: number[];
  x: Float64Array;
  y: Float64Array;
  colLeft: Float64Array;
  colW: number[];
  bodyBottom: number;
}

/** An edge by node index; `sb` is the target's side (same-column edges enter on the right). */
interface Ends {
  a: number;
  b: number;
  sb: 'R' | 'L';
}

type EdgeKind = 'self' | 'same' | 'curve' | 'lane';

/** Lane routing: each lane edge's lane below the nodes and its slots beside the source's and target's columns. */
interface Lanes {
  lane: Int32Array;
  outSlot: Int32Array;
  inSlot: Int32Array;
  inCount: Int32Array;
}

const SLOT = 9;
const R = 6;

export function layoutGraph(g: GraphChart): GraphLayout {
  const n = g.nodes.length;
  const index = new Map(g.nodes.map((nd, i) => [nd.id, i]));
  const pairs: Array<[number, number]> = g.edges.map((e) => [index.get(e.from) as number, index.get(e.to) as number]);
  const grouped = g.nodes.some((nd) => nd.group !== undefined && nd.group !== '');
  const groupNames = grouped ? [...new Set(g.nodes.map((nd) => nd.group ?? ''))] : [];
  const col = grouped ? g.nodes.map((nd) => groupNames.indexOf(nd.group ?? '')) : layerColumns(n, pairs);
  const cols = orderColumns(col, pairs);
  const lines = g.nodes.map((nd) => wrapLabel(nd.label));
  const f = placeNodes(g, lines, col, cols, grouped ? groupNames : null);

  const ends: Ends[] = pairs.map(([a, b]) => ({ a, b, sb: col[a] === col[b] ? 'R' : 'L' }));
  const portY = portPositions(f, ends);
  const kind: EdgeKind[] = ends.map((t, i) =>
    t.a === t.b
      ? 'self'
      : col[t.a] === col[t.b]
        ? 'same'
        : col[t.b]! > col[t.a]! && !crossesNode(f, t, portY, i)
          ? 'curve'
          : 'lane',
  );
  const lanes = assignLanes(f, ends, kind);
  const leftNeed = f.ncol > 0 && lanes.inCount[0]! > 0 ? 10 + SLOT * (lanes.inCount[0]! - 1) + R : 0;
  const ox = MARGIN + leftNeed;
  for (let v = 0; v < n; v++) f.x[v]! += ox;

  let maxX = f.ncol > 0 ? ox + f.colLeft[f.ncol - 1]! + f.colW[f.ncol - 1]! + MARGIN : 2 * MARGIN;
  let maxY = f.bodyBottom + MARGIN;
  const edges: LaidOutEdge[] = g.edges.map((e, i) => {
    const r = routeEdge(f, ends[i]!, kind[i]!, portY, lanes, i, ox);
    maxX = Math.max(maxX, r.maxX);
    maxY = Math.max(maxY, r.maxY);
    const out: LaidOutEdge = {
      from: e.from,
      to: e.to,
      dashed: e.style === 'dashed',
      d: r.d,
      labelX: r1(r.lx),
      labelY: r1(r.ly),
    };
    if (e.label !== undefined && e.label !== '') {
      out.label = e.label;
      maxX = Math.max(maxX, r.lx + (e.label.length * CHAR_W) / 2 + MARGIN);
    }
    return out;
  });

  const headers: GraphLayout['headers'] = [];
  if (grouped) {
    groupNames.forEach((name, k) => {
      if (name !== '') headers.push({ text: name, x: r1(ox + f.colLeft[k]! + f.colW[k]! / 2), y: MARGIN + 14 });
    });
  }
  const nodes = laidOutNodes(g, f, lines, grouped);
  return { width: Math.ceil(maxX), height: Math.ceil(maxY), nodes, edges, headers };
}

/** The nodes of each column: input order, then four barycentre sweeps (alternating direction). */
function orderColumns(col: number[], pairs: Array<[number, number]>): number[][] {
  const n = col.length;
  const ncol = n === 0 ? 0 : Math.max(...col) + 1;
  const cols: number[][] = Array.from({ length: ncol }, () => []);
  for (let i = 0; i < n; i++) cols[col[i]!]!.push(i);
  const pos = new Float64Array(n);
  const setPos = () => cols.forEach((c) => c.forEach((v, k) => (pos[v] = c.length > 1 ? k / (c.length - 1) : 0.5)));
  setPos();
  const nbrs: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of pairs) {
    if (a === b || col[a] === col[b]) continue;
    nbrs[a]!.push(b);
    nbrs[b]!.push(a);
  }
  for (let sweep = 0; sweep < 4; sweep++) {
    const forward = sweep % 2 === 0;
    for (let k = 0; k < ncol; k++) {
      const c = cols[forward ? k : ncol - 1 - k]!;
      const side = (w: number, v: number) => (forward ? col[w]! < col[v]! : col[w]! > col[v]!);
      const key = new Map<number, number>();
      for (const v of c) {
        const ns = nbrs[v]!.filter((w) => side(w, v));
        key.set(v, ns.length > 0 ? ns.reduce((s, w) => s + pos[w]!, 0) / ns.length : pos[v]!);
      }
      const rank = new Map(c.map((v, i) => [v, i]));
      c.sort(
        (a, b) => (key.get(a) as number) - (key.get(b) as number) || (rank.get(a) as number) - (rank.get(b) as number),
      );
      setPos();
    }
  }
  return cols;
}

/** Node sizes from their wrapped labels; columns side by side from x = 0, each centred vertically on the body. */
function placeNodes(
  g: GraphChart,
  lines: string[][],
  col: number[],
  cols: number[][],
  groupNames: string[] | null,
): Frame {
  const n = col.length;
  const ncol = cols.length;
  const w = lines.map((ls) => Math.max(MIN_W, Math.ceil(Math.max(...ls.map((l) => l.length)) * CHAR_W + 2 * PAD_X)));
  const h = lines.map((ls) => ls.length * LINE_H + 2 * PAD_Y);
  const labelled = g.edges.some((e) => e.label !== undefined && e.label !== '');
  const longestEdgeLabel = Math.max(0, ...g.edges.map((e) => (e.label ?? '').length));
  const gap = labelled ? Math.max(90, Math.min(200, longestEdgeLabel * CHAR_W * 0.9 + 40)) : 70;
  const colW = cols.map((c) => Math.max(MIN_W, ...c.map((v) => w[v]!)));
  if (groupNames) groupNames.forEach((name, k) => (colW[k] = Math.max(colW[k]!, name.length * CHAR_W + 8)));
  const colH = cols.map((c) => c.reduce((s, v) => s + h[v]!, 0) + ROW_GAP * Math.max(0, c.length - 1));
  const bodyH = Math.max(0, ...colH);
  const top = MARGIN + (groupNames ? HEADER_H : 0);

  const colLeft = new Float64Array(ncol);
  for (let k = 1; k < ncol; k++) colLeft[k] = colLeft[k - 1]! + colW[k - 1]! + gap;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < ncol; k++) {
    let cy = top + (bodyH - colH[k]!) / 2;
    for (const v of cols[k]!) {
      x[v] = colLeft[k]! + (colW[k]! - w[v]!) / 2;
      y[v] = cy;
      cy += h[v]! + ROW_GAP;
    }
  }
  return { n, ncol, col, w, h, x, y, colLeft, colW, bodyBottom: top + bodyH };
}

/**
 * Ports: edges leave a node's right side and enter the target's left side (same-column edges: right side),
 * spread over the middle of the side in the vertical order of their other end so they do not cross there.
 * Entry 2i is edge i's source port, 2i + 1 its target port.
 */
function portPositions(f: Frame, ends: Ends[]): Float64Array {
  const { y, h } = f;
  const portLists = new Map<string, Array<{ edge: number; end: 'a' | 'b'; other: number }>>();
  ends.forEach((t, i) => {
    for (const end of ['a', 'b'] as const) {
      const key = end === 'a' ? `${t.a}:R` : `${t.b}:${t.sb}`;
      const list = portLists.get(key) ?? [];
      list.push({ edge: i, end, other: end === 'a' ? t.b : t.a });
      portLists.set(key, list);
    }
  });
  const portY = new Float64Array(2 * ends.length);
  for (const [key, list] of portLists) {
    const v = Number(key.split(':')[0]);
    list.sort((p, q) => y[p.other]! + h[p.other]! / 2 - (y[q.other]! + h[q.other]! / 2) || p.edge - q.edge);
    list.forEach((p, k) => {
      const frac = list.length === 1 ? 0.5 : 0.2 + (0.6 * k) / (list.length - 1);
      portY[2 * p.edge + (p.end === 'a' ? 0 : 1)] = y[v]! + h[v]! * frac;
    });
  }
  return portY;
}

/**
 * A forward edge is a Bézier unless it would cut through another node (sampled at 23 points); such edges and
 * all backward edges run through lanes below the nodes (out of the source's right side, down, across, up,
 * into the target).
 */
function crossesNode(f: Frame, { a, b }: Ends, portY: Float64Array, i: number): boolean {
  const { n, x, y, w, h } = f;
  const sx = x[a]! + w[a]!;
  const sy = portY[2 * i]!;
  const tx = x[b]!;
  const ty = portY[2 * i + 1]!;
  const mx = (sx + tx) / 2;
  for (let s = 1; s < 24; s++) {
    const t = s / 24;
    const u = 1 - t;
    const px = u * u * u * sx + 3 * u * t * (u * mx + t * mx) + t * t * t * tx;
    const py = u * u * u * sy + 3 * u * u * t * sy + 3 * u * t * t * ty + t * t * t * ty;
    for (let v = 0; v < n; v++) {
      if (v === a || v === b) continue;
      if (px > x[v]! - 3 && px < x[v]! + w[v]! + 3 && py > y[v]! - 3 && py < y[v]! + h[v]! + 3) return true;
    }
  }
  return false;
}

/** Shorter spans get the lanes nearest the nodes, so nested loops do not cross. */
function assignLanes(f: Frame, ends: Ends[], kind: EdgeKind[]): Lanes {
  const { col, ncol } = f;
  const laneEdges = ends.map((_t, i) => i).filter((i) => kind[i] === 'lane');
  laneEdges.sort(
    (i, j) => Math.abs(col[ends[i]!.b]! - col[ends[i]!.a]!) - Math.abs(col[ends[j]!.b]! - col[ends[j]!.a]!) || i - j,
  );
  const lane = new Int32Array(ends.length);
  const outSlot = new Int32Array(ends.length);
  const inSlot = new Int32Array(ends.length);
  const outCount = new Int32Array(ncol);
  const inCount = new Int32Array(ncol);
  laneEdges.forEach((i, k) => {
    lane[i] = k;
    outSlot[i] = outCount[col[ends[i]!.a]!]!++;
    inSlot[i] = inCount[col[ends[i]!.b]!]!++;
  });
  return { lane, outSlot, inSlot, inCount };
}

/** Edge i's path (nodes already shifted right by ox), its label anchor and the extent it needs. */
function routeEdge(
  f: Frame,
  { a, b }: Ends,
  kind: EdgeKind,
  portY: Float64Array,
  lanes: Lanes,
  i: number,
  ox: number,
): { d: string; lx: number; ly: number; maxX: number; maxY: number } {
  const { x, w, col, colLeft, colW } = f;
  const sx = x[a]! + w[a]!;
  const sy = portY[2 * i]!;
  const tx = kind === 'same' || kind === 'self' ? x[b]! + w[b]! : x[b]!;
  const ty = portY[2 * i + 1]!;
  if (kind === 'lane') {
    const vx1 = ox + colLeft[col[a]!]! + colW[col[a]!]! + 10 + SLOT * lanes.outSlot[i]!;
    const vx2 = ox + colLeft[col[b]!]! - 10 - SLOT * lanes.inSlot[i]!;
    const yl = f.bodyBottom + 18 + 14 * lanes.lane[i]!;
    const dir = vx2 >= vx1 ? 1 : -1;
    const d =
      `M${r1(sx)},${r1(sy)} H${r1(vx1 - R)} Q${r1(vx1)},${r1(sy)} ${r1(vx1)},${r1(sy + R)} V${r1(yl - R)} ` +
      `Q${r1(vx1)},${r1(yl)} ${r1(vx1 + dir * R)},${r1(yl)} H${r1(vx2 - dir * R)} Q${r1(vx2)},${r1(yl)} ${r1(vx2)},${r1(yl - R)} ` +
      `V${r1(ty + R)} Q${r1(vx2)},${r1(ty)} ${r1(vx2 + R)},${r1(ty)} H${r1(tx)}`;
    return { d, lx: (vx1 + vx2) / 2, ly: yl, maxX: vx1 + MARGIN, maxY: yl + 10 + MARGIN };
  }
  let c1x: number;
  let c2x: number;
  let c1y = sy;
  let c2y = ty;
  if (kind === 'self') {
    c1x = sx + 45;
    c2x = tx + 45;
    c1y = sy - 25;
    c2y = ty + 25;
  } else if (kind === 'same') {
    const bulge = 36 + Math.min(60, Math.abs(ty - sy) / 4);
    c1x = sx + bulge;
    c2x = tx + bulge;
  } else {
    c1x = (sx + tx) / 2;
    c2x = c1x;
  }
  return {
    d: `M${r1(sx)},${r1(sy)} C${r1(c1x)},${r1(c1y)} ${r1(c2x)},${r1(c2y)} ${r1(tx)},${r1(ty)}`,
    lx: (sx + 3 * c1x + 3 * c2x + tx) / 8,
    ly: (sy + 3 * c1y + 3 * c2y + ty) / 8,
    maxX: 0.75 * Math.max(c1x, c2x) + 0.25 * sx + MARGIN,
    maxY: -Infinity,
  };
}

/** The laid-out nodes, coloured by group in first-appearance order (one colour when ungrouped). */
function laidOutNodes(g: GraphChart, f: Frame, lines: string[][], grouped: boolean): LaidOutNode[] {
  const groupColor = new Map<string, string>();
  for (const nd of g.nodes) {
    const key = nd.group ?? '';
    if (!groupColor.has(key))
      groupColor.set(key, PALETTE_COLORS[grouped ? groupColor.size % PALETTE_COLORS.length : 0]!);
  }
  return g.nodes.map((nd, i) => {
    const o: LaidOutNode = {
      id: nd.id,
      lines: lines[i]!,
      col: f.col[i]!,
      x: r1(f.x[i]!),
      y: r1(f.y[i]!),
      w: f.w[i]!,
      h: f.h[i]!,
      color: groupColor.get(nd.group ?? '') as string,
    };
    if (nd.group !== undefined) o.group = nd.group;
    return o;
  });
}

/** The graph as a standalone SVG document; every text is XML-escaped, ids are prefixed with `idPrefix`. */
export function renderGraphSvg(g: GraphChart, idPrefix: string): string {
  const L = layoutGraph(g);
  const arrow = `${idPrefix}-arrow`;
  const font = escapeXml(FONT_STACK);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${L.width}" height="${L.height}" viewBox="0 0 ${L.width} ${L.height}" font-family="${font}" font-size="12">`,
  );
  parts.push(
    `<defs><marker id="${escapeXml(arrow)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,1L10,5L0,9z" fill="#4b5563"/></marker></defs>`,
  );
  parts.push(`<rect width="${L.width}" height="${L.height}" fill="white"/>`);
  for (const hd of L.headers) {
    parts.push(
      `<text class="group-header" x="${hd.x}" y="${hd.y}" text-anchor="middle" font-weight="600" fill="#374151">${escapeXml(hd.text)}</text>`,
    );
  }
  parts.push('<g class="edges">');
  for (const e of L.edges) {
    const dash = e.dashed ? ' stroke-dasharray="5,4"' : '';
    parts.push(
      `<path class="edge" d="${e.d}" fill="none" stroke="#4b5563" stroke-width="1.4"${dash} marker-end="url(#${escapeXml(arrow)})"/>`,
    );
  }
  parts.push('</g><g class="nodes">');
  for (const nd of L.nodes) {
    parts.push(`<g class="node" data-id="${escapeXml(nd.id)}">`);
    parts.push(
      `<rect x="${nd.x}" y="${nd.y}" width="${nd.w}" height="${nd.h}" rx="6" fill="${tint(nd.color, 0.14)}" stroke="${nd.color}" stroke-width="1.5"/>`,
    );
    const cx = r1(nd.x + nd.w / 2);
    nd.lines.forEach((line, k) => {
      const ty = r1(nd.y + PAD_Y + LINE_H * k + 11.5);
      parts.push(`<text x="${cx}" y="${ty}" text-anchor="middle" fill="#111827">${escapeXml(line)}</text>`);
    });
    parts.push('</g>');
  }
  parts.push('</g><g class="edge-labels">');
  for (const e of L.edges) {
    if (e.label === undefined) continue;
    const tw = Math.ceil(e.label.length * CHAR_W * 0.92 + 8);
    parts.push(
      `<rect x="${r1(e.labelX - tw / 2)}" y="${r1(e.labelY - 9)}" width="${tw}" height="16" rx="3" fill="white" fill-opacity="0.9"/>` +
        `<text class="edge-label" x="${e.labelX}" y="${r1(e.labelY + 3.5)}" text-anchor="middle" font-size="11" fill="#374151">${escapeXml(e.label)}</text>`,
    );
  }
  parts.push('</g></svg>');
  return parts.join('');
}
