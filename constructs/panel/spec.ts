// `panel` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const panelSpec = {
  keyword: 'panel',
  doc: 'a balanced panel: a data source keyed by (unit, time)',
  named: true,
  props: {
    data: { type: { kind: 'data' }, required: true, doc: 'the data source, one row per unit and period' },
    unit: { type: { kind: 'column', of: 'data' }, required: true, doc: 'the column naming the unit' },
    time: { type: { kind: 'column', of: 'data' }, required: true, doc: 'the column naming the period' },
  },
  tables: { '': ['property', 'value'] },
  outputs: { N: { index: [], type: 'num' }, T: { index: [], type: 'num' } },
} as const satisfies ConstructSpec;
