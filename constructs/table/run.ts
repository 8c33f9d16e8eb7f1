// The table of estimates: the columns its sources gave (estimates, runs of variants, effects) side by side,
// with the rows, settings and notes the model asked for. The report stage lays it out for every format.
import { ExecutionError, declRef } from '../../execute/errors.ts';
import type { Env } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import {
  allTerms,
  labelOf,
  resolveSettings,
  tidyRows,
  TIDY_COLUMNS,
  type ModelColumn,
  type ModelTable,
} from '../../execute/model-table.ts';
import { suggest } from '../../diagnostics/index.ts';
import { state, type ConstructStep } from '../spatial-state.ts';
import type { ConstructProps } from '../props.ts';
import { settingsOf } from './settings.ts';

export function runTable(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'table'>): void {
  const effects = props.effects;
  const models: ModelColumn[] = [];
  for (const src of props.of) {
    const cols = state(env).columns.get(src.key);
    if (!cols) throw new ExecutionError('R404', { case: 'source', name: src.key }).within(declRef('table', step.name));
    const kept = cols.filter((c) => !c.effect || !effects || effects.includes(c.effect));
    for (const c of kept) {
      // a head in quotes names a one-column source, or spans the columns of a larger one
      const { source, ...headed } = c;
      if (src.label === undefined) models.push(c);
      else if (kept.length === 1) models.push({ ...headed, name: src.label });
      else
        models.push({
          ...(source !== undefined ? { source } : {}),
          ...headed,
          name: c.group ? `${c.group} ${c.name.toLowerCase()}` : c.name,
          group: src.label,
        });
    }
  }
  const terms = props.terms;
  if (terms) {
    const known = allTerms(models);
    for (const t of terms)
      if (!known.includes(t.key) && !['rho', 'lambda'].includes(t.key))
        throw new ExecutionError('R449', { term: t.key, known, suggestion: suggest(t.key, known) }).within(
          declRef('table', step.name),
        );
  }
  const notes = props.items.map((i) => i.value);
  const table: ModelTable = {
    models,
    ...(terms ? { terms } : {}),
    settings: settingsOf(props, ev, step.name),
    ...(notes.length ? { notes } : {}),
  };
  const settings = resolveSettings(table.settings);
  env.tables.push({
    name: step.name,
    title: step.title ?? `Estimates of ${props.of.map((s) => s.key).join(', ')}`,
    columns: TIDY_COLUMNS.map((key) => ({ key, label: key })),
    rows: tidyRows(table, settings, (part, key) => labelOf(part, key, new Map())),
    regression: table,
  });
}
