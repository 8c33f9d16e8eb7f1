// SYNTHETIC panel for seed 001 (Han et al. 2026, "The impact of industrial co-agglomeration on carbon intensity in
// northeast China"). The paper's city data are not public; this script draws a stand-in from a stated process with
// a fixed seed. Nothing computed from these files is a result of the paper. See README.md for the full account.
//
//   1. controls (gov, lnpgdp, fdi, lnrd, ti, lner): city effect + common path + AR(1) deviation, mapped to Table 1's
//      mean and standard deviation exactly (affine, or shift + exp(a + b·latent) for the positive skewed ones);
//   2. employment (city × year × industry, persons): city size × sector shares whose concentration in the large
//      cities is solved year by year so the mean co-agglomeration index follows a hump peaking in 2011 (§4.1);
//      coagg is then computed from the written integers by Eq. 4 (location quotients) and Eq. 3;
//   3. W: economic-geographic nested matrix from the coordinates and each city's mean pgdp (§3.2);
//   4. carbon: the dynamic SDM of Eq. 2 with Table 4 Model 2 as the true coefficients,
//        y_t = ρ W y_t + τ y_{t−1} + η W y_{t−1} + X_t β + W X_t θ + μ + α_t 1 + ε_t,
//      solved y_t = (I − ρW)^{-1}(…) each year after a 200-year burn-in; α_t holds the cross-sectional mean on a
//      "decline–rise–decline" path (Model 2's common root (τ + η)/(1 − ρ) = 1.187 would otherwise explode), μ_i
//      puts each city's steady state at a designed level; ε iid N(0, 0.4²).
//
// Run: npx tsx models/ne-china-coagg/data/generate_synthetic.ts [outDir]   (default: this folder)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, type Rng } from '../../../solvers/random.ts';
import {
  type CsrMatrix,
  csrToDense,
  economicDistanceWeights,
  economicGeographicWeights,
  inverseDistanceWeights,
  moranTest,
  nestedWeights,
  weightsEigenvalues,
} from '../../../solvers/spatial/index.ts';
import { invert } from '../../../solvers/spatial/linalg.ts';
import { CITIES } from './cities.ts';
import { PAPER_TABLE_ROWS } from './paper_tables.ts';

export const SEED = 20260528;
export const FIRST_YEAR = 2003;
export const LAST_YEAR = 2022;
export const YEARS: readonly number[] = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, k) => FIRST_YEAR + k);
export const BURN_IN = 200;
/** Weight of the geographic part of the nested matrix (see README: not stated by the paper). */
export const PHI_NESTED = 0.5;

/** The six producer-service sectors of §3.4, in the paper's listing order; `table7` is Table 7's sector number. */
export const SERVICE_SECTORS = [
  { key: 'wholesale_retail', label: 'Wholesale and retail trade', table7: 6, base: 0.3 },
  { key: 'transport_storage_post', label: 'Transport, storage and post', table7: 5, base: 0.25 },
  {
    key: 'information_software',
    label: 'Information transmission, software and information technology services',
    table7: 4,
    base: 0.08,
  },
  { key: 'finance', label: 'Finance', table7: 2, base: 0.15 },
  { key: 'leasing_business', label: 'Leasing and business services', table7: 3, base: 0.1 },
  { key: 'scientific_technical', label: 'Scientific research and technical services', table7: 1, base: 0.12 },
] as const;
export const MANUFACTURING = 'manufacturing';
export const ALL_INDUSTRIES = 'all_industries';

/** Table 1 targets (mean, sd) for the controls; FDI's sd is read as 0.0529 (the printed 0.529 is impossible). */
export const CONTROL_TARGETS = {
  gov: { mean: 0.226, sd: 0.261, source: 'Table 1 GOV' },
  lnpgdp: { mean: 10.524, sd: 0.702, source: 'Table 1 LnPGDP' },
  fdi: { mean: 0.034, sd: 0.0529, source: 'Table 1 FDI (sd printed 0.529, read as 0.0529)' },
  lnrd: { mean: 2.209, sd: 0.499, source: 'Table 1 LnRD' },
  ti: { mean: 0.007, sd: 0.007, source: 'Table 1 TI' },
  lner: { mean: -5.549, sd: 0.521, source: 'Table 1 LnER' },
} as const;
export const COAGG_TARGET = { mean: 1.361, sd: 0.939, peakYear: 2011, peak: 1.4 };
export const CARBON_TARGET = { mean: 6.297, sd: 5.78 };

/** Regressors of Eq. 2 in Table 4's order. */
export const REGRESSORS = ['coagg', 'coagg2', 'gov', 'lnpgdp', 'fdi', 'lnrd', 'ti', 'lner'] as const;
export type Regressor = (typeof REGRESSORS)[number];
const PAPER_NAME: Record<Regressor, string> = {
  coagg: 'Coagg',
  coagg2: 'Coagg^2',
  gov: 'GOV',
  lnpgdp: 'LnPGDP',
  fdi: 'FDI',
  lnrd: 'LnRD',
  ti: 'TI',
  lner: 'LnER',
};

