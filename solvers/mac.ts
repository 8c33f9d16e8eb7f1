// Marginal abatement cost (MAC) curves for the cooperative-emission-reduction (CER) study (seed 002, Eq. 4–9).
//
// Units and conventions
// - P (abatement rate) is a FRACTION throughout (0.5878, not 58.78). Tables print percent: convert first.
// - A MAC curve gives cost per unit of P; its integral from 0 is the total cost RC(P) (Eq. 9), so cost(0) = 0
//   for every integrated form. A fitted MAC in "billion USD per unit P" integrates to billion USD.
// - Eq. 5–8 imply MAC_t = G_t0 · P_t / (1 − P_t) exactly (see derivePoints): the "data points" lie on a curve
//   fixed by base-year GDP, so a quadratic fit is a local approximation of it. The `pel` cost form is that exact
//   curve integrated, kept one setting away from the paper's quadratic.
import { SolverError } from './errors.ts';

// ---------------------------------------------------------------------------------------------------------
// Points from yearly series (Eq. 5–8)
// ---------------------------------------------------------------------------------------------------------

export interface MacPoints {
  /** Abatement rate relative to the base year, P_t = ΔE_t / E_t0 = 1 − CI_t / CI_t0 (fraction). */
  P: Float64Array;
  /** Potential economic loss used as MAC, Eq. 5: (CP_t − CP_t0) · E_t0 (GDP units). */
  mac: Float64Array;
  /** Emission reduction, Eq. 7: (CI_t0 − CI_t) · G_t0 (emission units). */
  reduction: Float64Array;
  /** Carbon intensity, Eq. 8: E_t / G_t. */
  intensity: Float64Array;
  /** Carbon productivity, Eq. 6: G_t / E_t. */
  productivity: Float64Array;
  baseIndex: number;
  baseGdp: number;
  baseEmissions: number;
}

/**
 * Derive (P, MAC) points from yearly GDP and emission series by Eq. 5–8, relative to year `baseIndex`.
 * The base year itself gives P = 0, MAC = 0; years whose intensity rose give P < 0 and MAC < 0.
 */
export function derivePoints(gdp: ArrayLike<number>, emissions: ArrayLike<number>, baseIndex = 0): MacPoints {
  const n = gdp.length;
  if (emissions.length !== n) {
    throw new SolverError('R640', { case: 'lengths', gdp: n, emissions: emissions.length });
  }
  if (!Number.isInteger(baseIndex) || baseIndex < 0 || baseIndex >= n) {
    throw new SolverError('R640', { case: 'base', base: baseIndex, n });
  }
  for (let t = 0; t < n; t++) {
    const g = gdp[t]!;
    const e = emissions[t]!;
    if (!(g > 0) || !(e > 0) || !Number.isFinite(g) || !Number.isFinite(e)) {
      throw new SolverError('R640', { case: 'value', index: t, gdp: g, emissions: e });
    }
  }
  const g0 = gdp[baseIndex]!;
  const e0 = emissions[baseIndex]!;
  const ci0 = e0 / g0;
  const cp0 = g0 / e0;
  const P = new Float64Array(n);
  const mac = new Float64Array(n);
  const reduction = new Float64Array(n);
  const intensity = new Float64Array(n);
  const productivity = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const ci = emissions[t]! / gdp[t]!;
    const cp = gdp[t]! / emissions[t]!;
    intensity[t] = ci;
    productivity[t] = cp;
    reduction[t] = (ci0 - ci) * g0;
    P[t] = reduction[t]! / e0;
    mac[t] = (cp - cp0) * e0;
  }
  // The base year must be exact zeros, not rounding noise, so fits that drop P <= 0 drop it.
  P[baseIndex] = 0;
  mac[baseIndex] = 0;
  reduction[baseIndex] = 0;
  return { P, mac, reduction, intensity, productivity, baseIndex, baseGdp: g0, baseEmissions: e0 };
}

