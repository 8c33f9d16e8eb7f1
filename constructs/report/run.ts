// The `report` construct: its title and its items in order, kept for the report stage (report/), which draws
// the charts from the run's tables and writes the documents.
import type { PExpr, Step } from '../../spec/plan.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';

export function runReport(env: Env, _ev: Evaluator, step: Extract<Step, { kind: 'construct' }>): void {
  const title = step.props['title'] as { expr?: { v?: unknown } } | undefined;
  if (title?.expr?.v) env.report.title = String(title.expr.v);
  const items =
    (step.props['items'] as { list: Array<{ name: string; label?: string; expr?: PExpr }> } | undefined)?.list ?? [];
  env.report.items = items.map((i) =>
    i.name === 'chart'
      ? { kind: 'chart' as const, value: i.label!, call: i.expr as Extract<PExpr, { op: 'call' }> }
      : { kind: i.name as 'section' | 'text' | 'table', value: i.label ?? '' },
  );
}
