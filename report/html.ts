// ReportDoc → one self-contained report.html: inline CSS, inline SVG charts, one small inline script (sortable
// tables), no external resource of any kind, so it opens offline and can be mailed as a single file.
//
// Escaping: every piece of document text passes through escapeHtml() at the point where it is interpolated.
// The page is a handful of string builders, not a template language; a template engine (eta) would escape only
// its own interpolations and add a dependency, while one 5-line helper applied everywhere is easy to audit and
// is covered by the tests (titles, cells, captions, chart labels containing <script>). Text blocks go through
// markdown-it with html:false, so raw HTML in them is shown as text. A Content-Security-Policy meta tag allows
// only the page's own inline style and the one script (by hash): a missed escape still could not run code or
// fetch anything.
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import { ReportError } from './errors.ts';
import { renderFigures } from './charts.ts';
import {
  assertReportDoc,
  blockLabels,
  columnHeader,
  isNumericColumn,
  syntheticSentence,
  type RegressionBlock,
  type ReportDoc,
  type TableBlock,
} from './doc.ts';
import { escapeHtml as esc, formatCell } from './format.ts';
import { layoutModelTable } from './model-table.ts';
import { FONT_STACK } from './style.ts';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Images in text blocks would be fetched from wherever they point: show them as links instead.
md.renderer.rules.image = (tokens, idx, _opts, _env, self) => {
  const t = tokens[idx]!;
  const src = String(t.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(t.children ?? [], _opts, _env);
  return `<a class="image-link" href="${esc(src)}">[image: ${esc(alt)}]</a>`;
};

/** Markdown of a text block as HTML (raw HTML escaped, unsafe link schemes refused by markdown-it). */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

// Sort a table by a clicked (or Enter/Space-pressed) header: numbers by their exact value (data-v), text in
// natural order, empty cells last; a second click reverses. Ties keep the original row order.
const SORT_SCRIPT = `(function () {
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (r, i) { r.setAttribute('data-i', String(i)); });
    Array.prototype.forEach.call(heads, function (th, col) {
      var sort = function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var ca = a.cells[col], cb = b.cells[col];
          var ea = ca.textContent === '', eb = cb.textContent === '';
          var order = 0;
          if (ea || eb) return ea === eb ? a.getAttribute('data-i') - b.getAttribute('data-i') : ea ? 1 : -1;
          var va = ca.getAttribute('data-v'), vb = cb.getAttribute('data-v');
          if (va !== null && vb !== null) order = Number(va) - Number(vb);
          else order = ca.textContent.localeCompare(cb.textContent, undefined, { numeric: true });
          return order * dir || a.getAttribute('data-i') - b.getAttribute('data-i');
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  });
})();`;

const SCRIPT_HASH = createHash('sha256').update(SORT_SCRIPT, 'utf8').digest('base64');

const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

const CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --rule: #d1d5db; --accent: #0072B2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: ${FONT_STACK}; font-size: 16px; line-height: 1.55; color: var(--ink); background: #fff; }
.page { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.synthetic-banner { background: #fff3cd; border: 2px solid #b45309; border-left-width: 10px; color: #5c2c00;
  padding: 0.8rem 1.1rem; margin: 0 0 1.5rem; font-size: 1.05rem; border-radius: 4px; }
.synthetic-banner strong { display: block; font-size: 1.2rem; letter-spacing: 0.04em; text-transform: uppercase; }
header h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.3rem; }
.subtitle { font-size: 1.15rem; color: var(--muted); margin: 0 0 0.6rem; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0; }
.meta code, .provenance code { font-size: 0.85rem; }
nav.toc { margin: 1.2rem 0 0.5rem; padding: 0.6rem 1rem; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 4px; }
nav.toc h2 { font-size: 0.95rem; margin: 0 0 0.3rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border: 0; }
nav.toc ol { margin: 0; padding-left: 1.4rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.15rem; }
a { color: var(--accent); }
p, ul, ol { margin: 0 0 0.9rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: #f3f4f6; padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: #f3f4f6; padding: 0.7rem 0.9rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
blockquote { margin: 0 0 0.9rem; padding: 0.2rem 1rem; border-left: 4px solid var(--rule); color: var(--muted); }
figure { margin: 1.4rem 0 1.8rem; }
figcaption { font-weight: 600; margin-bottom: 0.5rem; }
figcaption .label { color: var(--muted); }
.caption, .note { font-size: 0.9rem; color: var(--muted); margin: 0.45rem 0 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.92rem; }
table.data { min-width: 50%; border-top: 2px solid var(--ink); border-bottom: 2px solid var(--ink); }
table.data th, table.data td { padding: 0.3rem 0.75rem; text-align: left; }
table.data thead th { border-bottom: 1px solid var(--ink); vertical-align: bottom; }
table.data tbody tr:nth-child(even) { background: #f9fafb; }
table.data .num { text-align: right; }
table.sortable thead th { cursor: pointer; user-select: none; }
table.sortable thead th::after { content: ' \\2195'; color: #9ca3af; font-weight: normal; }
table.sortable thead th[aria-sort=ascending]::after { content: ' \\2191'; color: var(--ink); }
table.sortable thead th[aria-sort=descending]::after { content: ' \\2193'; color: var(--ink); }
table.sortable thead th:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
table.esttab { border-top: 2px solid var(--ink); border-bottom: 2px solid var(--ink); border-collapse: separate; border-spacing: 0; }
table.esttab th, table.esttab td { padding: 0.12rem 0.9rem; text-align: center; white-space: nowrap; background: #fff; }
table.esttab th[scope=row] { text-align: left; font-weight: normal; }
table.esttab thead tr:last-child th { border-bottom: 1px solid var(--ink); }
table.esttab thead th { font-weight: 600; }
table.esttab thead tr.group th[colspan] { border-bottom: 1px solid var(--muted); }
table.esttab tbody.coefs tr.coef td, table.esttab tbody.coefs tr.coef th { padding-top: 0.3rem; }
table.esttab tr.se td, table.esttab .inference { color: var(--muted); }
table.esttab tbody.stats tr:first-child th, table.esttab tbody.stats tr:first-child td,
table.esttab tbody.indicators tr:first-child th, table.esttab tbody.indicators tr:first-child td { border-top: 1px solid var(--ink); padding-top: 0.3rem; }
table.esttab sup { font-size: 0.75em; }
/* a wide table scrolls inside its frame; the term column stays in view (with a rule where the numbers pass under it) */
table.esttab .stub { position: sticky; left: 0; z-index: 1; max-width: 16rem; white-space: normal; min-width: 8rem; box-shadow: 1px 0 0 var(--rule); }
.table-wrap:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
footer.provenance { margin-top: 3rem; padding-top: 0.5rem; border-top: 1px solid var(--rule); font-size: 0.9rem; color: var(--muted); }
footer.provenance h2 { font-size: 1.05rem; border: 0; margin: 0.5rem 0; color: var(--ink); }
footer.provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0; }
footer.provenance dt { font-weight: 600; color: var(--ink); }
footer.provenance dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { display: none; }
  .synthetic-banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure, table, .synthetic-banner { break-inside: avoid; }
  /* on paper a wide table is not cut at the frame: it shrinks to the page and its cells may wrap */
  .table-wrap { overflow: visible; }
  table.esttab { font-size: 8.5pt; width: 100%; }
  table.esttab th, table.esttab td { white-space: normal; padding: 0.05rem 0.35rem; }
  table.esttab .stub { position: static; box-shadow: none; }
  h2 { break-after: avoid; }
  table.sortable thead th::after { content: none; }
  a { color: inherit; }
}
`;

/** Inline SVG does not need the XML namespace declarations (the HTML parser supplies them). */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
}

function tableHtml(b: TableBlock): string {
  const numeric = b.columns.map((c) => isNumericColumn(b.rows, c.key));
  const head = b.columns
    .map((c, i) => `<th scope="col"${numeric[i] ? ' class="num"' : ''} tabindex="0">${esc(columnHeader(c))}</th>`)
    .join('');
  const body = b.rows
    .map((r) => {
      const cells = b.columns.map((c, i) => {
        const v = r[c.key];
        const text = esc(formatCell(v, c.digits, c.format));
        // The exact value rides along for sorting, so rounding in the display cannot reorder rows.
        if (typeof v === 'number') return `<td class="num" data-v="${String(v)}">${text}</td>`;
        return `<td${numeric[i] ? ' class="num"' : ''}>${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="data sortable">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

/** A table of estimates: the grid of report/model-table.ts; the first column stays in view when it scrolls. */
function regressionHtml(b: RegressionBlock): string {
  const g = layoutModelTable(b);
  const cell = (c: { text: string; stars: string; extra?: string }) =>
    `${esc(c.text)}${c.stars !== '' ? `<sup>${esc(c.stars)}</sup>` : ''}${c.extra ? ` <span class="inference">${esc(c.extra)}</span>` : ''}`;
  const head = g.head
    .map(
      (row, i) =>
        `<tr${i < g.head.length - 1 ? ' class="group"' : ''}><th scope="col" class="stub"></th>${row
          .map((c) => `<th scope="col"${c.span > 1 ? ` colspan="${c.span}"` : ''}>${esc(c.text)}</th>`)
          .join('')}</tr>`,
    )
    .join('');
  const parts: string[] = [];
  let current = '';
  for (const r of g.body) {
    const block = r.part === 'under' ? 'term' : r.part;
    if (block !== current) {
      if (current !== '') parts.push('</tbody>');
      parts.push(`<tbody class="${block === 'term' ? 'coefs' : block === 'stat' ? 'stats' : 'indicators'}">`);
      current = block;
    }
    const cls = r.part === 'under' ? 'se' : r.part === 'term' ? 'coef' : r.part;
    parts.push(
      `<tr class="${cls}"><th scope="row" class="stub">${esc(r.label)}</th>${r.cells.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`,
    );
  }
  if (current !== '') parts.push('</tbody>');
  const note = g.notes.length > 0 ? `\n<p class="note">${g.notes.map(esc).join(' ')}</p>` : '';
  return (
    `<div class="table-wrap" tabindex="0" role="region" aria-label="${esc(b.title)}"><table class="esttab">\n<thead>${head}</thead>\n` +
    `${parts.join('\n')}\n</table></div>${note}`
  );
}

/**
 * Render the document as one self-contained HTML page. Pass `figures` (from renderFigures) to reuse SVGs
 * already rendered for the Markdown; otherwise the charts are rendered here.
 */
export async function renderHtml(doc: ReportDoc, opts: { figures?: Map<string, string> } = {}): Promise<string> {
  assertReportDoc(doc);
  const svgs = opts.figures ?? (await renderFigures(doc));
  const labels = blockLabels(doc);
  const synth = syntheticSentence(doc);
  const p = doc.provenance;
  const o: string[] = [];
  o.push('<!DOCTYPE html>');
  o.push('<html lang="en">');
  o.push('<head>');
  o.push('<meta charset="utf-8">');
  o.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  o.push(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`); // a constant with no '"', '<' or '&'
  o.push(`<meta name="generator" content="abate ${esc(p.abateVersion)}">`);
  o.push(`<title>${esc(doc.title)}${synth !== null ? ' (synthetic data)' : ''}</title>`);
  o.push(`<style>${CSS}</style>`);
  o.push('</head>');
  o.push('<body>');
  o.push('<div class="page">');
  if (synth !== null) {
    o.push(
      `<div class="synthetic-banner" role="note" aria-label="Synthetic data"><strong>Synthetic data</strong>${esc(synth)}</div>`,
    );
  }
  o.push('<header>');
  o.push(`<h1>${esc(doc.title)}</h1>`);
  if (doc.subtitle !== undefined && doc.subtitle !== '') o.push(`<p class="subtitle">${esc(doc.subtitle)}</p>`);
  o.push(
    `<p class="meta">Scenario <strong>${esc(p.scenario)}</strong> · model <code>${esc(p.modelFile)}</code> · ${esc(p.date)}</p>`,
  );
  o.push('</header>');
  if (doc.sections.length > 1) {
    o.push('<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>');
    doc.sections.forEach((s, i) => o.push(`<li><a href="#section-${i + 1}">${esc(s.heading)}</a></li>`));
    o.push('</ol></nav>');
  }
  o.push('<main>');
  doc.sections.forEach((s, i) => {
    o.push(`<section id="section-${i + 1}">`);
    o.push(`<h2>${esc(s.heading)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'text') {
        o.push(`<div class="text">${markdownToHtml(b.markdown)}</div>`);
        continue;
      }
      const label = labels.get(b.id) as string;
      const caption = b.caption !== undefined && b.caption !== '' ? `\n<p class="caption">${esc(b.caption)}</p>` : '';
      const figcaption = `<figcaption><span class="label">${esc(label)}.</span> ${esc(b.title)}</figcaption>`;
      if (b.kind === 'table') {
        o.push(`<figure class="table" id="block-${b.id}">${figcaption}\n${tableHtml(b)}${caption}</figure>`);
      } else if (b.kind === 'regression') {
        o.push(
          `<figure class="table regression" id="block-${b.id}">${figcaption}\n${regressionHtml(b)}${caption}</figure>`,
        );
      } else {
        const svg = svgs.get(b.id);
        if (svg === undefined) throw new ReportError('R806', { chart: b.id });
        o.push(
          `<figure class="chart chart-${b.chart.type}" id="block-${b.id}" role="group" aria-label="${esc(`${label}. ${b.title}`)}">${figcaption}\n${inlineSvg(svg)}${caption}</figure>`,
        );
      }
    }
    o.push('</section>');
  });
  o.push('</main>');
  o.push('<footer class="provenance">');
  o.push('<h2>Provenance</h2>');
  o.push('<dl>');
  const item = (k: string, v: string, code = false) =>
    o.push(`<dt>${k}</dt><dd>${code ? `<code>${esc(v)}</code>` : esc(v)}</dd>`);
  item('Model file', p.modelFile, true);
  item('Source hash', p.sourceHash, true);
  item('Scenario', p.scenario);
  item('abate version', p.abateVersion);
  item('Date', p.date);
  item('Data', synth !== null ? 'synthetic' : 'observed');
  if (p.dataNote !== undefined && p.dataNote !== '') item('Data note', p.dataNote);
  o.push('</dl>');
  o.push('</footer>');
  o.push('</div>');
  o.push(`<script>${SORT_SCRIPT}</script>`);
  o.push('</body>');
  o.push('</html>');
  return o.join('\n') + '\n';
}