/** The curve the Eq. 5–8 points lie on: MAC = G_t0 · P / (1 − P). */
export function impliedMac(baseGdp: number, P: number): number {
  return (baseGdp * P) / (1 - P);
}

// ---------------------------------------------------------------------------------------------------------
// Least squares (Householder QR; p <= 4 here so no library is needed)
// ---------------------------------------------------------------------------------------------------------

/** Solve min ||X b − y|| for row-major X (n×p). Throws MAC_SINGULAR when the columns are (near) dependent. */
function lstsq(X: Float64Array, y: Float64Array, n: number, p: number, what: string): Float64Array {
  const A = Float64Array.from(X);
  const r = Float64Array.from(y);
  const diag = new Float64Array(p);
  let maxNorm = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[i * p + j]! * A[i * p + j]!;
    maxNorm = Math.max(maxNorm, Math.sqrt(s));
  }
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += A[i * p + j]! * A[i * p + j]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12 * maxNorm)) {
      throw new SolverError('R641', { what });
    }
    const alpha = A[j * p + j]! > 0 ? -norm : norm;
    // v = x − alpha e1 stored in place; H = I − 2vv'/v'v
    A[j * p + j] = A[j * p + j]! - alpha;
    let vtv = 0;
    for (let i = j; i < n; i++) vtv += A[i * p + j]! * A[i * p + j]!;
    for (let k = j + 1; k < p; k++) {
      let s = 0;
      for (let i = j; i < n; i++) s += A[i * p + j]! * A[i * p + k]!;
      const f = (2 * s) / vtv;
      for (let i = j; i < n; i++) A[i * p + k] = A[i * p + k]! - f * A[i * p + j]!;
    }
    let s = 0;
    for (let i = j; i < n; i++) s += A[i * p + j]! * r[i]!;
    const f = (2 * s) / vtv;
    for (let i = j; i < n; i++) r[i] = r[i]! - f * A[i * p + j]!;
    diag[j] = alpha;
  }
  const b = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let s = r[j]!;
    for (let k = j + 1; k < p; k++) s -= A[j * p + k]! * b[k]!;
    b[j] = s / diag[j]!;
  }
  return b;
}

function goodness(y: ArrayLike<number>, fitted: Float64Array): { r2: number; rmse: number; residuals: Float64Array } {
  const n = fitted.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    residuals[i] = y[i]! - fitted[i]!;
    ssRes += residuals[i]! * residuals[i]!;
    ssTot += (y[i]! - mean) * (y[i]! - mean);
  }
  // R² is undefined for a constant response; report NaN rather than a misleading 0 or 1.
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN, rmse: Math.sqrt(ssRes / n), residuals };
}

