// `screen` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const screenSpec = {
  keyword: 'screen',
  doc: 'factor screening: k-means of items (as points in respondent space) within groups, k by silhouette, Kruskal–Wallis across clusters, keep items per cluster by a rule',
  named: true,
  over: true,
  props: {
    survey: {
      type: { kind: 'construct', of: 'survey' },
      required: true,
      doc: 'the survey whose answers are clustered',
    },
    within: { type: { kind: 'per-item' }, doc: 'the group of each item, e.g. items.category (default: one group)' },
    k: {
      type: { kind: 'expr', const: true },
      doc: 'a fixed number of clusters (default: the k with the largest mean silhouette)',
    },
    k_min: { type: { kind: 'expr', const: true }, doc: 'smallest k tried (default 2)' },
    k_max: { type: { kind: 'expr', const: true }, doc: 'largest k tried (default: items in the group − 1)' },
    restarts: { type: { kind: 'expr', const: true }, doc: 'k-means++ restarts per k, best inertia kept (default 50)' },
    seed: { type: { kind: 'expr', const: true }, doc: 'seed of the k-means++ initialisation (default 1)' },
    test: {
      type: { kind: 'enum', values: ['kruskal_wallis', 'none'] },
      doc: 'test of the clustering (default kruskal_wallis)',
    },
    test_on: {
      type: { kind: 'enum', values: ['pooled_scores', 'item_means'] },
      doc: "the Kruskal–Wallis samples: every respondent's score on each cluster's items (default) or the items' mean scores",
    },
    alpha: { type: { kind: 'expr', const: true }, doc: 'significance level of the reading (default 0.05)' },
    keep: {
      type: { kind: 'rule', fns: ['lowest', 'highest'], scores: ['cv', 'mean', 'sd'] },
      doc: 'which items each cluster keeps, e.g. lowest(cv, 1) or highest(mean, 2) (default lowest(cv, 1))',
    },
  },
  tables: {
    '': ['group', 'item', 'cluster', 'score', 'silhouette', 'decision'],
    _silhouette: ['group', 'k', 'silhouette', 'chosen', 'note'],
    _kruskal: ['group', 'k', 'H', 'df', 'p', 'reading'],
  },
  outputs: {
    cluster: { index: ['over'], type: 'num' },
    keep: { index: ['over'], type: 'bool' },
    score: { index: ['over'], type: 'num' },
    silhouette: { index: ['over'], type: 'num' },
  },
} as const satisfies ConstructSpec;
