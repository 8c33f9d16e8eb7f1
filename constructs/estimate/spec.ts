// `estimate` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';
import { SPATIAL_MODEL_WORDS, spatialLabelsWhere } from '../../spec/spatial-models.ts';

export const estimateSpec = {
  keyword: 'estimate',
  doc: `a static spatial panel model with fixed effects by maximum likelihood (${spatialLabelsWhere(() => true).join(', ')})`,
  named: true,
  props: {
    panel: { type: { kind: 'construct', of: 'panel' }, required: true, doc: 'the panel' },
    weights: { type: { kind: 'construct', of: 'weights' }, required: true, doc: 'the weight matrix' },
    model: { type: { kind: 'enum', values: SPATIAL_MODEL_WORDS }, required: true, doc: 'the model' },
    formula: {
      type: { kind: 'formula' },
      required: true,
      doc: 'y ~ x1 + x2 + x1^2 + log(x3): terms are columns of the panel and functions of them',
    },
    fixed: {
      type: { kind: 'enum', values: ['individual', 'time', 'twoways', 'none'] },
      doc: 'fixed effects (default twoways)',
    },
    durbin: {
      type: { kind: 'columns', of: 'panel' },
      doc: `terms that get W·x in ${spatialLabelsWhere((d) => d.durbin).join('/')}: all (default) or a list of terms`,
    },
    lee_yu: {
      type: { kind: 'enum', values: ['yes', 'no'] },
      doc: 'the Lee–Yu transformation for two-way effects (default no)',
    },
    dynamic: {
      type: { kind: 'enum', values: ['yes', 'no'] },
      doc: 'a dynamic model with the time lag y(t−1) and the space-time lag W·y(t−1) (Eq. 2 of seed 001); SAR or SDM, individual or two-way effects',
    },
    lags: {
      type: { kind: 'enum-list', values: ['time', 'spacetime'] },
      doc: 'the lags of a dynamic model (default [time, spacetime])',
    },
    logdet: {
      type: { kind: 'enum', values: ['auto', 'exact', 'chebyshev', 'mc'] },
      doc: 'ln|I − ρW|: auto (exact up to N = 20,000 units, above it chebyshev when W is similar to a symmetric matrix, else mc), exact (eigenvalues or sparse LU), chebyshev (Pace & LeSage 2004) or mc (Barry & Pace 1999); an approximation reports its error bound and the bound on ρ',
    },
    logdet_order: {
      type: { kind: 'expr', const: true },
      doc: 'series order (mc) or Chebyshev degree of an approximate log-determinant (default: raised until the truncation moves ρ by less than 1e-8)',
    },
    probes: {
      type: { kind: 'expr', const: true },
      doc: 'Hutchinson probes of an approximate log-determinant and of the traces of large-N standard errors (default 16)',
    },
    bias: {
      type: { kind: 'enum', values: ['lee_yu', 'none'] },
      doc: 'the bias correction of a dynamic model: lee_yu (Yu, de Jong & Lee 2008, default) or none (plain quasi-ML)',
    },
  },
  tables: { '': ['term', 'estimate', 'se', 'z', 'p', 'stars'] },
  outputs: {
    rho: { index: [], type: 'num' },
    sigma2: { index: [], type: 'num' },
    loglik: { index: [], type: 'num' },
    r2: { index: [], type: 'num' },
    // an approximate log-determinant's bound at ρ̂ and the first-order bound on |ρ̂ − ρ̂(exact)| (0 when exact)
    logdet_bound: { index: [], type: 'num' },
    rho_bound: { index: [], type: 'num' },
    coef: { index: ['over'], type: 'num' },
    se: { index: ['over'], type: 'num' },
  },
} as const satisfies ConstructSpec;