/** Table 4, Model 2 (dynamic SDM, economic-geographic nested W): the true parameters of the DGP. */
export const TRUTH = {
  tau: 0.708, // y.L(1)
  eta: 0.265, // Wy.L(1)
  rho: 0.18, // ρ
  beta: {
    coagg: 0.55,
    coagg2: -0.082,
    gov: 0.009,
    lnpgdp: -1.212,
    fdi: 0.025,
    lnrd: -0.288,
    ti: -0.072,
    lner: 0.328,
  } as Record<Regressor, number>,
  theta: {
    coagg: -0.398,
    coagg2: 0.075,
    gov: 0.003,
    lnpgdp: 1.474,
    fdi: 0.005,
    lnrd: -0.282,
    ti: -0.263,
    lner: -0.008,
  } as Record<Regressor, number>,
};

// Decimals written for each column; every later step uses the values as written, so the files are self-consistent.
const DEC = { coagg: 10, gov: 8, lnpgdp: 8, pgdp: 4, fdi: 8, lnrd: 8, ti: 10, lner: 8, carbon: 8, eps: 10 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Small numeric helpers

const round = (v: number, d: number): number => Number(v.toFixed(d));

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Sample standard deviation (n − 1), as Stata's summarize prints it. */
export function sd(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return Math.sqrt(s / (a.length - 1));
}

function bisect(f: (x: number) => number, lo: number, hi: number, what: string, iters = 80): number {
  let flo = f(lo);
  const fhi = f(hi);
  if (flo * fhi > 0) throw new Error(`cannot bracket the ${what} (f(${lo}) = ${flo}, f(${hi}) = ${fhi})`);
  for (let k = 0; k < iters; k++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fm * flo < 0) hi = mid;
    else {
      lo = mid;
      flo = fm;
    }
  }
  return 0.5 * (lo + hi);
}

/**
 * Co-agglomeration index of Eq. 3 from the two location quotients:
 *   Coagg = (1 − |LQ_man − LQ_ser| / (LQ_man + LQ_ser)) + |LQ_man + LQ_ser|.
 */
export function coaggIndex(lqMan: number, lqSer: number): number {
  const s = lqMan + lqSer;
  return 1 - Math.abs(lqMan - lqSer) / s + Math.abs(s);
}

// Panel layout: time-major, index t·N + i (t = 0 is 2003, cities in CITIES order).
const N = CITIES.length;
const T = YEARS.length;
const at = (t: number, i: number) => t * N + i;

/** AR(1) deviations d[t,i] with stationary sd s and autocorrelation phi (stationary start). */
function ar1(rng: Rng, phi: number, s: number): Float64Array {
  const d = new Float64Array(N * T);
  const inno = s * Math.sqrt(1 - phi * phi);
  for (let i = 0; i < N; i++) {
    let v = s * rng.normal();
    for (let t = 0; t < T; t++) {
      if (t > 0) v = phi * v + inno * rng.normal();
      d[at(t, i)] = v;
    }
  }
  return d;
}

/** latent[t,i] = a_i + g_t + d[t,i]. */
function latent(a: ArrayLike<number>, g: ArrayLike<number>, d: Float64Array): Float64Array {
  const out = new Float64Array(N * T);
  for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) out[at(t, i)] = a[i]! + g[t]! + d[at(t, i)]!;
  return out;
}

/** Affine map of x to an exact sample mean and sd. */
function affineTo(x: Float64Array, m: number, s: number): Float64Array {
  const mx = mean(x);
  const sx = sd(x);
  return x.map((v) => m + (s * (v - mx)) / sx);
}

