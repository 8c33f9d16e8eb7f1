// `mac` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const macSpec = {
  keyword: 'mac',
  doc: 'marginal abatement cost curves per member, fitted to (P, MAC) points derived from yearly GDP and emission series (Eq. 5-8), integrated to total cost (Eq. 9)',
  named: true,
  over: true,
  props: {
    years: { type: { kind: 'expr', const: true }, required: true, doc: 'the ordered set of years of the series' },
    gdp: { type: { kind: 'series', yearsProp: 'years' }, required: true, doc: 'gdp(r, y) = GDP of member r in year y' },
    emissions: {
      type: { kind: 'series', yearsProp: 'years' },
      required: true,
      doc: 'emissions(r, y) = emissions of member r in year y',
    },
    base: {
      type: { kind: 'expr', const: true },
      required: true,
      doc: 'the base year t0 of Eq. 5-8 (a member of years)',
    },
    form: {
      type: { kind: 'enum', values: ['quadratic', 'log', 'power', 'best'] },
      doc: 'the MAC form (default quadratic, Eq. 4); best picks the largest R² per member',
    },
  },
  tables: {
    '': ['member', 'form', 'coefficients', 'n', 'r2', 'rmse', 'chosen'],
    _points: ['member', 'year', 'P', 'mac'],
  },
  outputs: {
    cost: { index: ['over'], type: 'curve' },
    r2: { index: ['over'], type: 'num' },
    rmse: { index: ['over'], type: 'num' },
  },
} as const satisfies ConstructSpec;