function checkPair(P: ArrayLike<number>, y: ArrayLike<number>, what: string): void {
  if (P.length !== y.length) throw new SolverError('R642', { case: 'lengths', what, P: P.length, values: y.length });
  for (let i = 0; i < P.length; i++) {
    if (!Number.isFinite(P[i]!) || !Number.isFinite(y[i]!)) {
      throw new SolverError('R642', { case: 'value', what, index: i, P: P[i]!, value: y[i]! });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// MAC fits (Eq. 4 and the log / power alternatives of Supplementary Tables S3–S5)
// ---------------------------------------------------------------------------------------------------------

export type MacForm = 'quadratic' | 'log' | 'power';

export interface MacFit {
  form: MacForm;
  /** quadratic: [a, b, c] for MAC = aP² + bP + c (Eq. 4); log: [a, b] for MAC = a + b·ln P; power: [a, b] for MAC = a·P^b. */
  coef: Float64Array;
  /** 1 − SS_res/SS_tot on the MAC scale for every form (so forms compare), NaN for a constant response. */
  r2: number;
  /** sqrt(SS_res / n) on the MAC scale. */
  rmse: number;
  /** Points used. */
  n: number;
  /** Points dropped (log/power need P > 0; power by log-log regression also needs MAC > 0). */
  dropped: number;
  droppedReason?: string;
  /** Residuals (observed − fitted) of the points used, in input order. */
  residuals: Float64Array;
  /** Indices (into the input) of the points used. */
  used: Int32Array;
}

/** Quadratic MAC(P) = aP² + bP + c by least squares (Eq. 4). Needs ≥ 3 points with ≥ 3 distinct P. */
export function fitQuadratic(P: ArrayLike<number>, mac: ArrayLike<number>): MacFit {
  checkPair(P, mac, 'quadratic MAC fit');
  const n = P.length;
  if (n < 3) throw new SolverError('R643', { case: 'quadratic', n });
  const X = new Float64Array(n * 3);
  const y = Float64Array.from(mac);
  for (let i = 0; i < n; i++) {
    const p = P[i]!;
    X[i * 3] = p * p;
    X[i * 3 + 1] = p;
    X[i * 3 + 2] = 1;
  }
  const coef = lstsq(X, y, n, 3, 'quadratic MAC fit');
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = (coef[0]! * P[i]! + coef[1]!) * P[i]! + coef[2]!;
  const g = goodness(y, fitted);
  const used = new Int32Array(n);
  for (let i = 0; i < n; i++) used[i] = i;
  return { form: 'quadratic', coef, r2: g.r2, rmse: g.rmse, n, dropped: 0, residuals: g.residuals, used };
}

function positiveIndices(P: ArrayLike<number>, mac: ArrayLike<number> | null): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < P.length; i++) if (P[i]! > 0 && (mac === null || mac[i]! > 0)) idx.push(i);
  return Int32Array.from(idx);
}

/** Logarithmic MAC(P) = a + b·ln P by least squares over the points with P > 0 (others dropped and counted). */
export function fitLog(P: ArrayLike<number>, mac: ArrayLike<number>): MacFit {
  checkPair(P, mac, 'log MAC fit');
  const used = positiveIndices(P, null);
  const n = used.length;
  const dropped = P.length - n;
  if (n < 2) {
    throw new SolverError('R643', { case: 'log', n, dropped });
  }
  const X = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    X[k * 2] = 1;
    X[k * 2 + 1] = Math.log(P[used[k]!]!);
    y[k] = mac[used[k]!]!;
  }
  const coef = lstsq(X, y, n, 2, 'log MAC fit');
  const fitted = new Float64Array(n);
  for (let k = 0; k < n; k++) fitted[k] = coef[0]! + coef[1]! * X[k * 2 + 1]!;
  const g = goodness(y, fitted);
  return {
    form: 'log',
    coef,
    r2: g.r2,
    rmse: g.rmse,
    n,
    dropped,
    residuals: g.residuals,
    used,
    ...(dropped > 0 ? { droppedReason: `${dropped} point(s) with P <= 0 (ln P undefined), e.g. the base year` } : {}),
  };
}

export interface PowerFitOptions {
  /**
   * 'loglog' (default): OLS of ln MAC on ln P, the usual "power trend line"; needs MAC > 0.
   * 'nls': least squares on the MAC scale by Levenberg–Marquardt started from the log-log fit.
   */
  method?: 'loglog' | 'nls';
}

