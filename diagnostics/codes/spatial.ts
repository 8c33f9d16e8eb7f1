// Spatial solver codes (R5xx): weights R500–R529, panel layout R530–R539, static fits R540–R549, random effects
// and the Hausman test R550–R559, dynamic fits R560–R579, effects and LM / Wald tests R580–R589, Moran R590–R599.
// The solvers know nothing of the model: records name units, regressors and the solver's own options.
import { cases, defineCodes, quoted } from '../define.ts';
import { nearest } from '../suggest.ts';

const dim = (n: number) => `${n}×${n}`;
/** `"a", "b", … (12 in all)` for a long list. */
const some = (xs: readonly string[]) => quoted(xs, 10) + (xs.length > 10 ? `, … (${xs.length} in all)` : '');
const FILL_OR_DROP = 'fill or drop the unit, or shorten the period range';

export const SPATIAL = defineCodes('solvers', {
  // ------------------------------------------------------------------------------------------------ weights
  R500: {
    title: 'weights with a different number of unit names than rows',
    format: (p: { rows: number; names: number }) => `weights matrix has ${p.rows} rows but ${p.names} unit names`,
  },
  R501: {
    title: 'a unit listed twice in the weights',
    format: cases({
      matrix: (p: { unit: string }) => `unit name "${p.unit}" appears twice in the weights`,
      units: (p: { unit: string }) => `unit "${p.unit}" is listed twice`,
    }),
  },
  R502: {
    title: 'triplet arrays of different lengths',
    format: () => 'row, column and value arrays must have the same length',
  },
  R503: {
    title: 'a weights entry outside the matrix',
    format: (p: { entry: number; i: number; j: number; n: number }) =>
      `entry ${p.entry} has index (${p.i}, ${p.j}) outside 0..${p.n - 1}`,
  },
  R504: {
    title: 'a weight (or an economic indicator) that is not finite',
    format: cases({
      entry: (p: { from: string; to: string; value: number }) =>
        `weight between "${p.from}" and "${p.to}" is ${p.value}`,
      edge: (p: { edge: number; from: string; to: string; value: number }) =>
        `edge ${p.edge} ("${p.from}" → "${p.to}") has weight ${p.value}`,
      dense: (p: { from: string; to: string; value: number }) => `weight ("${p.from}", "${p.to}") is ${p.value}`,
      indicator: (p: { unit: string; value: number }) => `economic indicator of "${p.unit}" is ${p.value}`,
    }),
  },
  R505: {
    title: 'weights of the wrong dimension',
    format: cases({
      add: (p: { a: number; b: number }) => `cannot add ${dim(p.a)} and ${dim(p.b)} weights`,
      multiply: (p: { a: number; b: number }) => `cannot multiply ${dim(p.a)} by ${dim(p.b)}`,
      denseValues: (p: { values: number; n: number }) =>
        `dense weights have ${p.values} values, expected ${p.n}² = ${p.n * p.n}`,
      denseRows: (p: { rows: number; n: number }) => `dense weights have ${p.rows} rows for ${p.n} units`,
      denseRow: (p: { row: number; unit: string; values: number; n: number }) =>
        `row ${p.row} ("${p.unit}") of the dense weights has ${p.values} values, expected ${p.n}`,
    }),
  },
  R506: {
    title: 'two weights matrices with different unit orders',
    format: (p: { position: number; a: string; b: string }) => ({
      message: `weights list different units at position ${p.position}: "${p.a}" vs "${p.b}"`,
      hint: 'align both matrices to the same unit order first (alignWeights)',
    }),
  },
  R507: {
    title: 'a panel vector of the wrong length for the weights',
    format: (p: { length: number; n: number; T: number }) =>
      `panel vector has length ${p.length}, expected N·T = ${p.n}·${p.T} = ${p.n * p.T}`,
  },
  R508: {
    title: 'an edge naming an unknown unit',
    format: (p: { edge: number; side: 'from' | 'to'; unit: string; units: readonly string[] }) => {
      const near = nearest(p.unit, p.units);
      return {
        message: `edge ${p.edge}: ${p.side} unit "${p.unit}" is not one of the ${p.units.length} units`,
        hint: near.length
          ? `did you mean ${near.map((s) => `"${s}"`).join(' or ')}?`
          : 'check the unit names in the edge list',
      };
    },
  },
  R509: {
    title: 'an edge given twice',
    format: (p: { edge: number; from: string; to: string }) => ({
      message: `edge ${p.edge}: pair "${p.from}" → "${p.to}" appears more than once`,
      hint: "pass duplicates: 'sum' to add repeated weights",
    }),
  },
  R510: {
    title: 'a unit listed as its own neighbour',
    format: (p: { edge: number; unit: string }) => `edge ${p.edge}: unit "${p.unit}" is listed as its own neighbour`,
  },
  R511: {
    title: 'coordinates of the wrong length',
    format: (p: { x: number; y: number; n: number }) =>
      `coordinates have ${p.x} x and ${p.y} y values for ${p.n} units`,
  },
  R512: {
    title: 'coordinates that are not finite',
    format: (p: { unit: string; x: number; y: number }) => `unit "${p.unit}" has coordinates (${p.x}, ${p.y})`,
  },
  R513: {
    title: 'longitude or latitude out of range',
    format: (p: { unit: string; lon: number; lat: number }) => ({
      message: `unit "${p.unit}" has latitude ${p.lat} / longitude ${p.lon} out of range`,
      hint: 'lonlat coordinates are (longitude, latitude) in degrees',
    }),
  },
  R514: {
    title: 'a k-nearest-neighbour k outside 1..n − 1',
    format: (p: { k: number; n: number }) => `k must be an integer in 1..${p.n - 1} for ${p.n} units, got ${p.k}`,
  },
  R515: {
    title: 'a distance band with upper ≤ lower',
    format: (p: { lower: number; upper: number }) => `distance band needs upper > lower, got (${p.lower}, ${p.upper}]`,
  },
  R516: {
    title: 'a non-positive inverse-distance power',
    format: (p: { power: number }) => `inverse-distance power must be positive, got ${p.power}`,
  },
  R517: {
    title: 'two units at the same coordinates (inverse distance)',
    format: (p: { a: string; b: string }) => ({
      message: `units "${p.a}" and "${p.b}" have the same coordinates`,
      hint: 'inverse distance is undefined at distance 0; merge or move the units',
    }),
  },
  R518: {
    title: 'an economic indicator of the wrong length',
    format: (p: { values: number; n: number }) => `economic indicator has ${p.values} values for ${p.n} units`,
  },
  R519: {
    title: 'two units with the same economic indicator (economic distance)',
    format: (p: { a: string; b: string; value: number }) => ({
      message: `units "${p.a}" and "${p.b}" have the same economic indicator (${p.value})`,
      hint: "1/|x̄_i − x̄_j| is infinite; pass ties: 'skip' to give such pairs weight 0",
    }),
  },
  R520: {
    title: 'a nesting weight φ outside [0, 1]',
    format: (p: { phi: number }) => `nesting weight φ must be in [0, 1], got ${p.phi}`,
  },
  R521: {
    title: 'a non-positive economic indicator (economic-geographic weights)',
    format: (p: { unit: string; value: number }) =>
      `economic indicator of "${p.unit}" must be positive and finite, got ${p.value}`,
  },
  R522: {
    title: 'weights and data with different units',
    format: (p: { missing: readonly string[]; extra: readonly string[] }) => ({
      message: [
        ...(p.missing.length ? [`data units missing from the weights: ${some(p.missing)}`] : []),
        ...(p.extra.length ? [`weights units not in the data: ${some(p.extra)}`] : []),
      ].join('; '),
      hint: p.missing.length
        ? 'weights and data are matched by unit name; check spelling and that W covers every unit'
        : "pass extra: 'drop' to drop weights units that have no data",
    }),
  },
  R523: {
    title: 'weights with islands (units without neighbours) where a lag is needed',
    format: (p: { islands: readonly string[]; remedy: 'zeroPolicy' | 'zero_policy' }) => ({
      message: `${p.islands.length} unit(s) have no neighbours: ${quoted(p.islands, 10)}`,
      hint:
        p.remedy === 'zero_policy'
          ? 'set zero_policy = yes in the moran block to give islands a lag of 0 (as spdep zero.policy), or use weights without islands'
          : 'pass zeroPolicy: true to give them a spatial lag of 0 (n is then reduced by the islands), or fix the weights',
    }),
  },
  R524: {
    title: 'weights without a positive eigenvalue',
    format: () => 'W has no positive eigenvalue; check the weights',
  },
  R525: { title: 'weights without a non-zero weight', format: () => 'W has no non-zero weight' },
  // ------------------------------------------------------------------------------------------------ panel layout
  R530: {
    title: 'panel columns or arrays of the wrong length',
    format: cases({
      columns: (p: { units: number; times: number }) =>
        `unit and time columns differ in length (${p.units} vs ${p.times})`,
      array: (p: { length: number; N: number; T: number; k: number }) =>
        `array has length ${p.length}, expected N·T·k = ${p.N}·${p.T}·${p.k} = ${p.N * p.T * p.k}`,
    }),
  },
  R531: {
    title: 'data units not in the given unit order',
    format: (p: { units: readonly string[] }) => `data units not in the unit order: ${quoted(p.units, 10)}`,
  },
  R532: {
    title: 'a unit with two rows for one period',
    format: (p: { unit: string; period: string; first: number; second: number }) =>
      `unit "${p.unit}" has two rows for period ${p.period} (rows ${p.first} and ${p.second})`,
  },
  R533: {
    title: 'an unbalanced panel (naming the missing unit-periods)',
    format: (p: { missing: number; examples: Array<[string, string]> }) => ({
      message: `panel is unbalanced: ${p.missing} unit-period cell(s) missing, e.g. ${p.examples.map(([u, t]) => `("${u}", ${t})`).join(', ')}`,
      hint: 'the spatial panel estimators need every unit observed in every period; fill or drop the gaps first',
    }),
  },
  R534: {
    title: 'panel dimensions that are not positive integers',
    format: (p: { N: number; T: number }) => `panel dimensions must be positive integers, got N = ${p.N}, T = ${p.T}`,
  },
  // ------------------------------------------------------------------------------------------------ static fits
  R540: {
    title: 'a spatial panel with fewer than 2 units or no period',
    format: cases({
      static: (p: { N: number; T: number }) => `need N > 1 units and T ≥ 1 periods, got N = ${p.N}, T = ${p.T}`,
      dynamic: (p: { N: number; T: number }) => `need N > 1 units and an integer T, got N = ${p.N}, T = ${p.T}`,
    }),
  },
  R541: {
    title: 'weights whose size is not the number of panel units',
    format: (p: { w: number; N: number }) => ({
      message: `W has ${p.w} units but the panel has N = ${p.N}`,
      hint: 'align W to the panel units by name (alignWeights)',
    }),
  },
  R542: {
    title: 'a response or regressor array of the wrong length',
    format: cases({
      y: (p: { length: number; N: number; T: number }) => `y has ${p.length} values, expected N·T = ${p.N * p.T}`,
      X: (p: { length: number; N: number; T: number; k: number }) =>
        `X has ${p.length} values, expected N·T·k = ${p.N}·${p.T}·${p.k}`,
    }),
  },
  R543: {
    title: 'regressor names that are not distinct (or the intercept passed as a regressor)',
    format: cases({
      distinct: () => 'regressor names must be distinct',
      intercept: (p: { intercept: string }) =>
        `"${p.intercept}" is added by the random-effects model; do not pass it as a regressor`,
    }),
  },
  R544: {
    title: 'a response or regressor value that is not finite',
    format: (p: { regressor?: string; value: number; unit: string; period: string; phrase: 'at' | 'for' }) =>
      `${p.regressor === undefined ? 'y' : `regressor "${p.regressor}"`} is ${p.value} ${p.phrase === 'at' ? `at unit "${p.unit}", period ${p.period}` : `for unit "${p.unit}" in period ${p.period}`}`,
  },
  R545: {
    title: 'an unknown spatial model, or one the static estimator has no likelihood for',
    format: cases({
      unknown: (p: { model: string }) => `unknown model "${p.model}"`,
      noLikelihood: (p: { label: string }) => `the static estimator has no likelihood for the ${p.label} yet`,
    }),
  },
  R546: {
    title: 'a Durbin term that is not a regressor',
    format: (p: { term: string; regressors: readonly string[] }) =>
      `Durbin term "${p.term}" is not one of the regressors ${quoted(p.regressors)}`,
  },
  R547: { title: 'a model without regressors', format: () => 'the model needs at least one regressor' },
  R548: {
    title: 'the Lee–Yu correction asked for where it is not implemented',
    format: (p: { lagModels: readonly string[] }) => ({
      message: 'the Lee–Yu correction is implemented for error models with individual or time effects only',
      hint: `use a lag model (${p.lagModels.join('/')}) for the two-way Lee–Yu correction, or leeYu: false`,
    }),
  },
  R549: {
    title: 'collinear regressors (naming them)',
    format: cases({
      constant: (p: { columns: readonly string[]; absorbedBy?: string }) => ({
        message: `regressor(s) ${quoted(p.columns)} have no variation${p.absorbedBy ? ` left after ${p.absorbedBy}` : ''}`,
        hint: p.absorbedBy
          ? 'time-invariant (or unit-invariant) regressors are absorbed by the fixed effects; drop them'
          : 'drop the constant regressor(s)',
      }),
      combination: (p: { collinear: Array<{ column: string; with: readonly string[] }> }) => ({
        message: `collinear regressors: ${p.collinear.map((c) => `"${c.column}" is a linear combination of ${quoted(c.with)}`).join('; ')}`,
        hint: 'drop one regressor of each collinear group',
      }),
      filtered: (p: { lambda: number }) => `the spatially filtered regressors are collinear at λ = ${p.lambda}`,
    }),
  },
  // ------------------------------------------------------------------------------------------------ random effects, Hausman
  R550: {
    title: 'random unit effects with fewer than 2 periods',
    format: (p: { T: number }) => ({
      message: `random unit effects need at least 2 periods, got T = ${p.T}`,
      hint: 'with one period the unit effect cannot be told apart from the idiosyncratic error',
    }),
  },
  R551: {
    title: 'an unknown random-effects model',
    format: (p: { model: string; allowed: ReadonlyArray<{ word: string; title: string }> }) => ({
      message: `unknown random-effects model "${p.model}"`,
      hint: `use ${p.allowed.map((m) => `'${m.word}' (${m.title})`).join(' or ')}`,
    }),
  },
  R552: {
    title: 'bounds of φ that are not 0 < lower < upper < ∞',
    format: (p: { lower: number; upper: number }) =>
      `phiBounds must satisfy 0 < lower < upper < ∞, got [${p.lower}, ${p.upper}]`,
  },
  R553: {
    title: 'a singular GLS system at the random-effects estimate',
    format: (p: { symbol: string; value: number; phi?: number }) =>
      `the GLS system is singular at the estimate ${p.symbol} = ${p.value}${p.phi === undefined ? '' : `, φ = ${p.phi}`}`,
  },
  R554: {
    title: 'the Hausman test given fits of the wrong kind',
    format: () =>
      'spatialHausman needs a fixed-effects fit (fitSpatialPanel) and a random-effects fit (fitRandomEffectsSpatialPanel)',
  },
  R555: {
    title: 'the Hausman test given a fixed-effects fit without individual effects',
    format: (p: { effect: string }) => ({
      message: `the fixed-effects fit has ${p.effect} effects; the test compares individual fixed effects with random unit effects`,
      hint: "refit with effect: 'individual'",
    }),
  },
  R556: {
    title: 'the Hausman test given fits of different spatial models',
    format: (p: { fe: string; re: string; allowed: readonly string[] }) => ({
      message: `the fixed-effects fit is ${p.fe} but the random-effects fit is ${p.re}`,
      hint: `fit the same spatial model (${p.allowed.join(' or ')}) both ways`,
    }),
  },
  R557: {
    title: 'the Hausman test given fits on different panels',
    format: (p: { feN: number; feT: number; reN: number; reT: number }) =>
      `the fits are on different panels (N = ${p.feN}, T = ${p.feT} against N = ${p.reN}, T = ${p.reT})`,
  },
  R558: {
    title: 'the Hausman test given fits without a common coefficient',
    format: () => ({ message: 'the two fits share no coefficient', hint: 'fit both models with the same regressors' }),
  },
  R559: {
    title: 'a singular difference of the covariance matrices (Hausman)',
    format: () => ({
      message: 'the difference of the covariance matrices V_RE − V_FE is singular; the Hausman statistic is undefined',
      hint: 'check for coefficients estimated identically by both fits',
    }),
  },
  // ------------------------------------------------------------------------------------------------ dynamic fits
  R560: {
    title: 'a dynamic model with fewer than 3 periods',
    format: (p: { T: number }) => `the dynamic model needs T ≥ 3 periods (one is lost to y_{t−1}), got T = ${p.T}`,
  },
  R561: {
    title: 'period labels of the wrong length',
    format: (p: { labels: number; T: number }) => `periods has ${p.labels} labels, expected T = ${p.T}`,
  },
  R562: {
    title: 'periods that do not increase',
    format: (p: { period: string; previous: string }) => ({
      message: `periods must increase: period ${p.period} follows ${p.previous}`,
      hint: 'stack the panel time-major in increasing period order (panelIndex does)',
    }),
  },
  R563: {
    title: 'a gap in time in a dynamic panel (naming the missing periods)',
    format: (p: { period: string; previous: string; missing: readonly number[] }) => ({
      message: `gap in time: period ${p.period} follows ${p.previous}${p.missing.length ? ` (missing: ${p.missing.join(', ')})` : ''}; y_{t−1} needs consecutive periods`,
      hint: 'fill the missing periods or estimate the segments separately',
    }),
  },
  R564: {
    title: 'an unbalanced dynamic panel',
    format: (p: { regressor?: string; unit: string; period: string }) => ({
      message:
        p.regressor === undefined
          ? `y is missing for unit "${p.unit}" in period ${p.period}: the dynamic model needs a balanced panel (every unit in every period)`
          : `regressor "${p.regressor}" is missing for unit "${p.unit}" in period ${p.period}: the dynamic model needs a balanced panel`,
      hint: FILL_OR_DROP,
    }),
  },
  R565: {
    title: 'an unknown dynamic model',
    format: (p: { model: string; allowed: readonly string[] }) =>
      `unknown dynamic model "${p.model}" (use ${p.allowed.map((m) => `'${m}'`).join(' or ')})`,
  },
  R566: {
    title: 'fixed effects the dynamic model does not support',
    format: (p: { effect: string }) =>
      `fixed effects "${p.effect}" are not supported by the dynamic model (use 'individual' or 'twoways')`,
  },
  R567: {
    title: 'an unknown bias correction',
    format: (p: { correction: string }) => `unknown bias correction "${p.correction}" (use 'lee_yu' or 'none')`,
  },
  R568: {
    title: 'a dynamic model without a time lag',
    format: () => ({
      message: 'the dynamic model needs y_{t−1} or W y_{t−1} (timeLag or spaceTimeLag)',
      hint: 'use fitSpatialPanel for the static model',
    }),
  },
  R569: {
    title: 'the Lee–Yu correction needs the eigenvalues of weights too large for them',
    format: (p: { tau: number; eta: number; rho: number; bound: number; N: number; maxN: number }) => ({
      message: `the ML estimates (τ = ${p.tau.toPrecision(4)}, η = ${p.eta.toPrecision(4)}, ρ = ${p.rho.toPrecision(4)}) allow eigenvalues of A = (I − ρW)⁻¹(τI + ηW) above 1 − 1/n (bound ${p.bound.toPrecision(4)}): the Lee–Yu correction must then remove them, which needs the eigenvalues of W, but N = ${p.N} > eigenMaxN = ${p.maxN}`,
      hint: "raise opts.eigenMaxN (dense O(N³) work), or fit with biasCorrection: 'none'",
    }),
  },
  R570: {
    title: 'a bias-corrected ρ outside the admissible interval',
    format: (p: { rho: number; r: number }) => ({
      message: `the bias-corrected ρ = ${p.rho} is outside (−1/r, 1/r) = (${-1 / p.r}, ${1 / p.r}), where I − ρW cannot be factored safely`,
      hint: "report the uncorrected estimates (biasCorrection: 'none') and check the model for a unit root",
    }),
  },
  R571: {
    title: 'a bias-corrected σ² that is not positive',
    format: (p: { sigma2: number }) => `the bias-corrected σ² = ${p.sigma2} is not positive`,
  },
  R572: {
    title: 'an information matrix that is not positive definite',
    format: () => 'the information matrix seems negative semi-definite',
  },
  R573: {
    title: 'a bias-correction power series that diverges',
    format: (p: { q: number }) => `the bias-correction series diverges at r·max(|ρ|, |μ|) = ${p.q}`,
  },
  // ------------------------------------------------------------------------------------------------ effects, LM / Wald
  R580: { title: 'eigenvalue effects without eigenvalues', format: () => "method 'eigen' needs the eigenvalues of W" },
  R581: {
    title: 'a covariance matrix of the estimates that is not positive definite',
    format: () => 'the covariance matrix of the estimates is not positive definite',
  },
  R582: {
    title: 'fewer than 2 simulation draws',
    format: (p: { draws: number }) => `draws must be an integer ≥ 2, got ${p.draws}`,
  },
  R583: {
    title: 'almost every draw of ρ outside the admissible interval',
    format: () => 'almost every draw of ρ falls outside the admissible interval',
  },
  R584: {
    title: 'long-run multipliers whose power series diverges',
    format: cases({
      draw: (p: { q: number; N: number; maxN: number }) => ({
        message: `a draw has |(ρ + η)/(1 − τ)| or |ρ| = ${p.q.toPrecision(4)} ≥ 0.999, where the power series of the long-run multipliers diverges, and N = ${p.N} > eigenMaxN = ${p.maxN}`,
        hint: 'raise opts.eigenMaxN (dense eigenvalues), or check the dynamics for a unit root',
      }),
      series: (p: { q: number }) => ({
        message: `the power series of the multipliers diverges at |μ| = ${p.q.toPrecision(4)}`,
        hint: "use method 'eigen'",
      }),
    }),
  },
  R585: {
    title: 'LM tests given arrays of the wrong length',
    format: (p: { NT: number }) => `y and X must have N·T = ${p.NT} rows`,
  },
  R586: {
    title: 'LM tests given weights of the wrong size',
    format: (p: { w: number; N: number }) => `W has ${p.w} units but the panel has N = ${p.N}`,
  },
  R587: {
    title: 'Wald tests of Durbin terms on a fit that is not an SDM',
    format: (p: { model: string }) => `Wald tests of the Durbin terms need an SDM fit, got ${p.model}`,
  },
  R588: { title: 'Wald tests of an SDM without Durbin terms', format: () => 'the SDM has no Durbin terms' },
  // ------------------------------------------------------------------------------------------------ Moran
  R590: {
    title: "a Moran's I variable that is not finite",
    format: (p: { value: number; unit: string }) => `value ${p.value} for unit "${p.unit}" is not finite`,
  },
  R591: { title: "Moran's I of a constant variable", format: () => "Moran's I is undefined for a constant variable" },
  R592: {
    title: "a Moran's I variable of the wrong length",
    format: cases({
      vector: (p: { values: number; n: number }) => `variable has ${p.values} values but W has ${p.n} units`,
      panel: (p: { values: number; N: number; T: number }) =>
        `panel vector has ${p.values} values, expected N·T = ${p.N}·${p.T}`,
    }),
  },
  R593: {
    title: "Moran's I with fewer than 4 units",
    format: (p: { n: number }) => `Moran's I needs at least 4 units, got ${p.n}`,
  },
});
