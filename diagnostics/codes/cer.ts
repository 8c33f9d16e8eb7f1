// Solver codes of cooperative games (R600–R619), separable least-cost allocation (R620–R639) and MAC fits
// (R640–R659). Records speak of players, regions and points by number; a caller that knows the model's names
// passes them (`name`, `constraint`, `variable`) so the message is in the model's terms.
import { cases, defineCodes } from '../define.ts';

/** Six significant digits, as the allocation solver reports numbers. */
const g6 = (x: number) => (Number.isFinite(x) ? String(+x.toPrecision(6)) : String(x));
/** A region by the model's name when known (`P[north]`), else by number. */
const region = (p: { region: number; name?: string | undefined }) => p.name ?? `region ${p.region}`;
const coalition = (members: readonly number[]) => `{${members.join(',')}}`;
const FIT_POINTS = 'a fit needs at least as many distinct points as parameters';

export const CER = defineCodes('solvers', {
  // ------------------------------------------------------------------------------------------------ games
  R600: {
    title: 'a number of players that is not a positive integer',
    format: (p: { what: string; n: number }) => `${p.what}: number of players must be a positive integer, got ${p.n}`,
  },
  R601: {
    title: 'a game with more players than the routine supports',
    format: cases({
      players: (p: { what: string; n: number; max: number }) =>
        `${p.what}: ${p.n} players is more than the supported ${p.max}`,
      savings: (p: { n: number; max: number }) =>
        `a savings game addresses at most ${p.max} regions by bitmask, got ${p.n}`,
    }),
  },
  R602: {
    title: 'a coalition table of the wrong length',
    format: (p: { what: string; n: number; values: number }) =>
      `${p.what}: a game of ${p.n} players needs 2^${p.n} = ${2 ** p.n} values, got ${p.values}`,
  },
  R603: {
    title: 'a coalition worth that is not finite',
    format: (p: { members: readonly number[]; value: number }) =>
      `coalition ${coalition(p.members)} has non-finite value ${p.value}`,
  },
  R604: {
    title: 'fewer than 2 sampled permutations',
    format: (p: { samples: number }) => `samples must be an integer >= 2, got ${p.samples}`,
  },
  R605: {
    title: 'a payoff vector of the wrong length',
    format: (p: { n: number; length: number }) => `payoff vector needs ${p.n} entries, got ${p.length}`,
  },
  R606: {
    title: 'a player outside the game',
    format: (p: { player: number; n: number }) => `player ${p.player} is not in 0..${p.n - 1}`,
  },
  R607: {
    title: 'an empty imputation set (the nucleolus is undefined)',
    format: (p: { singles: number; grand: number }) => ({
      message: `the imputation set is empty: Σ v({i}) = ${p.singles} > v(N) = ${p.grand}`,
      hint: 'use the pre-nucleolus (prenucleolus: true)',
    }),
  },
  R608: {
    title: 'a nucleolus LP that failed',
    format: cases({
      status: (p: { lp: number; status: number }) => `nucleolus LP ${p.lp} ended with GLPK status ${p.status}`,
      stalled: () => 'nucleolus: the LP sequence made no progress',
    }),
  },
  R609: {
    title: "a nucleolus that fails Kohlberg's criterion (numerical trouble)",
    format: (p: { reason: string; x: readonly number[] }) =>
      `the LP sequence ended at a payoff that fails Kohlberg's criterion (${p.reason}): numerical trouble`,
  },
  // ------------------------------------------------------------------------------------------------ allocation
  R620: {
    title: 'allocation inputs of different lengths',
    format: cases({
      regions: (p: { curves: number; e0: number; lower: number; upper: number }) =>
        `allocation needs one E0, lower and upper bound per region: ${p.curves} curves, ${p.e0} E0, ${p.lower} lower, ${p.upper} upper`,
      baseline: (p: { n: number; rates: number }) => `baseline needs ${p.n} abatement rates, got ${p.rates}`,
    }),
  },
  R621: {
    title: 'base emissions that are negative or not finite',
    format: (p: { region: number; name?: string; e0: number }) =>
      `${region(p)}: base emissions E0 must be finite and >= 0, got ${p.e0}`,
  },
  R622: {
    title: 'bad bounds or a cost curve not finite between them',
    format: cases({
      finite: (p: { region: number; name?: string; lo: number; hi: number }) =>
        `${region(p)}: bounds must be finite, got [${p.lo}, ${p.hi}]`,
      order: (p: { region: number; name?: string; lo: number; hi: number }) =>
        `${region(p)}: lower bound α = ${p.lo} exceeds upper bound β = ${p.hi}`,
      curve: (p: { region: number; name?: string; form: string; lo: number; hi: number }) => ({
        message: `${region(p)}: the ${p.form} cost curve is not finite on [${p.lo}, ${p.hi}]`,
        hint: p.form === 'pel' ? 'the pel form needs P < 1' : 'log and power forms need P >= 0',
      }),
    }),
  },
  R623: {
    title: 'a cost that is not convex on the feasible range (with the interval)',
    format: (p: { region: number; name?: string; from: number; to: number; lo: number; hi: number }) => ({
      message: `${region(p)}: the marginal abatement cost decreases on [${g6(p.from)}, ${g6(p.to)}] inside the bounds [${g6(p.lo)}, ${g6(p.hi)}], so the total cost is not convex there and the least-cost allocation is not unique`,
      hint: 'raise the lower bound above the decreasing part, or refit the cost curve',
    }),
  },
  R624: {
    title: 'a subset of regions that is not one',
    format: cases({
      maskTooWide: (p: { max: number }) => `bitmask subsets address at most ${p.max} regions; pass an index list`,
      mask: (p: { mask: number; n: number }) => `subset mask ${p.mask} is not a subset of ${p.n} regions`,
      index: (p: { index: number; n: number }) => `subset index ${p.index} is out of range 0..${p.n - 1} or repeated`,
    }),
  },
  R625: {
    title: 'a reduction target that is not finite',
    format: (p: { target: number }) => `reduction target must be finite, got ${p.target}`,
  },
  R626: {
    title: 'an infeasible reduction target (with the shortfall)',
    format: (p: {
      target: number;
      maxReduction: number;
      shortfall: number;
      /** the model's constraint and variable, when the problem comes from a model */
      constraint?: string;
      variable?: string;
    }) => ({
      message: `reduction target ${g6(p.target)} exceeds the largest reduction ${p.constraint === undefined ? 'the regions can make at their upper bounds, Σ β·E0' : `the variables reach at their upper bounds in constraint '${p.constraint}'`} = ${g6(p.maxReduction)}; shortfall ${g6(p.shortfall)}`,
      hint: `lower the target or raise the upper bounds ${p.variable === undefined ? 'β' : `of ${p.variable}`}`,
    }),
  },
  R627: {
    title: 'a baseline abatement rate outside its bounds',
    format: (p: { region: number; name?: string; rate: number; lo: number; hi: number }) =>
      `${region(p)}: baseline abatement rate ${g6(p.rate)} lies outside its bounds [${g6(p.lo)}, ${g6(p.hi)}]`,
  },
  // ------------------------------------------------------------------------------------------------ MAC fits
  R640: {
    title: 'GDP and emission series that cannot give MAC points',
    format: cases({
      lengths: (p: { gdp: number; emissions: number }) => `GDP has ${p.gdp} values but emissions has ${p.emissions}`,
      base: (p: { base: number; n: number }) => `base index ${p.base} is outside the series (0..${p.n - 1})`,
      value: (p: { index: number; gdp: number; emissions: number }) =>
        `GDP and emissions must be positive and finite; index ${p.index} has GDP ${p.gdp}, emissions ${p.emissions}`,
    }),
  },
  R641: {
    title: 'a singular least-squares design (too few distinct P values)',
    format: (p: { what: string }) => ({
      message: `${p.what}: the design matrix is singular (too few distinct P values?)`,
      hint: FIT_POINTS,
    }),
  },
  R642: {
    title: 'MAC points of different lengths or not finite',
    format: cases({
      lengths: (p: { what: string; P: number; values: number }) =>
        `${p.what}: ${p.P} P values but ${p.values} cost values`,
      value: (p: { what: string; index: number; P: number; value: number }) =>
        `${p.what}: point ${p.index} is not finite (P=${p.P}, value=${p.value})`,
    }),
  },
  R643: {
    title: 'too few points for a MAC or cost fit',
    format: cases({
      quadratic: (p: { n: number }) => ({
        message: `quadratic MAC fit needs at least 3 points, got ${p.n}`,
        hint: FIT_POINTS,
      }),
      log: (p: { n: number; dropped: number }) => ({
        message: `log MAC fit needs at least 2 points with P > 0, got ${p.n} (${p.dropped} with P <= 0 dropped)`,
        hint: FIT_POINTS,
      }),
      power: (p: { n: number; dropped: number }) => ({
        message: `power MAC fit needs at least 2 points with P > 0 and MAC > 0, got ${p.n} (${p.dropped} dropped)`,
        hint: FIT_POINTS,
      }),
      cubic: (p: { n: number }) => ({
        message: `cubic cost fit needs at least 3 (P, cost) points, got ${p.n}`,
        hint: FIT_POINTS,
      }),
    }),
  },
  R644: {
    title: 'an unknown MAC form',
    format: (p: { form: string }) => `unknown MAC form '${p.form}' (expected quadratic, log or power)`,
  },
  R645: {
    title: 'a power MAC without a finite integral from P = 0',
    format: (p: { b: number }) => `power MAC a·P^b with b = ${p.b} <= −1 has no finite integral from P = 0`,
  },
  R646: {
    title: 'an empty interval for the convexity check',
    format: (p: { lo: number; hi: number }) => `checkConvex: empty interval [${p.lo}, ${p.hi}]`,
  },
});