/** Power MAC(P) = a·P^b over the points with P > 0 (and MAC > 0 for the log-log start); others dropped and counted. */
export function fitPower(P: ArrayLike<number>, mac: ArrayLike<number>, opts: PowerFitOptions = {}): MacFit {
  checkPair(P, mac, 'power MAC fit');
  const method = opts.method ?? 'loglog';
  const used = positiveIndices(P, mac);
  const n = used.length;
  const dropped = P.length - n;
  if (n < 2) {
    throw new SolverError('R643', { case: 'power', n, dropped });
  }
  const X = new Float64Array(n * 2);
  const ly = new Float64Array(n);
  const y = new Float64Array(n);
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    x[k] = P[used[k]!]!;
    y[k] = mac[used[k]!]!;
    X[k * 2] = 1;
    X[k * 2 + 1] = Math.log(x[k]!);
    ly[k] = Math.log(y[k]!);
  }
  const ll = lstsq(X, ly, n, 2, 'power MAC fit');
  let a = Math.exp(ll[0]!);
  let b = ll[1]!;
  if (method === 'nls') [a, b] = levenbergPower(x, y, a, b);
  const fitted = new Float64Array(n);
  for (let k = 0; k < n; k++) fitted[k] = a * Math.pow(x[k]!, b);
  const g = goodness(y, fitted);
  return {
    form: 'power',
    coef: Float64Array.of(a, b),
    r2: g.r2,
    rmse: g.rmse,
    n,
    dropped,
    residuals: g.residuals,
    used,
    ...(dropped > 0
      ? { droppedReason: `${dropped} point(s) with P <= 0 or MAC <= 0 (logarithm undefined), e.g. the base year` }
      : {}),
  };
}

/** Levenberg–Marquardt for y ≈ a·x^b (2 parameters, closed-form 2×2 solves). */
function levenbergPower(x: Float64Array, y: Float64Array, a0: number, b0: number): [number, number] {
  const n = x.length;
  let a = a0;
  let b = b0;
  const sse = (aa: number, bb: number) => {
    let s = 0;
    for (let k = 0; k < n; k++) {
      const r = y[k]! - aa * Math.pow(x[k]!, bb);
      s += r * r;
    }
    return s;
  };
  let cur = sse(a, b);
  let mu = 1e-3;
  for (let it = 0; it < 500; it++) {
    let jaa = 0,
      jab = 0,
      jbb = 0,
      ga = 0,
      gb = 0;
    for (let k = 0; k < n; k++) {
      const xb = Math.pow(x[k]!, b);
      const da = xb;
      const db = a * xb * Math.log(x[k]!);
      const r = y[k]! - a * xb;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 60; tries++) {
      const m11 = jaa * (1 + mu),
        m22 = jbb * (1 + mu);
      const det = m11 * m22 - jab * jab;
      const sa = (m22 * ga - jab * gb) / det;
      const sb = (m11 * gb - jab * ga) / det;
      const na = a + sa,
        nb = b + sb;
      const next = sse(na, nb);
      if (Number.isFinite(next) && next <= cur) {
        const rel = Math.abs(sa) / (Math.abs(a) + 1e-300) + Math.abs(sb) / (Math.abs(b) + 1e-12);
        a = na;
        b = nb;
        const conv = cur - next <= 1e-15 * cur || rel < 1e-13;
        cur = next;
        mu = Math.max(mu / 10, 1e-15);
        improved = true;
        if (conv) return [a, b];
        break;
      }
      mu *= 10;
    }
    if (!improved) break;
  }
  return [a, b];
}

/** Fit one MAC form by name. */
export function fitMac(
  P: ArrayLike<number>,
  mac: ArrayLike<number>,
  form: MacForm,
  opts: PowerFitOptions = {},
): MacFit {
  if (form === 'quadratic') return fitQuadratic(P, mac);
  if (form === 'log') return fitLog(P, mac);
  if (form === 'power') return fitPower(P, mac, opts);
  throw new SolverError('R644', { form: String(form) });
}

// ---------------------------------------------------------------------------------------------------------
// Total cost curves RC(P) (Eq. 9)
// ---------------------------------------------------------------------------------------------------------

/**
 * A total-cost curve RC(P) with RC(0) = 0 for the integrated forms.
 * - poly:  RC = Σ_k coef[k]·P^k (ascending powers; an integrated quadratic MAC aP²+bP+c is [0, c, b/2, a/3],
 *          the recovered cubic aP³+bP²+cP is [0, c, b, a]).
 * - log:   integral of MAC = a + b·ln p from 0: RC = (a − b)·P + b·P·ln P  (P ≥ 0).
 * - power: integral of MAC = a·p^b from 0: RC = a·P^(b+1)/(b+1)  (P ≥ 0, b > −1).
 * - pel:   integral of the exact Eq. 5–8 curve MAC = g0·p/(1−p): RC = g0·(−ln(1−P) − P)  (P < 1).
 */