/** shift + exp(a + b·x) with (a, b) solved so the sample mean and sd are exact; keeps the variable above `shift`. */
function logAffineTo(x: Float64Array, shift: number, m: number, s: number, what: string): Float64Array {
  const z = affineTo(x, 0, 1);
  const cvTarget = s / (m - shift);
  const cvOf = (b: number) => {
    const e = z.map((v) => Math.exp(b * v));
    return sd(e) / mean(e);
  };
  const b = bisect((bb) => cvOf(bb) - cvTarget, 1e-6, 5, `log-scale spread of ${what}`);
  const e = z.map((v) => Math.exp(b * v));
  const a = Math.log((m - shift) / mean(e));
  return e.map((v) => shift + Math.exp(a) * v);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Controls

export interface Controls {
  gov: Float64Array;
  lnpgdp: Float64Array;
  pgdp: Float64Array;
  fdi: Float64Array;
  lnrd: Float64Array;
  ti: Float64Array;
  lner: Float64Array;
}

function drawControls(rng: Rng): Controls {
  const tier = CITIES.map((c) => c.incomeTier);
  const cityNormal = () => Float64Array.from(CITIES, () => rng.normal());
  const yr = YEARS.map((y) => y - FIRST_YEAR);

  // GDP per capita: fast growth to 2013, the 2014–2016 northeast slump, slow recovery, a 2020 dip.
  const gP = YEARS.map((y) => {
    let g = 0;
    for (let k = FIRST_YEAR + 1; k <= y; k++) g += k <= 2013 ? 0.11 : k <= 2016 ? 0.015 : 0.045;
    return g - (y === 2020 ? 0.03 : 0);
  });
  const zP = cityNormal();
  const aP = tier.map((v, i) => 0.35 * v + 0.12 * zP[i]!);
  const lnpgdp = affineTo(latent(aP, gP, ar1(rng, 0.8, 0.04)), CONTROL_TARGETS.lnpgdp.mean, CONTROL_TARGETS.lnpgdp.sd);

  // Fiscal expenditure / GDP: higher in poorer cities (transfers), rising over time; right-skewed.
  const zG = cityNormal();
  const aG = tier.map((v, i) => -0.4 * v + 0.5 * zG[i]!);
  const gov = logAffineTo(
    latent(
      aG,
      yr.map((k) => 0.03 * k),
      ar1(rng, 0.7, 0.25),
    ),
    0.09,
    CONTROL_TARGETS.gov.mean,
    CONTROL_TARGETS.gov.sd,
    'gov',
  );

  // FDI / GDP: richer and coastal cities higher (Dalian most), declining share over time.
  const zF = cityNormal();
  const aF = tier.map((v, i) => 0.5 * v + 0.6 * zF[i]! + (CITIES[i]!.name === 'Dalian' ? 1 : 0));
  const fdi = logAffineTo(
    latent(
      aF,
      yr.map((k) => -0.04 * k),
      ar1(rng, 0.6, 0.4),
    ),
    0,
    CONTROL_TARGETS.fdi.mean,
    CONTROL_TARGETS.fdi.sd,
    'fdi',
  );

  // ln road area per capita: slow upward trend.
  const zR = cityNormal();
  const aR = tier.map((v, i) => 0.2 * v + 0.3 * zR[i]!);
  const lnrd = affineTo(
    latent(
      aR,
      yr.map((k) => 0.035 * k),
      ar1(rng, 0.7, 0.1),
    ),
    CONTROL_TARGETS.lnrd.mean,
    CONTROL_TARGETS.lnrd.sd,
  );

  // S&T expenditure share: larger, richer cities higher; rising.
  const zT = cityNormal();
  const aT = CITIES.map((c, i) => 0.3 * c.incomeTier + 0.4 * Math.log(c.emp10k / 15) + 0.4 * zT[i]!);
  const ti = logAffineTo(
    latent(
      aT,
      yr.map((k) => 0.03 * k),
      ar1(rng, 0.7, 0.3),
    ),
    0.002,
    CONTROL_TARGETS.ti.mean,
    CONTROL_TARGETS.ti.sd,
    'ti',
  );

  // ln environmental-keyword share of the work report: rising, faster after 2012 (ecological civilisation).
  const zE = cityNormal();
  const lner = affineTo(
    latent(
      zE.map((v) => 0.3 * v),
      yr.map((k) => 0.015 * k + 0.04 * Math.max(0, k - 9)),
      ar1(rng, 0.5, 0.3),
    ),
    CONTROL_TARGETS.lner.mean,
    CONTROL_TARGETS.lner.sd,
  );

  const r = (x: Float64Array, d: number) => x.map((v) => round(v, d));
  const lnpgdpR = r(lnpgdp, DEC.lnpgdp);
  return {
    gov: r(gov, DEC.gov),
    lnpgdp: lnpgdpR,
    pgdp: lnpgdpR.map((v) => round(Math.exp(v), DEC.pgdp)),
    fdi: r(fdi, DEC.fdi),
    lnrd: r(lnrd, DEC.lnrd),
    ti: r(ti, DEC.ti),
    lner: r(lner, DEC.lner),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Employment and the co-agglomeration index (Eq. 3–4)

/** Employment by industry, persons; arrays in panel layout. `services[k]` follows SERVICE_SECTORS. */
export interface Employment {
  all: Float64Array;
  manufacturing: Float64Array;
  services: Float64Array[];
}

/**
 * Location quotients of Eq. 4 for one year t: LQ_ij = (e_ij / E_j) / (e_i / E), with E_j and E the totals over
 * the 34 sample cities, e_i the city's employment in all industries.
 */
export function locationQuotients(industry: ArrayLike<number>, all: ArrayLike<number>, t: number): Float64Array {
  let Ej = 0;
  let E = 0;
  for (let i = 0; i < N; i++) {
    Ej += industry[at(t, i)]!;
    E += all[at(t, i)]!;
  }
  const lq = new Float64Array(N);
  for (let i = 0; i < N; i++) lq[i] = industry[at(t, i)]! / Ej / (all[at(t, i)]! / E);
  return lq;
}

/** Producer services as one aggregate: the sum of the six sectors (the reading adopted for LQ_agser). */
export function servicesTotal(emp: Employment): Float64Array {
  const s = new Float64Array(N * T);
  for (const sec of emp.services) for (let p = 0; p < s.length; p++) s[p]! += sec[p]!;
  return s;
}

/** Coagg for every city-year from employment, Eq. 4 then Eq. 3; `services` defaults to the six-sector aggregate. */
export function coaggPanel(emp: Employment, services: ArrayLike<number> = servicesTotal(emp)): Float64Array {
  const out = new Float64Array(N * T);
  for (let t = 0; t < T; t++) {
    const lqM = locationQuotients(emp.manufacturing, emp.all, t);
    const lqS = locationQuotients(services, emp.all, t);
    for (let i = 0; i < N; i++) out[at(t, i)] = coaggIndex(lqM[i]!, lqS[i]!);
  }
  return out;
}

/** Target yearly mean of coagg: a hump 1.40 − c·(year − 2011)², c set so the 20-year average is Table 1's 1.361. */
export function coaggYearTargets(): Float64Array {
  const sq = YEARS.map((y) => (y - COAGG_TARGET.peakYear) ** 2);
  const c = (COAGG_TARGET.peak - COAGG_TARGET.mean) / mean(sq);
  return Float64Array.from(sq, (v) => COAGG_TARGET.peak - c * v);
}

// City and year noise of the log sector shares, tuned by hand once: the city part so that sd(coagg) ≈ Table 1's
// 0.939; the year part (persistent AR(1), sd 0.4, φ 0.9) gives coagg enough within-city variation for two-way
// fixed-effects estimates of β_coagg about as precise as the paper's (s.e. ≈ 0.19 against Table 4's 0.173).
const SHARE_CITY_SD = 0.4;
const SHARE_YEAR_SD = 0.4;
const SHARE_YEAR_PHI = 0.9;
const MAN_SHARE = 0.2; // regional manufacturing share of all employment before the cap
const SER_SHARE = 0.16; // regional producer-services share before the cap
const SHARE_CAP = 0.8; // manufacturing + producer services never above 80 % of a city's employment

function drawEmployment(rng: Rng): { emp: Employment; kappa: Float64Array } {
  const logSize = CITIES.map((c) => Math.log(c.emp10k));
  const ms = mean(logSize);
  const ss = sd(logSize);
  const z = logSize.map((v) => (v - ms) / ss);

  // Total employment: large cities grow ~1 %/yr, declining resource cities shrink 1.5 %/yr, others 0.5 %/yr.
  const dTot = ar1(rng, 0.8, 0.02);
  const all = new Float64Array(N * T);
  CITIES.forEach((c, i) => {
    const g = c.emp10k >= 50 ? 0.01 : c.resourceBased && c.incomeTier < 0 ? -0.015 : -0.005;
    for (let t = 0; t < T; t++)
      all[at(t, i)] = Math.round(c.emp10k * 1e4 * Math.exp(g * (YEARS[t]! - 2010) + dTot[at(t, i)]!));
  });

  const uM = Float64Array.from(CITIES, () => SHARE_CITY_SD * rng.normal());
  const uS = Float64Array.from(CITIES, () => SHARE_CITY_SD * rng.normal());
  const vM = ar1(rng, SHARE_YEAR_PHI, SHARE_YEAR_SD);
  const vS = ar1(rng, SHARE_YEAR_PHI, SHARE_YEAR_SD);
  // Sector mix within producer services: base mix × city tilt × slow drift; capitals tilt to knowledge services.
  const tilt = SERVICE_SECTORS.map((sec) =>
    Float64Array.from(
      CITIES,
      (c) =>
        0.35 * rng.normal() +
        (c.emp10k >= 50 &&
        (sec.key === 'information_software' || sec.key === 'scientific_technical' || sec.key === 'finance')
          ? 0.4
          : 0),
    ),
  );
  const drift = SERVICE_SECTORS.map(() => ar1(rng, 0.8, 0.08));

  const services = SERVICE_SECTORS.map(() => new Float64Array(N * T));
  const manufacturing = new Float64Array(N * T);

  // Employment of year t for a concentration exponent k: shares ∝ exp(k·z_i + u_i + v_it), scaled to the regional
  // shares, capped, then rounded to persons.
  const fillYear = (t: number, k: number) => {
    const rM = new Float64Array(N);
    const rS = new Float64Array(N);
    let E = 0;
    let wM = 0;
    let wS = 0;
    for (let i = 0; i < N; i++) {
      rM[i] = Math.exp(k * z[i]! + uM[i]! + vM[at(t, i)]!);
      rS[i] = Math.exp(k * z[i]! + uS[i]! + vS[at(t, i)]!);
      const e = all[at(t, i)]!;
      E += e;
      wM += e * rM[i]!;
      wS += e * rS[i]!;
    }
    for (let i = 0; i < N; i++) {
      let sM = (MAN_SHARE * rM[i]! * E) / wM;
      let sS = (SER_SHARE * rS[i]! * E) / wS;
      if (sM + sS > SHARE_CAP) {
        const f = SHARE_CAP / (sM + sS);
        sM *= f;
        sS *= f;
      }
      const e = all[at(t, i)]!;
      manufacturing[at(t, i)] = Math.max(1, Math.round(e * sM));
      let mixSum = 0;
      const mix = SERVICE_SECTORS.map((sec, q) => {
        const w = sec.base * Math.exp(tilt[q]![i]! + drift[q]![at(t, i)]!);
        mixSum += w;
        return w;
      });
      SERVICE_SECTORS.forEach((_, q) => {
        services[q]![at(t, i)] = Math.max(1, Math.round((e * sS * mix[q]!) / mixSum));
      });
    }
  };
  const emp: Employment = { all, manufacturing, services };
  const meanCoaggYear = (t: number) => {
    const tot = servicesTotal(emp);
    const lqM = locationQuotients(manufacturing, all, t);
    const lqS = locationQuotients(tot, all, t);
    let s = 0;
    for (let i = 0; i < N; i++) s += coaggIndex(lqM[i]!, lqS[i]!);
    return s / N;
  };
  const targets = coaggYearTargets();
  const kappa = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    kappa[t] = bisect(
      (k) => {
        fillYear(t, k);
        return meanCoaggYear(t) - targets[t]!;
      },
      0,
      6,
      `concentration exponent of ${YEARS[t]}`,
      60,
    );
    fillYear(t, kappa[t]!);
  }
  return { emp, kappa };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Weights

export interface WeightsSet {
  /** Economic-geographic nested matrix (main analysis, Tables 2–5, 7). */
  nested: CsrMatrix;
  /** Economic-geographic distance matrix (robustness, Table 6 Model 1). */
  econGeo: CsrMatrix;
  /** Mean pgdp per city over 2003–2022 (the economic indicator of both). */
  meanPgdp: Float64Array;
}

export function buildWeights(pgdp: ArrayLike<number>): WeightsSet {
  const names = CITIES.map((c) => c.name);
  const meanPgdp = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += pgdp[at(t, i)]!;
    meanPgdp[i] = s / T;
  }
  const coords = { x: CITIES.map((c) => c.lon), y: CITIES.map((c) => c.lat), lonlat: true };
  const Wd = inverseDistanceWeights(names, coords);
  const We = economicDistanceWeights(names, meanPgdp);
  return {
    nested: nestedWeights(Wd, We, { phi: PHI_NESTED }),
    econGeo: economicGeographicWeights(Wd, meanPgdp),
    meanPgdp,
  };
}

/** Dense row-major W·x for a length-N block at offset off. */
function lag(Wd: Float64Array, x: ArrayLike<number>, off = 0): Float64Array {
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += Wd[i * N + j]! * x[off + j]!;
    out[i] = s;
  }
  return out;
}

/**
 * The DGP's stability: A = (I − ρW)^{-1}(τI + ηW) has eigenvalues (τ + ηλ)/(1 − ρλ) over the eigenvalues λ of W.
 * λ = 1 (the common level) gives (τ + η)/(1 − ρ) = 1.187 > 1 with Model 2's values, which the time effects absorb;
 * every other mode must be inside the unit circle.
 */
export function dgpModes(W: CsrMatrix): { lambda2: number; commonRoot: number; maxOtherRoot: number } {
  const ev = weightsEigenvalues(W);
  const { tau, eta, rho } = TRUTH;
  let k1 = 0;
  for (let k = 1; k < ev.re.length; k++) if (Math.abs(ev.re[k]! - 1) < Math.abs(ev.re[k1]! - 1)) k1 = k;
  let lambda2 = -Infinity;
  let maxOther = 0;
  for (let k = 0; k < ev.re.length; k++) {
    if (k === k1) continue;
    const re = ev.re[k]!;
    const im = ev.im[k]!;
    lambda2 = Math.max(lambda2, Math.hypot(re, im) * Math.sign(re || 1));
    // |(τ + ηλ) / (1 − ρλ)| for complex λ
    const num = Math.hypot(tau + eta * re, eta * im);
    const den = Math.hypot(1 - rho * re, rho * im);
    maxOther = Math.max(maxOther, num / den);
  }
  return { lambda2, commonRoot: (tau + eta) / (1 - rho), maxOtherRoot: maxOther };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Carbon from the dynamic SDM

/** Target cross-sectional mean of carbon by year: decline 2003–2009, rise to 2014, decline to 2022 (§4.1). */
export function carbonYearTargets(): Float64Array {
  const knots: Array<[number, number]> = [
    [2003, 7.3],
    [2009, 5.6],
    [2014, 6.9],
    [2022, 5.2],
  ];
  const shape = Float64Array.from(YEARS, (y) => {
    for (let k = 0; k + 1 < knots.length; k++) {
      const [y0, v0] = knots[k]!;
      const [y1, v1] = knots[k + 1]!;
      if (y >= y0 && y <= y1) return v0 + ((v1 - v0) * (y - y0)) / (y1 - y0);
    }
    throw new Error(`year ${y} outside the carbon path`);
  });
  const shift = CARBON_TARGET.mean - mean(shape);
  return shape.map((v) => v + shift);
}

// Carbon design: long-run city levels c_i = C_FLOOR + (6.297 − C_FLOOR)·r_i / mean(r), with
//   r_i = exp(C_RESOURCE·resource_i + C_PGDP·(mean lnpgdp_i − its cross-city mean) + s·z_i),
// z_i = W³e standardised (e standard normal; smoothing by the nested W itself gives carbon the positive spatial
// autocorrelation of Table 2), s solved so sd(carbon) over the 680 observations is Table 1's 5.78. The floor keeps
// every city's intensity positive (see the lift in drawCarbon). Shocks ε_it iid N(0, C_SIGMA²), as Eq. 2 assumes.
const C_FLOOR = 2;
const C_MIN = 0.5;
const C_RESOURCE = 0.4;
const C_PGDP = -1;
const C_SMOOTH_POWER = 3;
const C_SIGMA = 0.4;

export interface CarbonDraw {
  carbon: Float64Array;
  eps: Float64Array;
  initial: Float64Array; // carbon in 2002, the lag of 2003
  mu: Float64Array;
  alpha: Float64Array;
  level: Float64Array; // c_i
  spread: number;
  /** Cities whose level the positivity lift raised. */
  lifted: string[];
}

/** A spatially smooth city vector: W^k e for a standard normal e, standardised. */
function smoothField(rng: Rng, Wd: Float64Array, k: number): Float64Array {
  let z: Float64Array = Float64Array.from(CITIES, () => rng.normal());
  for (let q = 0; q < k; q++) z = lag(Wd, z);
  return affineTo(z, 0, 1);
}

function regressorPanel(name: Regressor, coagg: Float64Array, ctl: Controls): Float64Array {
  if (name === 'coagg') return coagg;
  if (name === 'coagg2') return coagg.map((v) => v * v);
  return ctl[name];
}

function drawCarbon(rng: Rng, W: CsrMatrix, coagg: Float64Array, ctl: Controls): CarbonDraw {
  const { tau, eta, rho, beta, theta } = TRUTH;
  const Wd = csrToDense(W);
  const A = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) A[i * N + j] = (i === j ? 1 : 0) - rho * Wd[i * N + j]!;
  const Ainv = invert(A, N, 'I − ρW');

  // Xβ + WXθ per city-year.
  const xb = new Float64Array(N * T);
  for (const r of REGRESSORS) {
    const x = regressorPanel(r, coagg, ctl);
    for (let t = 0; t < T; t++) {
      const wx = lag(Wd, x, t * N);
      for (let i = 0; i < N; i++) xb[at(t, i)]! += beta[r] * x[at(t, i)]! + theta[r] * wx[i]!;
    }
  }
  const xbBar = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) xbBar[i]! += xb[at(t, i)]!;
    xbBar[i]! /= T;
  }

  const zc = smoothField(rng, Wd, C_SMOOTH_POWER);
  // city mean of lnpgdp, centred: richer cities emit less per unit of GDP
  const lnpBar = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) lnpBar[i]! += ctl.lnpgdp[at(t, i)]! / T;
  }
  const lnpMean = mean(lnpBar);
  for (let i = 0; i < N; i++) lnpBar[i]! -= lnpMean;
  const zBurn = Float64Array.from({ length: BURN_IN * N }, () => rng.normal());
  const zSample = Float64Array.from({ length: T * N }, () => rng.normal());
  const targets = carbonYearTargets();

  const epsBurn = Float64Array.from(zBurn, (v) => C_SIGMA * v);
  const eps = Float64Array.from(zSample, (v) => round(C_SIGMA * v, DEC.eps));

  // The path for given long-run levels c.
  const simulate = (level: Float64Array, spread: number): CarbonDraw => {
    // μ puts the noise-free steady state at the city levels c when X sits at its city means and α = 0:
    // μ = [(1 − τ)I − (ρ + η)W] c − (X̄β + W X̄θ).
    const wc = lag(Wd, level);
    const mu = Float64Array.from(level, (v, i) => (1 - tau) * v - (rho + eta) * wc[i]! - xbBar[i]!);
    // One year: y = (I − ρW)^{-1}(τ y₋ + ηW y₋ + xb + μ + ε) + α/(1 − ρ)·1, α fixing the cross-sectional mean
    // ((I − ρW)^{-1}1 = 1/(1 − ρ)·1 for a row-standardised W).
    const step = (yPrev: Float64Array, xbOff: number, e: Float64Array, eOff: number, target: number) => {
      const wy = lag(Wd, yPrev);
      const rhs = new Float64Array(N);
      for (let i = 0; i < N; i++) rhs[i] = tau * yPrev[i]! + eta * wy[i]! + xb[xbOff + i]! + mu[i]! + e[eOff + i]!;
      const y = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += Ainv[i * N + j]! * rhs[j]!;
        y[i] = s;
      }
      const alpha = (1 - rho) * (target - mean(y));
      for (let i = 0; i < N; i++) y[i]! += alpha / (1 - rho);
      return { y, alpha };
    };
    let y: Float64Array = level.map((v) => v - mean(level) + targets[0]!);
    // Burn-in: controls held at their 2003 values, mean held at the 2003 target.
    for (let b = 0; b < BURN_IN; b++) y = step(y, 0, epsBurn, b * N, targets[0]!).y;
    const initial = y.map((v) => round(v, DEC.carbon));
    const carbon = new Float64Array(N * T);
    const alpha = new Float64Array(T);
    let prev = initial;
    for (let t = 0; t < T; t++) {
      const r = step(prev, t * N, eps, t * N, targets[t]!);
      alpha[t] = r.alpha;
      const yt = r.y.map((v) => round(v, DEC.carbon));
      carbon.set(yt, t * N);
      prev = yt;
    }
    return { carbon, eps, initial, mu, alpha, level: Float64Array.from(level), spread, lifted: [] };
  };

  // Levels for a log spread s, then the lift: a city whose path (2002–2022) dips below C_MIN gets its level raised
  // by the shortfall plus 0.1 and the path is redrawn with the same shocks, until every path stays above C_MIN.
  const run = (spread: number): CarbonDraw => {
    const raw = Float64Array.from(CITIES, (c, i) =>
      Math.exp(C_RESOURCE * (c.resourceBased ? 1 : 0) + C_PGDP * lnpBar[i]! + spread * zc[i]!),
    );
    const rawMean = mean(raw);
    const level = raw.map((v) => C_FLOOR + ((CARBON_TARGET.mean - C_FLOOR) * v) / rawMean);
    const lifted = new Set<string>();
    for (let iter = 0; iter < 100; iter++) {
      const d = simulate(level, spread);
      let ok = true;
      for (let i = 0; i < N; i++) {
        let m = d.initial[i]!;
        for (let t = 0; t < T; t++) m = Math.min(m, d.carbon[at(t, i)]!);
        if (m < C_MIN) {
          level[i]! += C_MIN - m + 0.1;
          lifted.add(CITIES[i]!.name);
          ok = false;
        }
      }
      if (ok) return { ...d, lifted: [...lifted] };
    }
    throw new Error('synthetic carbon intensity stays below the floor after 100 lifts; change the design');
  };
  const spread = bisect((s) => sd(run(s).carbon) - CARBON_TARGET.sd, 0.01, 4, 'carbon level spread', 60);
  const out = run(spread);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly and CSV output

