// Data codes (D3xx): a data or survey file that cannot be read as declared. Every record says where: the file,
// the line (the header is line 1) and the column, when known; the CLI prints `file:line:` before the message.
import { cases, defineCodes, listed } from '../define.ts';

/** Where in a data file. */
export interface DataLocation {
  file: string;
  /** 1-based line in the file (the header is line 1). */
  row?: number | undefined;
  column?: string | undefined;
}

const NOT_IMPUTED = 'abate does not impute: fill it in or drop the row';
const SURVEY_ANSWER = 'fix the answer, or set missing = exclude in the survey to drop it (counted in the report)';

/** What is wrong with a survey answer. */
export type AnswerProblem =
  | { problem: 'missing' }
  | { problem: 'not a number'; raw: string }
  | { problem: 'not an integer'; raw: string }
  | { problem: 'outside the scale'; raw: string; lo: number; hi: number };

const answer = (p: { respondent: string; item: string } & AnswerProblem) => {
  const what =
    p.problem === 'missing'
      ? 'is missing'
      : p.problem === 'not a number'
        ? `is not a number ('${p.raw}')`
        : p.problem === 'not an integer'
          ? `is not an integer (${p.raw})`
          : `is outside the scale ${p.lo}..${p.hi} (${p.raw})`;
  return { message: `the answer of respondent '${p.respondent}' to item '${p.item}' ${what}`, hint: SURVEY_ANSWER };
};

export const DATA = defineCodes('data', {
  D301: {
    title: 'data file not found',
    format: (p: DataLocation & { of: 'data' | 'survey'; lookedIn?: string }) => ({
      message: `${p.of} file not found: ${p.file}${p.lookedIn ? ` (looked in ${p.lookedIn})` : ''}`,
      hint: 'paths are relative to the model file',
    }),
  },
  D302: {
    title: 'a declared column is missing from the file (or the file is empty)',
    format: cases({
      empty: (p: DataLocation) => `${p.file} is empty: expected a header row`,
      column: (p: DataLocation & { column: string; data: string; header: readonly string[] }) => ({
        message: `no column '${p.column}' in the header (data '${p.data}')`,
        hint: `the header has: ${p.header.join(', ')}`,
      }),
      noAnswers: (p: DataLocation) => `${p.file} has no answers`,
      respondentColumn: (p: DataLocation & { column: string; header: readonly string[] }) => ({
        message: `${p.file} has no respondent column '${p.column}'`,
        hint: `the header has: ${p.header.join(', ')}`,
      }),
      itemColumn: (p: DataLocation & { column: string; set: string }) => ({
        message: `${p.file} has no column for item '${p.column}' (a member of '${p.set}')`,
        hint: 'one column per item code is expected',
      }),
    }),
  },
  D303: {
    title: 'a value of the wrong type',
    format: cases({
      cell: (p: DataLocation & { column: string; expected: 'number' | 'integer' | 'bool'; raw: string }) => ({
        message: `column '${p.column}': expected ${p.expected === 'bool' ? 'true/false' : p.expected === 'integer' ? 'an integer' : 'a number'}, found '${p.raw}'`,
        hint: p.expected === 'number' ? 'use a plain decimal number such as 12.5 or 1e-3' : undefined,
      }),
      answer: (p: DataLocation & { respondent: string; item: string } & AnswerProblem) => answer(p),
    }),
  },
  D304: {
    title: 'duplicate key',
    format: cases({
      key: (p: DataLocation & { key: Array<[string, string]>; first: number }) => ({
        message: `duplicate key (${p.key.map(([k, v]) => `${k} = ${v}`).join(', ')}), first seen on line ${p.first}`,
        hint: 'each key must appear once',
      }),
      respondent: (p: DataLocation & { respondent: string; first: number }) =>
        `respondent '${p.respondent}' appears twice (first on line ${p.first})`,
    }),
  },
  D305: {
    title: 'empty, NA or NaN cell (abate does not impute)',
    format: cases({
      cell: (p: DataLocation & { column: string; raw: string }) => ({
        message: `column '${p.column}': missing value (${p.raw === '' ? 'empty cell' : p.raw})`,
        hint: NOT_IMPUTED,
      }),
      answer: (p: DataLocation & { respondent: string; item: string }) => answer({ ...p, problem: 'missing' }),
    }),
  },
  D306: {
    title: 'unreadable CSV',
    format: cases({
      csv: (p: DataLocation & { reason: string }) => ({
        message: `cannot read ${p.file} as CSV: ${p.reason}`,
        hint: 'check quoting and separators',
      }),
      /** the file could not be read at all (the reader's own account) */
      file: (p: DataLocation & { reason: string }) => `cannot read ${p.file}: ${p.reason}`,
    }),
  },
  D307: {
    title: 'a row with a different number of fields than the header',
    format: (p: DataLocation & { of: 'data' | 'survey'; fields: number; header: number }) => ({
      message: `row has ${p.fields} fields, the header has ${p.header}`,
      hint: p.of === 'data' ? 'every row needs one value per header column' : undefined,
    }),
  },
  D308: {
    title: 'a value of a set-typed column that is not a member of the set',
    format: (p: DataLocation & { column: string; value: string; set: string; members: readonly string[] }) => ({
      message: `column '${p.column}': '${p.value}' is not a member of set '${p.set}'`,
      hint: `add it to the set, or remove the row (members: ${listed(p.members, 10)})`,
    }),
  },
});
