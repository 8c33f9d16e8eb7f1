// `tests` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const testsSpec = {
  keyword: 'tests',
  doc: "seed 001's Table 3 battery: LM lag / error and robust versions, Wald and LR of SDM against SAR and SEM, LR of the unit and time effects",
  named: true,
  props: {
    panel: { type: { kind: 'construct', of: 'panel' }, required: true, doc: 'the panel' },
    weights: { type: { kind: 'construct', of: 'weights' }, required: true, doc: 'the weight matrix' },
    formula: { type: { kind: 'formula' }, required: true, doc: 'the specification tested' },
  },
  tables: { '': ['group', 'test', 'statistic', 'df', 'p', 'stars'] },
  outputs: {},
} as const satisfies ConstructSpec;
