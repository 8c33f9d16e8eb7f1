// `turning` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const turningSpec = {
  keyword: 'turning',
  doc: 'the turning point −β₁ / (2β₂) of a quadratic term of an estimate, with a delta-method standard error and a check against the data range',
  named: true,
  props: {
    of: { type: { kind: 'construct', of: 'estimate' }, required: true, doc: 'the estimate' },
    linear: { type: { kind: 'term' }, required: true, doc: 'the linear term, e.g. coagg' },
    square: { type: { kind: 'term' }, required: true, doc: 'the squared term, e.g. coagg^2' },
  },
  tables: { '': ['property', 'value'] },
  outputs: { value: { index: [], type: 'num' }, se: { index: [], type: 'num' } },
} as const satisfies ConstructSpec;
