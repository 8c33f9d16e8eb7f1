// Numerical kernels (R9xx): dense and sparse linear algebra, eigenvalues, log-determinants, root finding.
import { cases, defineCodes } from '../define.ts';

export const NUMERIC = defineCodes('solvers', {
  R900: { title: 'a singular matrix', format: (p: { what: string }) => `${p.what} is singular` },
  R901: {
    title: 'a sparse LU ordering that is not a permutation',
    format: cases({
      length: (p: { length: number; n: number }) => `ordering has length ${p.length}, expected ${p.n}`,
      permutation: () => 'ordering is not a permutation',
    }),
  },
  R902: {
    title: 'I − ρW singular at ρ',
    format: (p: { rho: number }) => ({
      message: `I − ρW is singular (or unstable without pivoting) at ρ = ${p.rho}`,
      hint: 'ρ is outside the range where I − ρW is invertible; narrow the search interval',
    }),
  },
  R903: {
    title: 'a sparse LU used before it was factored',
    format: (p: { before: 'using the factorisation' | 'solving' }) => `call factor(rho) before ${p.before}`,
  },
  R904: { title: 'eigenvalues that did not converge', format: () => 'tridiagonal QL did not converge' },
  R905: {
    title: 'dense eigenvalues of a matrix too large for them',
    format: (p: { n: number }) => ({
      message: `dense eigenvalues of a ${p.n}×${p.n} matrix would need ${((8 * p.n * p.n) / 2 ** 30).toFixed(1)} GiB and O(N³) time`,
      hint: "use the sparse LU or Monte Carlo log-determinant (logdet method 'lu' or 'mc')",
    }),
  },
  R906: {
    title: 'a negative determinant of I − ρW',
    format: (p: { rho: number }) => `det(I − ρW) < 0 at ρ = ${p.rho}: ρ is outside the admissible interval`,
  },
  R907: {
    title: 'a search interval that is not finite with a < b',
    format: (p: { a: number; b: number }) => `search interval must be finite with a < b, got [${p.a}, ${p.b}]`,
  },
  R908: { title: 'an objective that is NaN', format: (p: { x: number }) => `objective is NaN at ${p.x}` },
  // the log-determinant and trace machinery of large-N fits
  R909: {
    title: 'an unknown log-determinant method',
    format: (p: { method: string }) => ({
      message: `unknown log-determinant method "${p.method}"`,
      hint: 'use auto, eigen, lu, chebyshev or mc',
    }),
  },
  R910: {
    title: 'a Chebyshev log-determinant of weights with complex eigenvalues',
    format: () => ({
      message:
        'the Chebyshev log-determinant needs W similar to a symmetric matrix (a real spectrum); this W is not (kNN weights usually are not), so its error cannot be bounded',
      hint: 'use logdet = mc (its bound holds for any spectrum), or symmetric weights',
    }),
  },
  R911: {
    title: 'a log-determinant approximation order out of range',
    format: (p: { method: string; order: number; max: number }) =>
      `the ${p.method} order must be an integer in 1..${p.max}, got ${p.order}`,
  },
  R912: {
    title: 'ρ outside the range of a log-determinant series',
    format: (p: { rho: number; method: string }) =>
      `ρ = ${p.rho} is outside (−1/r, 1/r), where the ${p.method} series holds`,
  },
  R913: {
    title: 'a shifted solve at a ρ that is not finite',
    format: (p: { rho: number }) => `ρ must be finite, got ${p.rho}`,
  },
  R914: {
    title: 'an iterative solve with I − ρW that did not converge',
    format: (p: { rho: number; q: number }) => ({
      message: `the iterative solve with I − ρW did not converge at ρ = ${p.rho} (|ρ|·‖W‖∞ = ${p.q.toPrecision(4)})`,
      hint: 'ρ is at or beyond the edge of the admissible interval',
    }),
  },
  R915: {
    title: 'a trace estimate of a bad order',
    format: cases({
      order: (p: { order: number }) => `order must be ≥ 1, got ${p.order}`,
      combination: (p: { order: number; max: number }) => `a combination of order ${p.order} > ${p.max}`,
    }),
  },
  R916: {
    title: 'a Chebyshev trace basis of weights not similar to a symmetric matrix',
    format: () => 'the Chebyshev basis needs W similar to a symmetric matrix',
  },
  R917: {
    title: 'fewer than 2 probes for a trace standard error',
    format: (p: { probes: number }) => `at least 2 probes are needed for a standard error, got ${p.probes}`,
  },
  R918: {
    title: "series traces without the log-determinant's trace estimates",
    format: () => "traces 'series' need the trace estimates of W",
  },
});
