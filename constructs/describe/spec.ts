// `describe` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const describeSpec = {
  keyword: 'describe',
  doc: 'descriptive statistics of panel variables (Table 1 layout): observations, mean, standard deviation, minimum, maximum',
  named: true,
  props: {
    panel: { type: { kind: 'construct', of: 'panel' }, required: true, doc: 'the panel' },
    variables: {
      type: { kind: 'terms' },
      required: true,
      doc: 'the variables: columns or functions of columns, [carbon, coagg, log(pgdp)]',
    },
  },
  tables: { '': ['variable', 'n', 'mean', 'sd', 'min', 'max'] },
  outputs: {},
} as const satisfies ConstructSpec;
