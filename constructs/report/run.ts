// The `report` construct: its title and its items in order, kept for the report stage (report/), which draws
// the charts from the run's tables and writes the documents.
import type { Step } from '../../spec/plan.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { ConstructProps } from '../props.ts';
import { settingsOf } from '../table/settings.ts';

export function runReport(
  env: Env,
  ev: Evaluator,
  _step: Extract<Step, { kind: 'construct' }>,
  props: ConstructProps<'report'>,
): void {
  if (props.title) env.report.title = props.title;
  env.report.settings = settingsOf(props, ev, 'report');
  env.report.labels = props.labels ?? [];
  env.report.items = props.items.map((i) =>
    i.name === 'chart'
      ? { kind: 'chart' as const, value: i.value.id, call: i.value.call }
      : { kind: i.name, value: i.value },
  );
}
