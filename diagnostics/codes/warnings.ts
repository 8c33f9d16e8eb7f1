// Run-time warnings (W5xx): the solvers' (W500–W539) and the executor's and construct runners' (W540–W559).
// A run keeps them as lines `[declaration: ]W500: message` in results.json and the report.
import { cases, defineCodes } from '../define.ts';

const e1 = (x: number) => x.toExponential(1);
const e2 = (x: number) => x.toExponential(2);

export const SOLVER_WARNINGS = defineCodes('solvers', {
  W500: {
    title: 'a spatial parameter at the edge of its admissible interval',
    format: cases({
      edge: (p: { symbol: string; value: number; lo: number; hi: number }) =>
        `${p.symbol} = ${p.value} is at the edge of the admissible interval (${p.lo}, ${p.hi}); the estimates should not be used`,
      corrected: (p: { rho: number; lo?: number; hi?: number }) =>
        `the bias-corrected ρ = ${p.rho} left the admissible interval${p.lo === undefined ? '' : ` (${p.lo}, ${p.hi})`}`,
    }),
  },
  W501: {
    title: 'the random-effects variance ratio φ at a bound',
    format: cases({
      lower: (p: { phi: number; bound: number }) =>
        `φ = σ²_μ/σ² = ${p.phi} is at the lower bound ${p.bound}: no detectable random unit effect (a pooled model fits as well)`,
      upper: (p: { phi: number; bound: number }) =>
        `φ = σ²_μ/σ² = ${p.phi} is at the upper bound ${p.bound}: the unit effects dominate (use fixed effects)`,
    }),
  },
  W502: {
    title: 'an approximate log-determinant (Chebyshev or Monte Carlo), with its error bound',
    format: cases({
      bound: (p: { method: 'Monte Carlo' | 'Chebyshev'; bound: number }) =>
        `${p.method} log-determinant, error bound ${e2(p.bound)} at the estimate`,
      /** the log-determinant report's own sentence (method, order, probes, bounds on the error and on ρ̂) */
      report: (p: { description: string }) => p.description,
    }),
  },
  W503: {
    title: 'traces estimated by Hutchinson probes (standard errors approximate)',
    format: cases({
      static: (p: { probes: number; rel: number; series: boolean }) =>
        `traces of G estimated with ${p.probes} Hutchinson probes${p.series ? ' (tr G, tr G² from the power traces of the log-determinant)' : ''} (relative standard error ≤ ${e1(p.rel)}); standard errors of ρ/λ are approximate to that order`,
      dynamic: (p: { probes: number; rel: number; biasCorrected: boolean }) =>
        `traces estimated with ${p.probes} Hutchinson probes (relative standard error ≤ ${e1(p.rel)}); standard errors${p.biasCorrected ? ' and the bias correction' : ''} are approximate to that order`,
      random: (p: { probes: number; rel: number; symbol: string }) =>
        `tr(G²) estimated with ${p.probes} Hutchinson probes (relative standard error ${e1(p.rel)}); the standard errors of φ and ${p.symbol} are approximate to that order`,
    }),
  },
  W504: {
    title: 'a Hessian that is not negative definite (standard errors unreliable)',
    format: (p: { symbol: string }) =>
      `the Hessian of the concentrated log-likelihood in (φ, ${p.symbol}) is not negative definite at the estimate; their standard errors are unreliable`,
  },
  W505: {
    title: 'a Hausman covariance difference that is not positive definite',
    format: () =>
      'V_RE − V_FE is not positive definite; the statistic is |d′(V_RE − V_FE)⁻¹d| as splm reports it, and its χ² distribution is doubtful',
  },
  W506: {
    title: 'period effects removed by demeaning (weights not row-standardised)',
    format: () =>
      'W is not row-standardised, so the period effects are removed by plain demeaning (as SDPDm), not by the Lee–Yu orthonormal transformation',
  },
  W507: {
    title: 'a log-likelihood undefined at a trial ρ',
    format: (p: { rho: number }) => `ln|I − ρW| is undefined at ρ = ${p.rho}`,
  },
  W508: {
    title: 'an ill-conditioned information matrix raised to positive definite (nearPD)',
    format: (p: { ratio: number; biasCorrected: boolean }) =>
      `the information matrix at the ML estimate has eigenvalue ratio ${e2(p.ratio)} < 1e-6; as SDPDmod, Matrix::nearPD raised its smallest eigen-components before inversion, which inflates the uncorrected standard errors${p.biasCorrected ? ' and changes the bias correction' : ''} (and depends on the units of y); informationRegularisation: 'none' turns this off`,
  },
  W509: {
    title: 'unstable roots removed from the bias correction',
    format: (p: { count: number }) =>
      `${p.count} eigenvalue(s) of A = (I − ρW)⁻¹(τI + ηW) have real part above 1 − 1/n (explosive or near-unit-root dynamics); removed from the bias correction as SDPDmod does`,
  },
  W510: {
    title: 'complex unstable roots removed in conjugate pairs',
    format: () =>
      'complex unstable eigenvalues were removed in conjugate pairs (SDPDmod takes real parts of their eigenvectors)',
  },
  W511: {
    title: 'a covariance matrix regularised for the effect draws',
    format: () => 'covariance matrix regularised by a relative ridge of 1e-10 for the draws',
  },
  W512: {
    title: 'effects by a truncated power series',
    format: cases({
      estimate: (p: { order: number; bound: number }) =>
        `power series truncated at order ${p.order}, bound ${e2(p.bound)} at ρ̂`,
      draws: (p: { order: number; bound: number }) =>
        `power series truncated at order ${p.order}, bound ${e2(p.bound)} at the largest |ρ|, |μ| drawn`,
    }),
  },
  W513: {
    title: 'effect multipliers from estimated traces',
    format: cases({
      static: (p: { rel: number }) =>
        `traces of W^k estimated by Hutchinson probes; relative standard error of the direct-effect multiplier ≈ ${e1(p.rel)}`,
      dynamic: (p: { rel: number }) =>
        `traces of W^k estimated by Hutchinson probes; relative standard error of the short-run direct multiplier ≈ ${e1(p.rel)}`,
    }),
  },
  W514: {
    title: 'effect draws with ρ outside the admissible interval, redrawn',
    format: (p: { rejected: number; lo: number; hi: number }) =>
      `${p.rejected} draw(s) with ρ outside (${p.lo}, ${p.hi}) were redrawn`,
  },
});

