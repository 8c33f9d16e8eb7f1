// Render a report document to its files (report.md, report.html, fig-*.svg), all in memory so the caller
// writes them atomically together with the results.
import type { ReportDoc } from './report/doc.ts';
import { renderMarkdown } from './report/markdown.ts';

export async function writeReportFiles(doc: ReportDoc): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const md = await renderMarkdown(doc);
  files.set('report.md', md.markdown);
  for (const f of md.figures) files.set(f.file, f.svg);
  const html = await import('./report/html.ts').catch(() => undefined);
  if (html && 'renderHtml' in html) files.set('report.html', await (html as { renderHtml: (d: ReportDoc) => Promise<string> | string }).renderHtml(doc));
  return files;
}