export interface Synthetic {
  seed: number;
  controls: Controls;
  emp: Employment;
  kappa: Float64Array;
  coagg: Float64Array;
  coaggSector: Float64Array[];
  weights: WeightsSet;
  carbon: CarbonDraw;
}

export function generate(seed = SEED): Synthetic {
  const rng = createRng(seed);
  const controls = drawControls(rng);
  const { emp, kappa } = drawEmployment(rng);
  const coagg = coaggPanel(emp).map((v) => round(v, DEC.coagg));
  const coaggSector = emp.services.map((s) => coaggPanel(emp, s).map((v) => round(v, DEC.coagg)));
  const weights = buildWeights(controls.pgdp);
  const carbon = drawCarbon(rng, weights.nested, coagg, controls);
  return { seed, controls, emp, kappa, coagg, coaggSector, weights, carbon };
}

const csvCell = (v: string | number | boolean): string => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: Array<Array<string | number | boolean>>): string =>
  [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

const fx = (v: number, d: number) => v.toFixed(d);

/** Every CSV file of the data folder, name → content. */
export function renderFiles(s: Synthetic): Record<string, string> {
  const files: Record<string, string> = {};
  const { controls: c, emp, carbon: k } = s;

  files['cities.csv'] = csv(
    ['city', 'province', 'lon', 'lat', 'resource_based'],
    CITIES.map((ci) => [ci.name, ci.province, fx(ci.lon, 2), fx(ci.lat, 2), ci.resourceBased]),
  );

  const empRows: Array<Array<string | number>> = [];
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) {
      const p = at(t, i);
      empRows.push([CITIES[i]!.name, YEARS[t]!, ALL_INDUSTRIES, 'all', emp.all[p]!]);
      empRows.push([CITIES[i]!.name, YEARS[t]!, MANUFACTURING, 'manufacturing', emp.manufacturing[p]!]);
      SERVICE_SECTORS.forEach((sec, q) =>
        empRows.push([CITIES[i]!.name, YEARS[t]!, sec.key, 'producer_services', emp.services[q]![p]!]),
      );
    }
  }
  files['employment.csv'] = csv(['city', 'year', 'industry', 'group', 'employment'], empRows);

  const sectorCols = SERVICE_SECTORS.map((sec) => `coagg_${sec.key}`);
  const panelRows: Array<Array<string | number>> = [];
  for (let i = 0; i < N; i++) {
    for (let t = 0; t < T; t++) {
      const p = at(t, i);
      panelRows.push([
        CITIES[i]!.name,
        YEARS[t]!,
        fx(k.carbon[p]!, DEC.carbon),
        fx(s.coagg[p]!, DEC.coagg),
        fx(c.gov[p]!, DEC.gov),
        fx(c.lnpgdp[p]!, DEC.lnpgdp),
        fx(c.pgdp[p]!, DEC.pgdp),
        fx(c.fdi[p]!, DEC.fdi),
        fx(c.lnrd[p]!, DEC.lnrd),
        fx(c.ti[p]!, DEC.ti),
        fx(c.lner[p]!, DEC.lner),
        ...s.coaggSector.map((x) => fx(x[p]!, DEC.coagg)),
      ]);
    }
  }
  files['panel.csv'] = csv(
    ['city', 'year', 'carbon', 'coagg', 'gov', 'lnpgdp', 'pgdp', 'fdi', 'lnrd', 'ti', 'lner', ...sectorCols],
    panelRows,
  );

  const shockRows: Array<Array<string | number>> = [];
  for (let i = 0; i < N; i++)
    for (let t = 0; t < T; t++) shockRows.push([CITIES[i]!.name, YEARS[t]!, fx(k.eps[at(t, i)]!, DEC.eps)]);
  files['shocks.csv'] = csv(['city', 'year', 'eps'], shockRows);
  files['initial_2002.csv'] = csv(
    ['city', 'year', 'carbon'],
    CITIES.map((ci, i) => [ci.name, FIRST_YEAR - 1, fx(k.initial[i]!, DEC.carbon)]),
  );

  const t4 = 'Table 4, Model 2';
  const truth: Array<Array<string | number>> = [
    ['tau', 'carbon_lag', TRUTH.tau, `${t4}, y.L(1)`],
    ['eta', 'w_carbon_lag', TRUTH.eta, `${t4}, Wy.L(1)`],
    ['rho', 'w_carbon', TRUTH.rho, `${t4}, rho`],
    ...REGRESSORS.map((r) => ['beta', r, TRUTH.beta[r], `${t4}, ${PAPER_NAME[r]}`]),
    ...REGRESSORS.map((r) => ['theta', r, TRUTH.theta[r], `${t4}, W.${PAPER_NAME[r]}`]),
    ['phi_nested', 'geographic_share', PHI_NESTED, 'assumed (the paper does not give the nesting weight)'],
    ...CITIES.map((ci, i) => [
      'mu',
      ci.name,
      String(k.mu[i]),
      'synthetic design: [(1-tau)I-(rho+eta)W]c - (mean X beta + W mean X theta)',
    ]),
    ...YEARS.map((y, t) => [
      'alpha',
      String(y),
      String(k.alpha[t]),
      'synthetic design: sets the cross-sectional mean of carbon to the year target',
    ]),
    ['sigma', 'eps', C_SIGMA, 'synthetic design: eps iid N(0, sigma^2)'],
    ...CITIES.map((ci, i) => [
      'level',
      ci.name,
      String(k.level[i]),
      'synthetic design: long-run carbon level c_i (after the lift)',
    ]),
  ];
  files['truth.csv'] = csv(['parameter', 'term', 'value', 'source'], truth);

  const edges = (W: CsrMatrix) => {
    const rows: Array<Array<string>> = [];
    for (let i = 0; i < W.n; i++) {
      for (let p = W.rowPtr[i]!; p < W.rowPtr[i + 1]!; p++)
        rows.push([W.names[i]!, W.names[W.col[p]!]!, String(W.val[p]!)]);
    }
    return csv(['from', 'to', 'weight'], rows);
  };
  files['weights_eg.csv'] = edges(s.weights.nested);
  files['weights_egd.csv'] = edges(s.weights.econGeo);

  files['paper_tables.csv'] = csv(
    ['table', 'row', 'column', 'stat', 'value', 'stars'],
    PAPER_TABLE_ROWS.map((r) => [r.table, r.row, r.column, r.stat, r.value, r.stars]),
  );
  return files;
}

