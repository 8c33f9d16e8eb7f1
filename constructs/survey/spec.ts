// `survey` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const surveySpec = {
  keyword: 'survey',
  doc: 'an expert survey: respondents × items on a Likert scale, one column per member of the item set',
  named: true,
  over: true,
  props: {
    file: {
      type: { kind: 'text' },
      required: true,
      doc: 'CSV file (relative to the model), one row per respondent, one column per item',
    },
    respondent: { type: { kind: 'text' }, required: true, doc: 'the column holding the respondent id' },
    scale: { type: { kind: 'expr', const: true }, required: true, doc: 'the answer scale as a range, e.g. 1..7' },
    missing: {
      type: { kind: 'enum', values: ['error', 'exclude'] },
      doc: 'what to do with a missing, out-of-scale or non-integer answer (default error)',
    },
  },
  tables: { '': ['item', 'n', 'mean', 'sd', 'cv'] },
  outputs: {
    mean: { index: ['over'], type: 'num' },
    sd: { index: ['over'], type: 'num' },
    cv: { index: ['over'], type: 'num' },
    n: { index: ['over'], type: 'num' },
    respondents: { index: [], type: 'num' },
    excluded: { index: [], type: 'num' },
  },
} as const satisfies ConstructSpec;
