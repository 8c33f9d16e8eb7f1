// Write a report to a directory: report.md with its fig-<id>.svg files, and/or report.html.
// Each file is written to a temporary name in the same directory and renamed over the target, so a reader
// (or a crash) never sees a half-written file; the temporary names match the repository's `.abate-tmp-*` ignore.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SolverError } from '../errors.ts';
import { renderFigures } from './charts.ts';
import { assertReportDoc, type ReportDoc } from './doc.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export type ReportFormat = 'md' | 'html';

export interface WriteReportOptions {
  /** Default both. */
  formats?: ReportFormat[];
}

let tmpCounter = 0;

/** Write `content` to `path` atomically (temporary file in the same directory, then rename). */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.abate-tmp-${basename(path)}-${process.pid}-${++tmpCounter}`);
  try {
    writeFileSync(tmp, content, 'utf8');
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Render `doc` into `dir` (created if missing). Returns the paths written, in order: figures, report.md,
 * report.html. Figures from an earlier render that the document no longer has (fig-*.svg) are removed,
 * so the directory always matches report.md. Charts are rendered once and shared by both formats.
 */
export async function writeReport(doc: ReportDoc, dir: string, opts: WriteReportOptions = {}): Promise<string[]> {
  assertReportDoc(doc);
  const formats = opts.formats ?? ['md', 'html'];
  for (const f of formats) {
    if (f !== 'md' && f !== 'html') throw new SolverError('REPORT_FORMAT', `unknown report format '${String(f)}'`, { hint: "use 'md' and/or 'html'" });
  }
  mkdirSync(dir, { recursive: true });
  const figures = await renderFigures(doc);
  const written: string[] = [];
  if (formats.includes('md')) {
    const { markdown, figures: files } = await renderMarkdown(doc, { figures });
    const keep = new Set(files.map((f) => f.file));
    for (const name of readdirSync(dir)) {
      if (/^fig-.*\.svg$/.test(name) && !keep.has(name)) rmSync(join(dir, name), { force: true });
    }
    for (const f of files) {
      const p = join(dir, f.file);
      writeFileAtomic(p, f.svg);
      written.push(p);
    }
    const p = join(dir, 'report.md');
    writeFileAtomic(p, markdown);
    written.push(p);
  }
  if (formats.includes('html')) {
    const p = join(dir, 'report.html');
    writeFileAtomic(p, await renderHtml(doc, { figures }));
    written.push(p);
  }
  return written;
}