export type CostCurve =
  | { form: 'poly'; coef: Float64Array }
  | { form: 'log'; a: number; b: number }
  | { form: 'power'; a: number; b: number }
  | { form: 'pel'; g0: number };

/** RC(P) = aP³ + bP² + cP (the form the seeds README recovers from the paper's tables). */
export function cubicCost(a: number, b: number, c: number): CostCurve {
  return { form: 'poly', coef: Float64Array.of(0, c, b, a) };
}

/** Total cost RC(P). NaN outside the form's domain. */
export function cost(c: CostCurve, P: number): number {
  switch (c.form) {
    case 'poly': {
      const k = c.coef;
      let s = 0;
      for (let i = k.length - 1; i >= 0; i--) s = s * P + k[i]!;
      return s;
    }
    case 'log':
      if (P < 0) return NaN;
      return P === 0 ? 0 : (c.a - c.b) * P + c.b * P * Math.log(P);
    case 'power':
      if (P < 0) return NaN;
      return (c.a * Math.pow(P, c.b + 1)) / (c.b + 1);
    case 'pel':
      if (P >= 1) return NaN;
      return c.g0 * (-Math.log1p(-P) - P);
  }
}

/** Marginal cost RC'(P) (the MAC). */
export function marginal(c: CostCurve, P: number): number {
  switch (c.form) {
    case 'poly': {
      const k = c.coef;
      let s = 0;
      for (let i = k.length - 1; i >= 1; i--) s = s * P + i * k[i]!;
      return s;
    }
    case 'log':
      if (P < 0) return NaN;
      return c.a + c.b * Math.log(P);
    case 'power':
      if (P < 0) return NaN;
      return c.a * Math.pow(P, c.b);
    case 'pel':
      if (P >= 1) return NaN;
      return (c.g0 * P) / (1 - P);
  }
}

/** Curvature RC''(P) (slope of the MAC); negative where the cost is not convex. */
export function curvature(c: CostCurve, P: number): number {
  switch (c.form) {
    case 'poly': {
      const k = c.coef;
      let s = 0;
      for (let i = k.length - 1; i >= 2; i--) s = s * P + i * (i - 1) * k[i]!;
      return s;
    }
    case 'log':
      if (P < 0) return NaN;
      return c.b / P;
    case 'power':
      if (P < 0) return NaN;
      return c.a * c.b * Math.pow(P, c.b - 1);
    case 'pel':
      if (P >= 1) return NaN;
      return c.g0 / ((1 - P) * (1 - P));
  }
}

/** Closed-form integral from 0 of a fitted MAC (Eq. 9). Power needs b > −1 (else the integral diverges). */
export function integrateMac(fit: MacFit): CostCurve {
  const k = fit.coef;
  switch (fit.form) {
    case 'quadratic':
      return { form: 'poly', coef: Float64Array.of(0, k[2]!, k[1]! / 2, k[0]! / 3) };
    case 'log':
      return { form: 'log', a: k[0]!, b: k[1]! };
    case 'power':
      if (!(k[1]! > -1)) {
        throw new SolverError('R645', { b: k[1]! });
      }
      return { form: 'power', a: k[0]!, b: k[1]! };
  }
}

export interface CubicCostFit {
  /** RC = aP³ + bP² + cP. */
  a: number;
  b: number;
  c: number;
  curve: CostCurve;
  r2: number;
  rmse: number;
  n: number;
  residuals: Float64Array;
}

