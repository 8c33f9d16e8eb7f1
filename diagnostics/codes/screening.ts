// Screening solver codes (R7xx): k-means R700–R709, silhouette R710–R719, Kruskal–Wallis R720–R729,
// descriptive statistics R730–R739, screening by score R740–R749.
import { cases, defineCodes } from '../define.ts';

export const SCREENING = defineCodes('solvers', {
  // ------------------------------------------------------------------------------------------------ k-means
  R700: {
    title: 'k-means points of the wrong shape',
    format: cases({
      dims: (p: { n: number; d: number }) => `need n ≥ 1 points in d ≥ 1 dimensions, got n = ${p.n}, d = ${p.d}`,
      values: (p: { values: number; expected: number }) =>
        `point data has ${p.values} values, expected n × d = ${p.expected}`,
      row: (p: { row: number; values: number; d: number }) => `row ${p.row} has ${p.values} values, row 0 has ${p.d}`,
    }),
  },
  R701: {
    title: 'k-means data or centres that are not finite',
    format: cases({
      point: (p: { coordinate: number; point: number; value: number }) => ({
        message: `coordinate ${p.coordinate} of point ${p.point} is ${p.value}`,
        hint: 'k-means needs complete numeric data; impute or drop missing values first',
      }),
      centres: () => 'initial centres must be finite',
    }),
  },
  R702: {
    title: 'a number of clusters outside 1..n',
    format: (p: { k: number; n: number }) => `k must be an integer in 1..n = ${p.n}, got ${p.k}`,
  },
  R703: {
    title: 'initial centres of the wrong length',
    format: (p: { values: number; d: number }) =>
      `initial centres have ${p.values} values, not a multiple of d = ${p.d}`,
  },
  R704: {
    title: 'a k-means option out of range',
    format: cases({
      maxIter: (p: { value: number }) => `maxIter must be a positive integer, got ${p.value}`,
      tol: (p: { value: number }) => `tol must be ≥ 0, got ${p.value}`,
      seed: (p: { value: number }) => `seed must be an integer, got ${p.value}`,
      restarts: (p: { value: number }) => `restarts must be a positive integer, got ${p.value}`,
    }),
  },
  R705: {
    title: 'more clusters than distinct points',
    format: (p: { k: number; distinct: number }) => ({
      message: `k = ${p.k} exceeds the number of distinct points (${p.distinct})`,
      hint: 'lower k, or drop duplicate points',
    }),
  },
  // ------------------------------------------------------------------------------------------------ silhouette
  R710: {
    title: 'cluster labels of the wrong length or not integers',
    format: cases({
      length: (p: { labels: number; n: number }) => `${p.labels} labels for ${p.n} points`,
      label: (p: { label: number; point: number }) => `label ${p.label} of point ${p.point} is not an integer`,
    }),
  },
  R711: {
    title: 'a number of clusters the silhouette cannot judge',
    format: cases({
      clusters: (p: { k: number; n: number }) => ({
        message: `the silhouette needs 2 ≤ number of clusters ≤ n − 1; got ${p.k} clusters for n = ${p.n}`,
        hint: 'with n ≤ 2 points no k can be chosen by the silhouette',
      }),
      range: (p: { kMin: number; kMax: number; n: number }) => ({
        message: `chooseK needs integers 2 ≤ kMin ≤ kMax ≤ n − 1 = ${p.n - 1}; got kMin = ${p.kMin}, kMax = ${p.kMax}`,
        hint:
          p.n <= 2
            ? `with n = ${p.n} points the silhouette cannot choose k; decide the grouping by a stated rule`
            : undefined,
      }),
      distinct: (p: { kMin: number; kMax: number; distinct: number }) =>
        `no k in ${p.kMin}..${p.kMax} is feasible: only ${p.distinct} distinct points`,
      none: () => 'no k to choose from',
    }),
  },
  R712: {
    title: 'a distance matrix of the wrong size',
    format: (p: { entries: number; expected: number }) =>
      `distance matrix has ${p.entries} entries, expected ${p.expected}`,
  },
  // ------------------------------------------------------------------------------------------------ Kruskal–Wallis
  R720: {
    title: 'chi-square degrees of freedom that are not positive',
    format: (p: { df: number }) => `chi-square degrees of freedom must be > 0, got ${p.df}`,
  },
  R721: {
    title: 'fewer than 2 groups',
    format: (p: { groups: number }) => `the Kruskal–Wallis test needs at least 2 groups, got ${p.groups}`,
  },
  R722: { title: 'an empty group', format: (p: { group: number }) => `group ${p.group} is empty` },
  R723: {
    title: 'an observation that is not finite',
    format: cases({
      inGroup: (p: { group: number; index: number; value: number }) => ({
        message: `group ${p.group}, observation ${p.index} is ${p.value}`,
        hint: 'drop missing values first',
      }),
      observation: (p: { index: number; value: number }) => `observation ${p.index} is ${p.value}`,
    }),
  },
  R724: {
    title: 'group labels of the wrong length or not non-negative integers',
    format: cases({
      length: (p: { labels: number; n: number }) => `${p.labels} labels for ${p.n} values`,
      label: (p: { label: number; index: number }) => `label ${p.label} at ${p.index} is not a non-negative integer`,
    }),
  },
  R725: {
    title: 'all observations tied',
    format: () => 'all observations are identical; the Kruskal–Wallis statistic is undefined',
  },
  // ------------------------------------------------------------------------------------------------ descriptive
  R730: {
    title: 'a value that is not finite (descriptive statistics)',
    format: (p: { what: string; value: number; index: number }) => ({
      message: `${p.what}: value ${p.value} at position ${p.index} is not a finite number`,
      hint: 'remove or impute missing values before computing descriptive statistics',
    }),
  },
  R731: {
    title: 'too few values for a statistic',
    format: (p: { what: string; min: number; n: number }) => `${p.what} needs at least ${p.min} value(s), got ${p.n}`,
  },
  R732: {
    title: 'degrees of freedom that are not a non-negative integer',
    format: (p: { ddof: number }) => `ddof must be a non-negative integer, got ${p.ddof}`,
  },
  R733: {
    title: 'a coefficient of variation with mean 0',
    format: () => 'coefficient of variation is undefined when the mean is 0',
  },
  R734: {
    title: 'a quantile type outside 1..9',
    format: (p: { type: number }) => `quantile type must be an integer 1..9, got ${p.type}`,
  },
  R735: {
    title: 'a quantile probability outside [0, 1]',
    format: (p: { p: number }) => `quantile probability must lie in [0, 1], got ${p.p}`,
  },
  R736: {
    title: 'a column index outside the matrix',
    format: (p: { column: number; columns: number }) => `column index ${p.column} outside 0..${p.columns - 1}`,
  },
  R737: {
    title: 'matrix data of the wrong length',
    format: (p: { values: number; rows: number; cols: number }) =>
      `matrix data has ${p.values} values, expected rows × cols = ${p.rows} × ${p.cols}`,
  },
  // ------------------------------------------------------------------------------------------------ screening by score
  R740: {
    title: 'groups and scores of different lengths',
    format: (p: { groups: number; scores: number }) => `groups has ${p.groups} entries but scores has ${p.scores}`,
  },
  R741: {
    title: 'a screening rule out of range',
    format: cases({
      keep: (p: { keep: string }) => `rule.keep must be 'lowest' or 'highest', got '${p.keep}'`,
      count: (p: { count: number }) => `rule.count must be a positive integer, got ${p.count}`,
    }),
  },
  R742: {
    title: 'a group label that is not an integer',
    format: (p: { group: number; item: number }) => `group label ${p.group} of item ${p.item} is not an integer`,
  },
});
