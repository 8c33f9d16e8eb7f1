// Write a report to a directory: report.md with its fig-<id>.svg files, and/or report.html.
// Each file is written to a temporary name in the same directory and renamed over the target, so a reader
// (or a crash) never sees a half-written file; the temporary names match the repository's `.abate-tmp-*` ignore.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ReportError } from './errors.ts';
import { renderFigures } from './charts.ts';
import { assertReportDoc, blockLabels, type RegressionBlock, type ReportDoc, type TableBlock } from './doc.ts';
import { tableDocx } from './docx.ts';
import { tableLatex, tablesDocument } from './latex.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export type ReportFormat = 'md' | 'html' | 'tex' | 'docx';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'tex', 'docx'];

export interface WriteReportOptions {
  /** Default all: report.md with its figures, report.html, and every table as tables/<id>.tex and .docx. */
  formats?: ReportFormat[];
}

let tmpCounter = 0;

/** Write `content` to `path` atomically (temporary file in the same directory, then rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = join(dirname(path), `.abate-tmp-${basename(path)}-${process.pid}-${++tmpCounter}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Render `doc` to its files in memory, file name → content, in order: fig-<id>.svg…, report.md, report.html.
 * Charts are rendered once and shared by both formats (rendering them is most of the cost).
 */
export async function renderReport(
  doc: ReportDoc,
  opts: WriteReportOptions = {},
): Promise<Map<string, string | Uint8Array>> {
  assertReportDoc(doc);
  const formats = opts.formats ?? REPORT_FORMATS;
  for (const f of formats) {
    if (!REPORT_FORMATS.includes(f)) throw new ReportError('R807', { format: String(f), formats: REPORT_FORMATS });
  }
  const files = new Map<string, string | Uint8Array>();
  const tables = doc.sections.flatMap((s) =>
    s.blocks.filter((b): b is TableBlock | RegressionBlock => b.kind === 'table' || b.kind === 'regression'),
  );
  const labels = blockLabels(doc);
  if (formats.includes('tex')) {
    for (const b of tables) files.set(`tables/${b.id}.tex`, tableLatex(b, labels.get(b.id)!));
    files.set(
      'tables/tables.tex',
      tablesDocument(
        tables.map((b) => `${b.id}.tex`),
        doc.title,
      ),
    );
  }
  if (formats.includes('docx'))
    for (const b of tables)
      files.set(`tables/${b.id}.docx`, await tableDocx(b, labels.get(b.id)!, doc.provenance.date));
  if (!formats.includes('md') && !formats.includes('html')) return files;
  const figures = await renderFigures(doc);
  if (formats.includes('md')) {
    const { markdown, figures: figs } = await renderMarkdown(doc, { figures });
    for (const f of figs) files.set(f.file, f.svg);
    files.set('report.md', markdown);
  }
  if (formats.includes('html')) files.set('report.html', await renderHtml(doc, { figures }));
  return files;
}

/**
 * Render `doc` into `dir` (created if missing). Returns the paths written, in order: figures, report.md,
 * report.html. Figures from an earlier render that the document no longer has (fig-*.svg) are removed,
 * so the directory always matches report.md. Charts are rendered once and shared by both formats.
 */
export async function writeReport(doc: ReportDoc, dir: string, opts: WriteReportOptions = {}): Promise<string[]> {
  const files = await renderReport(doc, opts);
  mkdirSync(dir, { recursive: true });
  if ([...files.keys()].some((k) => k.startsWith('tables/'))) mkdirSync(join(dir, 'tables'), { recursive: true });
  if (files.has('report.md')) {
    for (const name of readdirSync(dir)) {
      if (/^fig-.*\.svg$/.test(name) && !files.has(name)) rmSync(join(dir, name), { force: true });
    }
  }
  const written: string[] = [];
  for (const [name, content] of files) {
    const p = join(dir, name);
    writeFileAtomic(p, content);
    written.push(p);
  }
  return written;
}