export const EXECUTE_WARNINGS = defineCodes('execute', {
  W540: { title: 'an empty set', format: () => 'the set has no members' },
  W541: {
    title: 'a Shapley value estimated by sampling',
    format: (p: { samples: number; seed: number }) =>
      `Shapley value estimated from ${p.samples} sampled permutations (seed ${p.seed}); standard errors in the table`,
  },
  W542: {
    title: 'the core check and the nucleolus skipped for a large game',
    format: (p: { limit: number; players: number }) =>
      `the core check and the nucleolus need every coalition's worth, which is not tabulated above ${p.limit} players; skipped for ${p.players}`,
  },
  W543: {
    title: 'weights with islands (units without neighbours)',
    format: (p: { islands: readonly string[] }) =>
      `${p.islands.length} unit(s) without neighbours (islands): ${p.islands.slice(0, 10).join(', ')}`,
  },
  W544: {
    title: 'units without a neighbour inside a subsample',
    format: (p: { islands: readonly string[] }) =>
      `${p.islands.length} unit(s) have no neighbour inside the subsample: ${p.islands.slice(0, 10).join(', ')}`,
  },
  W545: {
    title: 'the Lee–Yu correction unavailable for the model (fitted without it)',
    format: (p: { model: string }) =>
      `the Lee–Yu correction is not available for ${p.model} with two-way effects; fitted without it`,
  },
});
