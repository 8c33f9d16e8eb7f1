// Render a report document to its files (report.md, report.html, fig-*.svg) in memory, each chart drawn once,
// so the caller writes them atomically together with the results.
import type { ReportDoc } from './report/doc.ts';
import { renderReport } from './report/write.ts';

export async function writeReportFiles(doc: ReportDoc): Promise<Map<string, string>> {
  return renderReport(doc, { formats: ['md', 'html'] });
}
