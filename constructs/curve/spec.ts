// `curve` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const curveSpec = {
  keyword: 'curve',
  doc: 'an indexed family of curves of one variable, e.g. cost[r in region] = cubic(a[r], b[r], c[r])',
  named: true,
  step: 'curve',
  input: true,
  props: {},
  outputs: {},
} as const satisfies ConstructSpec;
