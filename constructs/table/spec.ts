// `table NAME "title" of a, b, c { ... }` as data: a table of estimates, one column per model (the fields:
// constructs/schema.ts). Its presentation properties are also the report block's study-wide settings.
import type { ConstructSpec, PropSpec } from '../schema.ts';

/** What goes under (or beside) each estimate. */
export const INFERENCE_WORDS = ['se', 'z', 'p', 'ci', 'none'] as const;
/** The goodness-of-fit rows a table may show, in the order the user lists them. */
export const STAT_WORDS = ['obs', 'N', 'T', 'loglik', 'aic', 'bic', 'r2', 'sigma2', 'rho', 'lambda'] as const;
/** The yes/no and name rows a table may show. */
export const INDICATOR_WORDS = ['model', 'unit_fe', 'time_fe', 'lee_yu', 'weights', 'controls'] as const;
export const EFFECT_WORDS = ['direct', 'indirect', 'total'] as const;

/** Presentation settings: per table, and in the report block for the whole study. */
export const PRESENTATION_PROPS = {
  under: {
    type: { kind: 'enum', values: INFERENCE_WORDS },
    doc: 'what goes under each estimate: se (default), z, p, ci (95 % interval) or none',
  },
  beside: {
    type: { kind: 'enum', values: INFERENCE_WORDS },
    doc: 'as under, but in the same cell as the estimate: 0.123*** (0.045)',
  },
  digits: {
    type: { kind: 'digits' },
    doc: 'decimals of estimates and statistics (default 3), or significant(n) significant digits',
  },
  p_digits: {
    type: { kind: 'expr', const: true },
    doc: 'decimals of p-values (default 3); smaller ones print as < 0.001, never 0',
  },
  stars: {
    type: { kind: 'levels' },
    doc: 'the significance levels of *, **, *** (default [0.1, 0.05, 0.01]), or none',
  },
  stats: {
    type: { kind: 'enum-list', values: STAT_WORDS },
    doc: 'the goodness-of-fit rows, in order (default [N, T, loglik, aic, r2, sigma2])',
  },
  indicators: {
    type: { kind: 'enum-list', values: INDICATOR_WORDS },
    doc: 'the yes/no and name rows, in order (default [unit_fe, time_fe])',
  },
  numbers: {
    type: { kind: 'enum', values: ['yes', 'no'] },
    doc: 'a row of column numbers (1), (2), ... above the heads (default yes)',
  },
} as const satisfies Readonly<Record<string, PropSpec>>;

export const tableSpec = {
  keyword: 'table',
  doc: 'a table of estimates: models side by side, one column each, terms as rows, statistics beneath',
  named: true,
  header: 'table',
  exclusive: [['under', 'beside']],
  props: {
    of: {
      type: { kind: 'models', of: ['estimate', 'variants', 'effects'] },
      required: true,
      doc: 'the estimates, variants and effects set side by side, each with an optional head in quotes',
    },
    terms: {
      type: { kind: 'labelled' },
      doc: 'the term rows in order, each with an optional label: [log(pcap) "ln public capital", rho "ρ"]',
    },
    effects: {
      type: { kind: 'enum-list', values: EFFECT_WORDS },
      doc: 'the effects of effects sources (default [direct, indirect, total])',
    },
    ...PRESENTATION_PROPS,
    note: { type: { kind: 'text' }, repeat: true, doc: 'a note printed under the table' },
  },
  tables: {
    '': [
      'column',
      'model',
      'group',
      'part',
      'key',
      'label',
      'estimate',
      'se',
      'z',
      'p',
      'lower',
      'upper',
      'stars',
      'value',
    ],
  },
  outputs: {},
} as const satisfies ConstructSpec;
