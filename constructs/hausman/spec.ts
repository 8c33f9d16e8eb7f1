// `hausman` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';
import { RANDOM_MODEL_WORDS } from '../../spec/spatial-models.ts';

export const hausmanSpec = {
  keyword: 'hausman',
  doc: 'the spatial Hausman test of fixed against random unit effects (splm sphtest): SAR or SEM fitted both ways',
  named: true,
  props: {
    panel: { type: { kind: 'construct', of: 'panel' }, required: true, doc: 'the panel' },
    weights: { type: { kind: 'construct', of: 'weights' }, required: true, doc: 'the weight matrix' },
    formula: { type: { kind: 'formula' }, required: true, doc: 'the specification' },
    model: {
      type: { kind: 'enum', values: RANDOM_MODEL_WORDS },
      doc: 'the spatial model fitted with fixed and with random unit effects (default sar)',
    },
  },
  tables: { '': ['test', 'statistic', 'df', 'p', 'reading'] },
  outputs: { statistic: { index: [], type: 'num' }, p: { index: [], type: 'num' } },
} as const satisfies ConstructSpec;
