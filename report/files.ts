// Render a report document to its files (report.md, report.html, fig-*.svg) in memory, each chart drawn once,
// so the caller writes them atomically together with the results.
import type { ReportDoc } from './doc.ts';
import { renderReport } from './write.ts';

export async function writeReportFiles(doc: ReportDoc): Promise<Map<string, string>> {
  return renderReport(doc, { formats: ['md', 'html'] });
}
