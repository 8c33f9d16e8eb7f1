// Render a report document to its files (report.md, report.html, fig-*.svg, tables/*.tex and *.docx) in memory, each chart drawn once,
// so the caller writes them atomically together with the results.
import type { ReportDoc } from './doc.ts';
import { renderReport, type ReportFormat } from './write.ts';

export async function writeReportFiles(
  doc: ReportDoc,
  formats?: ReportFormat[],
): Promise<Map<string, string | Uint8Array>> {
  return renderReport(doc, formats ? { formats } : {});
}