export function writeAll(outDir: string, s: Synthetic = generate()): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = renderFiles(s);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return Object.keys(files);
}

/** Summary statistics printed by the CLI (and quoted in README.md). */
export function summary(s: Synthetic): string {
  const stat = (name: string, x: ArrayLike<number>) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = 0; p < x.length; p++) {
      lo = Math.min(lo, x[p]!);
      hi = Math.max(hi, x[p]!);
    }
    return `${name.padEnd(8)} mean ${mean(x).toFixed(4)}  sd ${sd(x).toFixed(4)}  min ${lo.toFixed(4)}  max ${hi.toFixed(4)}`;
  };
  const c = s.controls;
  const lines = [
    stat('carbon', s.carbon.carbon),
    stat('coagg', s.coagg),
    stat('gov', c.gov),
    stat('lnpgdp', c.lnpgdp),
    stat('fdi', c.fdi),
    stat('lnrd', c.lnrd),
    stat('ti', c.ti),
    stat('lner', c.lner),
    stat('pgdp', c.pgdp),
  ];
  const ym = YEARS.map((y, t) => `${y}:${mean(s.coagg.subarray(t * N, (t + 1) * N)).toFixed(3)}`);
  lines.push(`coagg by year ${ym.join(' ')}`);
  lines.push(`kappa by year ${Array.from(s.kappa, (v) => v.toFixed(3)).join(' ')}`);
  const m = dgpModes(s.weights.nested);
  lines.push(
    `W nested: second eigenvalue ${m.lambda2.toFixed(4)}, common root ${m.commonRoot.toFixed(4)}, largest other root ${m.maxOtherRoot.toFixed(4)}`,
  );
  lines.push(`carbon level spread ${s.carbon.spread.toFixed(4)}; lifted: ${s.carbon.lifted.join(', ') || 'none'}`);
  const mor = YEARS.map(
    (y, t) => `${y}:${moranTest(s.carbon.carbon.subarray(t * N, (t + 1) * N), s.weights.nested).I.toFixed(3)}`,
  );
  lines.push(`Moran I of carbon (nested W) ${mor.join(' ')}`);
  for (const [q, sec] of SERVICE_SECTORS.entries())
    lines.push(stat(`coagg_${sec.table7}`, s.coaggSector[q]!) + `  (${sec.key})`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
  const s = generate();
  const names = writeAll(out, s);
  console.log(`wrote ${names.join(', ')} to ${out}`);
  console.log(summary(s));
}
