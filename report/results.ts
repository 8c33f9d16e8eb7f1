// From run outputs to files: results.json, one CSV per table, and the report document (rendered by
// the report stage). With several scenarios, each gets its own folder and a comparison section is added.
import { stringify } from 'csv-stringify/sync';
import type { RunOutput } from '../execute/executor.ts';
import type { ResultTable } from '../execute/env.ts';
import type { ReportDoc, ReportSection, ReportBlock, Row } from './doc.ts';
import { buildChart } from './chart-spec.ts';
import { labelOf, resolveSettings, tidyRows, TIDY_COLUMNS } from '../execute/model-table.ts';
import type { RunProvenance } from '../execute/provenance.ts';

export interface RunRecord {
  scenario: string;
  output: RunOutput;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
/** Block ids: letters, digits, _ and - (the report's anchors and figure file names). */
const blockId = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_');

// true/false as words: csv-stringify's default writes false as an empty cell, which reads as missing data
const CSV_OPTIONS = { cast: { boolean: (v: boolean) => (v ? 'true' : 'false') } };

/**
 * A table as CSV: every column named (its label, or its key where the label is empty). A table of estimates
 * (an estimate, variants or a `table ... of`) is written tidy, one row per cell at full precision, with the
 * study's labels and settings (execute/model-table.ts).
 */
export function tableCsv(t: ResultTable, o?: Pick<RunOutput, 'reportSettings' | 'labels'>): string {
  if (t.regression) {
    const s = resolveSettings(t.regression.settings, o?.reportSettings);
    const labels = studyLabels(o);
    const rows = tidyRows(t.regression, s, (part, key) => labelOf(part, key, labels));
    return stringify([[...TIDY_COLUMNS], ...rows.map((r) => TIDY_COLUMNS.map((c) => r[c] ?? ''))], CSV_OPTIONS);
  }
  return stringify(
    [t.columns.map((c) => c.label || c.key), ...t.rows.map((r) => t.columns.map((c) => r[c.key] ?? ''))],
    CSV_OPTIONS,
  );
}

/** The report block's labels as a map (empty without a report block). */
export function studyLabels(o?: Pick<RunOutput, 'labels'>): Map<string, string> {
  return new Map(
    (o?.labels ?? []).flatMap((l) => (l.label !== undefined ? [[l.key, l.label] as [string, string]] : [])),
  );
}

/**
 * results.json. The model is named by file and hash, and by its path relative to the output folder when the
 * caller knows it (`provenance`): never by an absolute folder of the machine that ran it.
 */
export function resultsJson(runs: RunRecord[], date: string, provenance?: RunProvenance): string {
  const one = (r: RunRecord) => ({
    scenario: r.output.plan.scenario,
    inputs: r.output.inputs,
    results: r.output.results,
    tables: r.output.tables,
    warnings: r.output.warnings,
    solves: r.output.solveCount,
  });
  const first = runs[0]!.output.plan;
  return `${JSON.stringify(
    {
      abate: 'results',
      version: 1,
      abateVersion: first.abateVersion,
      date,
      model: { file: first.model.file, sha256: first.model.sha256 },
      ...(provenance ? { provenance } : {}),
      study: first.study,
      runs: runs.map(one),
      report: buildReportDoc(runs, date),
    },
    null,
    1,
  )}\n`;
}

function tableBlock(t: ResultTable, prefix: string, o: RunOutput): ReportBlock {
  const labels = studyLabels(o);
  if (t.regression) {
    return {
      kind: 'regression',
      id: blockId(`${prefix}${t.name}`),
      title: t.title,
      ...(t.note ? { caption: t.note } : {}),
      models: t.regression.models,
      ...(t.regression.terms ? { terms: t.regression.terms } : {}),
      settings: resolveSettings(t.regression.settings, o.reportSettings),
      ...(labels.size ? { labels: Object.fromEntries(labels) } : {}),
      ...(t.regression.notes ? { notes: t.regression.notes } : {}),
    };
  }
  return {
    kind: 'table',
    id: blockId(`${prefix}${t.name}`),
    title: t.title,
    ...(t.note ? { caption: t.note } : {}),
    // a column of p-values (keyed p, as every construct table names it) prints `< 0.001`, never 0
    columns: t.columns.map((c) => ({
      key: c.key,
      // the study's label for a heading that is an internal name (a key, or the set an iterator runs over)
      label: labels.get(c.label) ?? (c.label === c.key ? labels.get(c.key) : undefined) ?? c.label,
      ...(c.key === 'p' ? { format: 'p' as const, digits: resolveSettings({}, o.reportSettings).pDigits } : {}),
    })),
    rows: t.rows as Row[],
  };
}

/** Sections in the order the model's report block asks for, or every table in declaration order. */
function scenarioSections(r: RunRecord, prefix: string, multi: boolean): ReportSection[] {
  const o = r.output;
  const sections: ReportSection[] = [];
  const head = multi
    ? `Scenario ${r.scenario}${o.plan.scenario.title ? ` (${o.plan.scenario.title})` : ''}`
    : 'Results';
  let cur: ReportSection = { heading: head, blocks: [] };
  sections.push(cur);
  if (o.plan.scenario.overrides.length) {
    cur.blocks.push({
      kind: 'text',
      markdown: `Overrides: ${o.plan.scenario.overrides.map((x) => `\`${x.target} = ${x.value}\` (${x.source})`).join('; ')}.`,
    });
  }
  const byName = new Map(o.tables.map((t) => [t.name, t]));
  if (o.reportItems.length) {
    for (const it of o.reportItems) {
      if (it.kind === 'section') {
        cur = { heading: multi ? `${it.value} — ${r.scenario}` : it.value, blocks: [] };
        sections.push(cur);
      } else if (it.kind === 'text') cur.blocks.push({ kind: 'text', markdown: it.value });
      else if (it.kind === 'chart') {
        const c = buildChart(o.tables, it.value, it.call, studyLabels(o));
        cur.blocks.push({
          kind: 'chart',
          id: blockId(`${prefix}${it.value}`),
          title: c.title,
          ...(c.caption ? { caption: c.caption } : {}),
          chart: c.chart,
        });
      } else {
        const t = byName.get(it.value);
        if (t) cur.blocks.push(tableBlock(t, prefix, o));
      }
    }
  } else {
    for (const t of o.tables) cur.blocks.push(tableBlock(t, prefix, o));
  }
  const scalars = Object.entries(o.results).filter(([, v]) => v.index.length === 0);
  if (scalars.length) {
    cur.blocks.push({
      kind: 'table',
      id: blockId(`${prefix}results`),
      title: 'Scalar results',
      columns: [
        { key: 'name', label: 'Result' },
        { key: 'value', label: 'Value' },
        { key: 'unit', label: 'Unit' },
      ],
      rows: scalars.map(([k, v]) => ({ name: k, value: v.values[0]?.value as number, unit: v.unit ?? '' })),
    });
  }
  if (o.warnings.length) cur.blocks.push({ kind: 'text', markdown: o.warnings.map((w) => `- ${w}`).join('\n') });
  return sections;
}

export function buildReportDoc(runs: RunRecord[], date: string): ReportDoc {
  const plan = runs[0]!.output.plan;
  const multi = runs.length > 1;
  const sections: ReportSection[] = [];
  const study = plan.study;
  const intro: string[] = [];
  if (study.source) intro.push(`Source: ${study.source}.`);
  if (study.note) intro.push(study.note);
  if (intro.length) sections.push({ heading: 'Study', blocks: [{ kind: 'text', markdown: intro.join('\n\n') }] });
  if (multi) sections.push(comparison(runs));
  for (const r of runs)
    sections.push(...scenarioSections(r, multi ? `${r.scenario}-` : '', multi).filter((s) => s.blocks.length > 0));
  return {
    title: runs[0]!.output.reportTitle ?? study.title,
    synthetic: study.synthetic,
    provenance: {
      modelFile: plan.model.file,
      sourceHash: plan.model.sha256,
      scenario: runs.map((r) => r.scenario).join(', '),
      abateVersion: plan.abateVersion,
      date,
    },
    sections,
  };
}

/** Scalar results side by side across scenarios. */
function comparison(runs: RunRecord[]): ReportSection {
  const names = [
    ...new Set(
      runs.flatMap((r) =>
        Object.entries(r.output.results)
          .filter(([, v]) => v.index.length === 0)
          .map(([k]) => k),
      ),
    ),
  ];
  const rows: Row[] = names.map((n) => {
    const row: Row = { result: n };
    for (const r of runs) {
      const v = r.output.results[n]?.values[0]?.value;
      row[r.scenario] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
    }
    return row;
  });
  return {
    heading: 'Scenario comparison',
    blocks: [
      {
        kind: 'table',
        id: 'scenario-comparison',
        title: 'Scalar results by scenario',
        columns: [{ key: 'result', label: 'Result' }, ...runs.map((r) => ({ key: r.scenario, label: r.scenario }))],
        rows,
      },
    ],
  };
}

/** The provenance as seen from a scenario's folder, one level below the output folder. */
const nested = (p: RunProvenance): RunProvenance => ({
  ...p,
  modelPath: `../${p.modelPath}`,
  data: p.data.map((d) => ({ ...d, path: `../${d.path}` })),
});

/** Every file of a run set, relative to the output directory. */
export function outputFiles(runs: RunRecord[], date: string, provenance?: RunProvenance): Map<string, string> {
  const files = new Map<string, string>();
  const multi = runs.length > 1;
  for (const r of runs) {
    const dir = multi ? `${safe(r.scenario)}/` : '';
    for (const t of r.output.tables) files.set(`${dir}${safe(t.name)}.csv`, tableCsv(t, r.output));
    const scal = Object.entries(r.output.results);
    if (scal.length) {
      files.set(
        `${dir}results.csv`,
        stringify(
          [
            ['result', 'index', 'value', 'unit'],
            ...scal.flatMap(([k, v]) =>
              v.values.map((x) => [
                k,
                x.key.join('|'),
                typeof x.value === 'object' ? JSON.stringify(x.value) : x.value,
                v.unit ?? '',
              ]),
            ),
          ],
          CSV_OPTIONS,
        ),
      );
    }
    // each scenario's folder is a run of its own too (abate diff can compare it with a single run)
    if (multi) files.set(`${dir}results.json`, resultsJson([r], date, provenance && nested(provenance)));
  }
  files.set('results.json', resultsJson(runs, date, provenance));
  return files;
}
