// The `survey` construct: read respondents × items answers, check each against the declared scale, and give
// per-item mean, sd, coefficient of variation (Eq. 4 of seed 000: sd / mean, sd with n − 1) and counts.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Step } from '../../spec/plan.ts';
import type { ConstructProps } from '../props.ts';
import { DataError, SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed } from '../../execute/env.ts';
import type { SetValue } from '../../execute/values.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import { isSet } from '../../execute/values.ts';
import { mean, sd } from '../../solvers/describe.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;

/** Answers kept for the analysis: respondents × items, row-major; NaN marks an excluded answer. */
export interface SurveyData {
  respondents: string[];
  items: string[];
  answers: Float64Array;
  excluded: number;
}

export const surveys = new WeakMap<Env, Map<string, SurveyData>>();

export function runSurvey(env: Env, ev: Evaluator, step: ConstructStep, props: ConstructProps<'survey'>): void {
  const over = env.sets.get(props.over)!;
  const file = props.file;
  const scale = ev.eval(props.scale, new Map());
  if (!isSet(scale) || !scale.numeric || scale.members.length < 2)
    throw new SolverError('R402', `survey '${step.name}': scale must be a range such as 1..7`);
  const lo = Number(scale.members[0]),
    hi = Number(scale.members.at(-1));
  const { rec, idPos, cols } = readAnswers(env, file, props.respondent, over);
  const { respondents, answers, excluded } = checkAnswers(rec, idPos, cols, {
    file,
    idCol: props.respondent,
    over,
    lo,
    hi,
    missing: props.missing ?? 'error',
  });
  const nR = respondents.length,
    nI = over.members.length;
  const stats = itemStats(step, over, answers, nR);
  const outs = new Map<string, Indexed>([
    [
      'mean',
      makeIndexed(
        [over],
        stats.map((s) => s.mean),
      ),
    ],
    [
      'sd',
      makeIndexed(
        [over],
        stats.map((s) => s.sd),
      ),
    ],
    [
      'cv',
      makeIndexed(
        [over],
        stats.map((s) => s.sd / s.mean),
      ),
    ],
    [
      'n',
      makeIndexed(
        [over],
        stats.map((s) => s.n),
      ),
    ],
    ['respondents', makeIndexed([], [nR])],
    ['excluded', makeIndexed([], [excluded])],
  ]);
  env.outputs.set(step.name, outs);
  if (!surveys.has(env)) surveys.set(env, new Map());
  surveys.get(env)!.set(step.name, { respondents, items: over.members, answers, excluded });
  env.tables.push({
    name: step.name,
    title: step.title ?? `Survey ${step.name}: ${nR} respondents × ${nI} items (scale ${lo}–${hi})`,
    columns: [
      { key: 'item', label: over.name },
      { key: 'n', label: 'Answers' },
      { key: 'mean', label: 'Mean' },
      { key: 'sd', label: 'SD' },
      { key: 'cv', label: 'CV' },
    ],
    rows: over.members.map((m, i) => ({
      item: m,
      n: stats[i]!.n,
      mean: stats[i]!.mean,
      sd: stats[i]!.sd,
      cv: stats[i]!.sd / stats[i]!.mean,
    })),
    ...(excluded
      ? { note: `${excluded} answer(s) excluded as missing, out of scale or non-integer (missing = exclude).` }
      : {}),
  });
}

/** The survey file's records, with the position of the respondent column and of each item's column. */
function readAnswers(env: Env, file: string, idCol: string, over: SetValue) {
  const full = path.resolve(env.plan.model.dir, file);
  if (!existsSync(full))
    throw new DataError('D301', `survey file not found: ${file}`, { file }, 'paths are relative to the model file');
  const rec = parse(readFileSync(full), {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as string[][];
  if (rec.length < 2) throw new DataError('D302', `${file} has no answers`, { file, row: 1 });
  const header = rec[0]!;
  const idPos = header.indexOf(idCol);
  if (idPos < 0)
    throw new DataError(
      'D302',
      `${file} has no respondent column '${idCol}'`,
      { file, row: 1, column: idCol },
      `the header has: ${header.join(', ')}`,
    );
  const cols = over.members.map((m) => {
    const k = header.indexOf(m);
    if (k < 0)
      throw new DataError(
        'D302',
        `${file} has no column for item '${m}' (a member of '${over.name}')`,
        { file, row: 1, column: m },
        'one column per item code is expected',
      );
    return k;
  });
  return { rec, idPos, cols };
}

interface AnswerRules {
  file: string;
  idCol: string;
  over: SetValue;
  lo: number;
  hi: number;
  missing: 'error' | 'exclude';
}

/** Every answer checked against the scale: an error, or (missing = exclude) NaN and counted. */
function checkAnswers(rec: string[][], idPos: number, cols: number[], r: AnswerRules) {
  const { file, idCol, over, lo, hi } = r;
  const header = rec[0]!;
  const nR = rec.length - 1,
    nI = over.members.length;
  const answers = new Float64Array(nR * nI);
  const respondents: string[] = [];
  const seen = new Map<string, number>();
  let excluded = 0;
  for (let row = 0; row < nR; row++) {
    const fields = rec[row + 1]!;
    const line = row + 2;
    if (fields.length !== header.length)
      throw new DataError('D307', `row has ${fields.length} fields, the header has ${header.length}`, {
        file,
        row: line,
      });
    const id = fields[idPos]!;
    if (seen.has(id))
      throw new DataError('D304', `respondent '${id}' appears twice (first on line ${seen.get(id)})`, {
        file,
        row: line,
        column: idCol,
      });
    seen.set(id, line);
    respondents.push(id);
    for (let i = 0; i < nI; i++) {
      const raw = fields[cols[i]!]!;
      const v = Number(raw);
      const problem =
        raw === ''
          ? 'is missing'
          : !Number.isFinite(v)
            ? `is not a number ('${raw}')`
            : !Number.isInteger(v)
              ? `is not an integer (${raw})`
              : v < lo || v > hi
                ? `is outside the scale ${lo}..${hi} (${raw})`
                : undefined;
      if (problem) {
        if (r.missing === 'error')
          throw new DataError(
            raw === '' ? 'D305' : 'D303',
            `the answer of respondent '${id}' to item '${over.members[i]}' ${problem}`,
            { file, row: line, column: over.members[i] },
            'fix the answer, or set missing = exclude in the survey to drop it (counted in the report)',
          );
        answers[row * nI + i] = Number.NaN;
        excluded++;
      } else answers[row * nI + i] = v;
    }
  }
  return { respondents, answers, excluded };
}

/** Each item's count, mean and sd over the answers kept; at least two are needed. */
function itemStats(step: ConstructStep, over: SetValue, answers: Float64Array, nR: number) {
  const nI = over.members.length;
  const col = (i: number) => {
    const out: number[] = [];
    for (let r = 0; r < nR; r++) {
      const v = answers[r * nI + i]!;
      if (!Number.isNaN(v)) out.push(v);
    }
    return out;
  };
  const stats = over.members.map((_, i) => {
    const x = col(i);
    return { n: x.length, mean: x.length ? mean(x) : Number.NaN, sd: x.length > 1 ? sd(x) : Number.NaN };
  });
  stats.forEach((s, i) => {
    if (s.n < 2)
      throw new SolverError(
        'R402',
        `survey '${step.name}': item '${over.members[i]}' has ${s.n} valid answer(s); at least 2 are needed`,
      );
  });
  return stats;
}
