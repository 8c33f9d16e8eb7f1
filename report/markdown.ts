// ReportDoc → report.md (GitHub-flavoured Markdown) plus the fig-<id>.svg files it links.
// Plain text from the document (titles, cells, captions) is escaped; text blocks are the author's Markdown and
// pass through, except that raw HTML in them is made literal, as the HTML renderer (markdown-it, html:false)
// shows it. No clock, no randomness: the same document gives the same bytes.
import {
  assertReportDoc,
  blockLabels,
  columnHeader,
  isNumericColumn,
  syntheticSentence,
  type ChartBlock,
  type RegressionBlock,
  type ReportDoc,
  type TableBlock,
} from './doc.ts';
import { ReportError } from './errors.ts';
import { renderFigures } from './charts.ts';
import { escapeMarkdown, escapeMarkdownHeading, formatCell, neutraliseRawHtml } from './format.ts';
import { layoutModelTable } from './model-table.ts';

export interface Figure {
  /** 'fig-<block id>.svg', to be written beside report.md. */
  file: string;
  svg: string;
}

export interface MarkdownReport {
  markdown: string;
  figures: Figure[];
}

export function figureFile(id: string): string {
  return `fig-${id}.svg`;
}

function pipeRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tableMd(b: TableBlock): string[] {
  if (b.columns.length === 0) return ['*(no columns)*'];
  const numeric = b.columns.map((c) => isNumericColumn(b.rows, c.key));
  const out = [
    pipeRow(b.columns.map((c) => escapeMarkdown(columnHeader(c)))),
    pipeRow(numeric.map((n) => (n ? '---:' : ':---'))),
  ];
  for (const r of b.rows)
    out.push(pipeRow(b.columns.map((c) => escapeMarkdown(formatCell(r[c.key], c.digits, c.format)))));
  return out;
}

/**
 * A table of estimates: the grid of report/model-table.ts as a pipe table. Markdown has one header row: the
 * column numbers join the heads (`(1) SAR`) and spanning groups become the first body row, repeated per column.
 */
function regressionMd(b: RegressionBlock): string[] {
  const g = layoutModelTable(b);
  const spread = (row: Array<{ text: string; span: number }>) => row.flatMap((c) => Array<string>(c.span).fill(c.text));
  const rows = g.head.map(spread);
  const heads = rows[rows.length - 1]!;
  const numbered = b.settings.numbers && b.models.length > 1;
  const head = heads.map((h, i) => escapeMarkdown(numbered ? `(${i + 1}) ${h}` : h));
  const out = [pipeRow(['', ...head]), pipeRow([':---', ...heads.map(() => '---:')])];
  if (b.models.some((m) => m.group !== undefined)) out.push(pipeRow(['', ...rows[0]!.map(escapeMarkdown)]));
  for (const r of g.body)
    out.push(
      pipeRow([
        r.part === 'under' ? '' : escapeMarkdown(r.label),
        // stars stay bare, as esttab writes them: a run of asterisks after a digit opens no emphasis in GFM
        ...r.cells.map((c) => `${escapeMarkdown(c.text)}${c.stars}${c.extra ? ` ${escapeMarkdown(c.extra)}` : ''}`),
      ]),
    );
  return out;
}

function regressionNote(b: RegressionBlock): string {
  return layoutModelTable(b)
    .notes.map((x) => escapeMarkdown(x))
    .join(' ');
}

function chartMd(b: ChartBlock, label: string): string[] {
  return [`![${escapeMarkdown(`${label}. ${b.title}`)}](${figureFile(b.id)})`];
}

/**
 * Render the document as Markdown. Pass `figures` (from renderFigures) to reuse SVGs already rendered for the
 * HTML; otherwise the charts are rendered here.
 */
export async function renderMarkdown(
  doc: ReportDoc,
  opts: { figures?: Map<string, string> } = {},
): Promise<MarkdownReport> {
  assertReportDoc(doc);
  const svgs = opts.figures ?? (await renderFigures(doc));
  const labels = blockLabels(doc);
  const out: string[] = [];
  const para = (...lines: string[]) => {
    out.push(...lines, '');
  };
  para(`# ${escapeMarkdownHeading(doc.title)}`);
  if (doc.subtitle !== undefined && doc.subtitle !== '') para(`*${escapeMarkdown(doc.subtitle)}*`);
  const synth = syntheticSentence(doc);
  if (synth !== null) para(`> **SYNTHETIC DATA.** ${escapeMarkdown(synth)}`);

  const figures: Figure[] = [];
  for (const s of doc.sections) {
    para(`## ${escapeMarkdownHeading(s.heading)}`);
    for (const b of s.blocks) {
      if (b.kind === 'text') {
        const text = neutraliseRawHtml(b.markdown.replace(/\r\n?/g, '\n')).trim();
        if (text !== '') para(text);
        continue;
      }
      const label = labels.get(b.id) as string;
      para(`**${escapeMarkdown(`${label}. ${b.title}`)}**`);
      if (b.kind === 'table') para(...tableMd(b));
      else if (b.kind === 'regression') {
        para(...regressionMd(b));
        const note = regressionNote(b);
        if (note !== '') para(note);
      } else {
        const svg = svgs.get(b.id);
        if (svg === undefined) throw new ReportError('R806', { chart: b.id });
        figures.push({ file: figureFile(b.id), svg });
        para(...chartMd(b, label));
      }
      if (b.caption !== undefined && b.caption !== '') para(`*${escapeMarkdown(b.caption)}*`);
    }
  }

  const p = doc.provenance;
  para('## Provenance');
  const item = (k: string, v: string) => `- ${k}: ${escapeMarkdown(v)}`;
  const items = [
    item('Model file', p.modelFile),
    item('Source hash', p.sourceHash),
    item('Scenario', p.scenario),
    item('abate version', p.abateVersion),
    item('Date', p.date),
    `- Data: ${synth !== null ? 'synthetic' : 'observed'}`,
  ];
  if (p.dataNote !== undefined && p.dataNote !== '') items.push(item('Data note', p.dataNote));
  para(...items);
  return { markdown: out.join('\n').replace(/\n+$/, '\n'), figures };
}
