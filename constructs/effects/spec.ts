// `effects` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const effectsSpec = {
  keyword: 'effects',
  doc: 'LeSage–Pace direct, indirect and total effects of an estimate, with simulated inference',
  named: true,
  props: {
    of: { type: { kind: 'construct', of: 'estimate' }, required: true, doc: 'the estimate' },
    draws: { type: { kind: 'expr', const: true }, doc: 'simulation draws (default 1000)' },
    seed: { type: { kind: 'expr', const: true }, doc: 'seed of the draws (default 1)' },
  },
  tables: { '': ['term', 'horizon', 'effect', 'estimate', 'mean', 'sd', 'z', 'p', 'lower', 'upper', 'stars'] },
  outputs: {},
} as const satisfies ConstructSpec;
