// Report rendering: ReportDoc (plain data, stored in results.json) → report.md + fig-*.svg and report.html.
export * from './doc.ts';
export { chartToVegaLite, renderChart, renderChartSvg, renderFigures, type RenderedChart } from './charts.ts';
export { layoutGraph, renderGraphSvg, type GraphLayout } from './graph.ts';
export { renderMarkdown, figureFile, type Figure, type MarkdownReport } from './markdown.ts';
export { renderHtml, markdownToHtml } from './html.ts';
export { renderReport, writeReport, writeFileAtomic, type ReportFormat, type WriteReportOptions } from './write.ts';
export { formatFixed, formatNumber, formatCell, formatStat, stars, escapeHtml, escapeMarkdown } from './format.ts';