/** Least-squares RC = aP³ + bP² + cP through the origin from (P, cost) pairs (P a fraction). Needs 3 distinct nonzero P. */
export function fitCubicCost(P: ArrayLike<number>, costs: ArrayLike<number>): CubicCostFit {
  checkPair(P, costs, 'cubic cost fit');
  const n = P.length;
  if (n < 3) throw new SolverError('R643', { case: 'cubic', n });
  const X = new Float64Array(n * 3);
  const y = Float64Array.from(costs);
  for (let i = 0; i < n; i++) {
    const p = P[i]!;
    X[i * 3] = p * p * p;
    X[i * 3 + 1] = p * p;
    X[i * 3 + 2] = p;
  }
  const k = lstsq(X, y, n, 3, 'cubic cost fit');
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = ((k[0]! * P[i]! + k[1]!) * P[i]! + k[2]!) * P[i]!;
  const g = goodness(y, fitted);
  return {
    a: k[0]!,
    b: k[1]!,
    c: k[2]!,
    curve: cubicCost(k[0]!, k[1]!, k[2]!),
    r2: g.r2,
    rmse: g.rmse,
    n,
    residuals: g.residuals,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Convexity on an interval
// ---------------------------------------------------------------------------------------------------------

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Where on [lo, hi] the MAC decreases (RC'' < 0, so the cost is not convex): returns that sub-interval,
 * or null when RC is convex on the whole interval. Exact for cubic costs (RC'' linear), log, power and pel;
 * for polynomial costs of degree > 3 the sign changes of RC'' are located by a fine scan plus bisection, and
 * the FIRST negative sub-interval is returned.
 */
export function checkConvex(c: CostCurve, lo: number, hi: number): Interval | null {
  if (!(lo <= hi)) throw new SolverError('R646', { lo, hi });
  switch (c.form) {
    case 'poly': {
      const k = c.coef;
      let deg = k.length - 1;
      while (deg > 0 && k[deg] === 0) deg--;
      if (deg <= 1) return null;
      if (deg <= 3) {
        // RC'' = 6·k3·P + 2·k2
        const s = 6 * (k[3] ?? 0);
        const t = 2 * k[2]!;
        if (s === 0) return t < 0 ? { lo, hi } : null;
        const root = -t / s;
        if (s > 0) {
          // negative left of the root
          if (root <= lo) return null;
          return { lo, hi: Math.min(root, hi) };
        }
        if (root >= hi) return null;
        return { lo: Math.max(root, lo), hi };
      }
      return scanNegative((p) => curvature(c, p), lo, hi, 64 * deg);
    }
    case 'log':
      if (c.b >= 0 || hi <= 0) return null;
      return { lo: Math.max(lo, 0), hi };
    case 'power':
      if (c.a * c.b >= 0 || hi <= 0) return null;
      return { lo: Math.max(lo, 0), hi };
    case 'pel':
      return c.g0 < 0 ? { lo, hi: Math.min(hi, 1) } : null;
  }
}

function scanNegative(f: (x: number) => number, lo: number, hi: number, steps: number): Interval | null {
  if (lo === hi) return f(lo) < 0 ? { lo, hi } : null;
  const h = (hi - lo) / steps;
  const edge = (a: number, b: number, negAtA: boolean) => {
    // bisection for the sign change between a and b
    for (let it = 0; it < 100; it++) {
      const m = 0.5 * (a + b);
      if (m <= a || m >= b) break;
      if (f(m) < 0 === negAtA) a = m;
      else b = m;
    }
    return 0.5 * (a + b);
  };
  let start = NaN;
  let prevX = lo;
  let prevNeg = f(lo) < 0;
  if (prevNeg) start = lo;
  for (let s = 1; s <= steps; s++) {
    const x = s === steps ? hi : lo + s * h;
    const neg = f(x) < 0;
    if (neg && !prevNeg) start = edge(prevX, x, false);
    if (!neg && prevNeg) return { lo: start, hi: edge(prevX, x, true) };
    prevX = x;
    prevNeg = neg;
  }
  return prevNeg ? { lo: start, hi } : null;
}
