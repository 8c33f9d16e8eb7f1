// `moran` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const moranSpec = {
  keyword: 'moran',
  doc: "global Moran's I of a panel variable, period by period (spdep::moran.test)",
  named: true,
  props: {
    panel: { type: { kind: 'construct', of: 'panel' }, required: true, doc: 'the panel' },
    variable: {
      type: { kind: 'term' },
      required: true,
      doc: 'the variable: a column of the panel, or a function of columns such as log(gsp)',
    },
    weights: { type: { kind: 'construct', of: 'weights' }, required: true, doc: 'the weight matrix' },
    randomisation: {
      type: { kind: 'enum', values: ['yes', 'no'] },
      doc: 'variance under randomisation (default yes) or normality',
    },
    alternative: {
      type: { kind: 'enum', values: ['greater', 'less', 'two_sided'] },
      doc: 'alternative hypothesis (default greater, as spdep)',
    },
    zero_policy: {
      type: { kind: 'enum', values: ['yes', 'no'] },
      doc: 'allow units without neighbours: their lag is 0 and n is reduced by their number (spdep zero.policy, adjust.n); default no: islands are an error',
    },
  },
  tables: { '': ['period', 'I', 'E', 'var', 'z', 'p'] },
  outputs: {
    I: { index: ['over'], type: 'num' },
    z: { index: ['over'], type: 'num' },
    p: { index: ['over'], type: 'num' },
  },
} as const satisfies ConstructSpec;
