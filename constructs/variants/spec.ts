// `variants` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';
import { estimateSpec } from '../estimate/spec.ts';

export const variantsSpec = {
  keyword: 'variants',
  doc: 'robustness and heterogeneity runs of an estimate, side by side: another weight matrix or model, winsorised data, subsamples',
  named: true,
  props: {
    of: { type: { kind: 'construct', of: 'estimate' }, required: true, doc: 'the estimate varied' },
    runs: {
      type: {
        kind: 'runs',
        // a run changes one thing of the estimate; model(...) and fixed(...) take the estimate's own words
        changes: {
          weights: { value: 'construct', of: 'weights', takes: 'a weight matrix' },
          model: { value: 'word', words: estimateSpec.props.model.type.values },
          fixed: { value: 'word', words: estimateSpec.props.fixed.type.values },
          winsorise: { value: 'numbers', args: 2 },
          subset: { value: 'condition' },
          formula: { value: 'formula' },
          label: { value: 'label' },
        },
      },
      required: true,
      doc: 'a list of runs; each is one change or several joined with +: weights(W2), model(sem), fixed(individual), winsorise(0.01, 0.99), subset(cities.resource_based[unit]), formula(y ~ x1 + x2); label("heading") names the run',
    },
  },
  tables: { '': null },
  outputs: {},
} as const satisfies ConstructSpec;
