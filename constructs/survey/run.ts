// The `survey` construct: read respondents × items answers, check each against the declared scale, and give
// per-item mean, sd, coefficient of variation (Eq. 4 of seed 000: sd / mean, sd with n − 1) and counts.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Step } from '../../spec/plan.ts';
import type { ConstructProps } from '../props.ts';
import { DataError, ExecutionError, declRef } from '../../execute/errors.ts';
import type { AnswerProblem } from '../../diagnostics/index.ts';
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
    throw new ExecutionError('R402', { case: 'scale' }).within(declRef('survey', step.name));
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
  if (!existsSync(full)) throw new DataError('D301', { file, of: 'survey' });
  const rec = parse(readFileSync(full), {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as string[][];
  if (rec.length < 2) throw new DataError('D302', { case: 'noAnswers', file, row: 1 });
  const header = rec[0]!;
  const idPos = header.indexOf(idCol);
  if (idPos < 0) throw new DataError('D302', { case: 'respondentColumn', file, row: 1, column: idCol, header });
  const cols = over.members.map((m) => {
    const k = header.indexOf(m);
    if (k < 0) throw new DataError('D302', { case: 'itemColumn', file, row: 1, column: m, set: over.name });
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
      throw new DataError('D307', { of: 'survey', file, row: line, fields: fields.length, header: header.length });
    const id = fields[idPos]!;
    if (seen.has(id))
      throw new DataError('D304', {
        case: 'respondent',
        file,
        row: line,
        column: idCol,
        respondent: id,
        first: seen.get(id)!,
      });
    seen.set(id, line);
    respondents.push(id);
    for (let i = 0; i < nI; i++) {
      const raw = fields[cols[i]!]!;
      const v = Number(raw);
      const problem: AnswerProblem | undefined =
        raw === ''
          ? { problem: 'missing' }
          : !Number.isFinite(v)
            ? { problem: 'not a number', raw }
            : !Number.isInteger(v)
              ? { problem: 'not an integer', raw }
              : v < lo || v > hi
                ? { problem: 'outside the scale', raw, lo, hi }
                : undefined;
      if (problem) {
        if (r.missing === 'error') {
          const at = { file, row: line, column: over.members[i]!, respondent: id, item: over.members[i]! };
          throw problem.problem === 'missing'
            ? new DataError('D305', { case: 'answer', ...at })
            : new DataError('D303', { case: 'answer', ...at, ...problem });
        }
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
      throw new ExecutionError('R402', { case: 'answers', item: over.members[i]!, n: s.n }).within(
        declRef('survey', step.name),
      );
  });
  return stats;
}
