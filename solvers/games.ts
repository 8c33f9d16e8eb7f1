// Transferable-utility cooperative games over n players (seed 002, Eq. 10–11 and the checks its Shapley section
// takes for granted). A game is its characteristic function tabulated over coalitions as bitmasks: bit i set ⇔
// player i is in the coalition, v[0] = v(∅) = 0, v[2^n − 1] = v(N). Values are benefits (savings), so a
// coalition S "complains" about a payoff x by its excess e(S, x) = v(S) − x(S).
import GLPK, { type LP } from 'glpk.js/node';
import { SolverError } from './errors.ts';
import { createRng } from './random.ts';

/** Largest n for a tabulated game (2^25 doubles = 256 MB). */
export const MAX_TABULATED_PLAYERS = 25;
/** Largest n for the O(3^n) superadditivity check. */
export const MAX_SUPERADDITIVE_PLAYERS = 20;
/** Largest n for the LP-based nucleolus (2^n − 2 constraints per LP). */
export const MAX_NUCLEOLUS_PLAYERS = 14;

function checkN(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 1)
    throw new SolverError('GAME_BAD_PLAYERS', `${what}: number of players must be a positive integer, got ${n}`);
  if (n > max) throw new SolverError('GAME_TOO_LARGE', `${what}: ${n} players is more than the supported ${max}`);
}

function checkTable(v: Float64Array, n: number, what: string): void {
  if (v.length !== 2 ** n)
    throw new SolverError(
      'GAME_BAD_TABLE',
      `${what}: a game of ${n} players needs 2^${n} = ${2 ** n} values, got ${v.length}`,
    );
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Default comparison tolerance: 1e-9 of the largest |v|, at least 1e-12. */
function defaultTol(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return Math.max(1e-9 * m, 1e-12);
}

/** Members of a coalition as player indices (ascending). */
export function members(mask: number): number[] {
  const out: number[] = [];
  for (let r = mask; r !== 0; r &= r - 1) out.push(31 - Math.clz32(r & -r));
  return out;
}

/** Tabulate v over all 2^n coalitions; v(∅) is set to 0 without calling valueOf. */
export function tabulate(n: number, valueOf: (mask: number) => number): Float64Array {
  checkN(n, MAX_TABULATED_PLAYERS, 'tabulate');
  const size = 2 ** n;
  const v = new Float64Array(size);
  for (let m = 1; m < size; m++) {
    const x = valueOf(m);
    if (!Number.isFinite(x))
      throw new SolverError('GAME_BAD_VALUE', `coalition {${members(m).join(',')}} has non-finite value ${x}`);
    v[m] = x;
  }
  return v;
}

/** Shapley weights w(s) = s!(n−s−1)!/n! for the marginal contribution to a coalition of size s (without the player). */
function shapleyWeights(n: number): Float64Array {
  // w(s) = 1 / (n · C(n−1, s)), computed by a stable product
  const w = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let c = 1; // C(n−1, s)
    for (let k = 1; k <= s; k++) c = (c * (n - s - 1 + k)) / k;
    w[s] = 1 / (n * c);
  }
  return w;
}

/** Exact Shapley value (Eq. 10–11) in O(n·2^n). */
export function shapleyExact(v: Float64Array, n: number): Float64Array {
  checkN(n, MAX_TABULATED_PLAYERS, 'shapleyExact');
  checkTable(v, n, 'shapleyExact');
  const w = shapleyWeights(n);
  const phi = new Float64Array(n);
  const size = 2 ** n;
  // every coalition but N has a player outside it
  for (let m = 0; m < size - 1; m++) {
    const ws = w[popcount(m)]!;
    const vm = v[m]!;
    for (let i = 0; i < n; i++) {
      const b = 1 << i;
      if ((m & b) === 0) phi[i] = phi[i]! + ws * (v[m | b]! - vm);
    }
  }
  return phi;
}

export interface SampledShapley {
  phi: Float64Array;
  /** Standard error of each estimate: sd of the sampled marginal contributions / √samples. */
  se: Float64Array;
  samples: number;
  /** Distinct coalitions evaluated (the memo's size). */
  evaluations: number;
}

/**
 * Shapley value by seeded random permutations (each permutation's marginal contributions sum to v(N), so the
 * estimate is efficient exactly). Coalition values are memoised, so valueOf runs once per distinct coalition.
 */
export function shapleySampled(
  valueOf: (mask: number) => number,
  n: number,
  opts: { samples: number; seed: number; memoLimit?: number },
): SampledShapley {
  checkN(n, 30, 'shapleySampled');
  const samples = opts.samples;
  if (!Number.isInteger(samples) || samples < 2)
    throw new SolverError('GAME_BAD_SAMPLES', `samples must be an integer >= 2, got ${samples}`);
  const memoLimit = opts.memoLimit ?? 5_000_000;
  const rng = createRng(opts.seed);
  const memo = new Map<number, number>();
  const value = (m: number): number => {
    if (m === 0) return 0;
    const hit = memo.get(m);
    if (hit !== undefined) return hit;
    const x = valueOf(m);
    if (!Number.isFinite(x))
      throw new SolverError('GAME_BAD_VALUE', `coalition {${members(m).join(',')}} has non-finite value ${x}`);
    if (memo.size < memoLimit) memo.set(m, x);
    return x;
  };
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n);
  for (let s = 1; s <= samples; s++) {
    rng.shuffle(perm);
    let mask = 0;
    let prev = 0;
    for (let k = 0; k < n; k++) {
      const i = perm[k]!;
      mask |= 1 << i;
      const cur = value(mask);
      const d = cur - prev;
      prev = cur;
      // Welford update
      const delta = d - mean[i]!;
      mean[i] = mean[i]! + delta / s;
      m2[i] = m2[i]! + delta * (d - mean[i]!);
    }
  }
  const se = new Float64Array(n);
  for (let i = 0; i < n; i++) se[i] = Math.sqrt(m2[i]! / (samples - 1) / samples);
  return { phi: mean, se, samples, evaluations: memo.size };
}

export interface CoreCheck {
  inCore: boolean;
  /** x(N) − v(N). */
  efficiencyGap: number;
  /** Proper nonempty coalition with the largest excess v(S) − x(S) (the most violated when > 0). */
  worstCoalition: number;
  worstMembers: number[];
  /** Its excess; > tol means S would do better on its own than under x. */
  excess: number;
  tol: number;
}

/** Is x in the core (efficient and no coalition gets less than its value)? O(2^n) with subset sums. */
export function coreCheck(v: Float64Array, n: number, x: ArrayLike<number>, opts: { tol?: number } = {}): CoreCheck {
  checkN(n, MAX_TABULATED_PLAYERS, 'coreCheck');
  checkTable(v, n, 'coreCheck');
  if (x.length !== n) throw new SolverError('GAME_BAD_PAYOFF', `payoff vector needs ${n} entries, got ${x.length}`);
  const tol = opts.tol ?? defaultTol(v);
  const size = 2 ** n;
  const xs = new Float64Array(size);
  let worst = 0;
  let worstEx = -Infinity;
  for (let m = 1; m < size; m++) {
    const low = m & -m;
    xs[m] = xs[m ^ low]! + x[31 - Math.clz32(low)]!;
    if (m === size - 1) break;
    const e = v[m]! - xs[m]!;
    if (e > worstEx) {
      worstEx = e;
      worst = m;
    }
  }
  const gap = xs[size - 1]! - v[size - 1]!;
  return {
    inCore: Math.abs(gap) <= tol && (n === 1 || worstEx <= tol),
    efficiencyGap: gap,
    worstCoalition: worst,
    worstMembers: members(worst),
    excess: n === 1 ? 0 : worstEx,
    tol,
  };
}

export interface SuperadditivityCheck {
  ok: boolean;
  /** The disjoint pair with the most negative v(S∪T) − v(S) − v(T) (only when !ok). */
  witness?: { s: number; t: number; gap: number };
  tol: number;
}

/** v(S ∪ T) ≥ v(S) + v(T) for all disjoint nonempty S, T. O(3^n), n ≤ 20. */
export function isSuperadditive(v: Float64Array, n: number, opts: { tol?: number } = {}): SuperadditivityCheck {
  checkN(n, MAX_SUPERADDITIVE_PLAYERS, 'isSuperadditive');
  checkTable(v, n, 'isSuperadditive');
  const tol = opts.tol ?? defaultTol(v);
  const size = 2 ** n;
  let worstGap = Infinity;
  let ws = 0;
  let wt = 0;
  for (let u = 3; u < size; u++) {
    if ((u & (u - 1)) === 0) continue;
    const vu = v[u]!;
    // each unordered split {S, U\S} once: S holds U's lowest player
    const low = u & -u;
    for (let s = (u - 1) & u; s !== 0; s = (s - 1) & u) {
      if ((s & low) === 0) continue;
      const t = u ^ s;
      const gap = vu - v[s]! - v[t]!;
      if (gap < worstGap) {
        worstGap = gap;
        ws = s;
        wt = t;
      }
    }
  }
  if (worstGap >= -tol) return { ok: true, tol };
  return { ok: false, witness: { s: ws, t: wt, gap: worstGap }, tol };
}

export interface ConvexityCheck {
  ok: boolean;
  /**
   * When !ok: coalition s and players i, j ∉ s with the most negative
   * v(s∪{i,j}) − v(s∪{j}) − v(s∪{i}) + v(s) (i's marginal contribution falls when j joins).
   */
  witness?: { s: number; i: number; j: number; gap: number };
  tol: number;
}

/** Convex (supermodular) game: marginal contributions never decrease as coalitions grow. O(n²·2^n). */
export function isConvex(v: Float64Array, n: number, opts: { tol?: number } = {}): ConvexityCheck {
  checkN(n, MAX_TABULATED_PLAYERS, 'isConvex');
  checkTable(v, n, 'isConvex');
  const tol = opts.tol ?? defaultTol(v);
  const size = 2 ** n;
  let worstGap = Infinity;
  let w = { s: 0, i: 0, j: 0 };
  for (let s = 0; s < size; s++) {
    const vs = v[s]!;
    for (let i = 0; i < n; i++) {
      const bi = 1 << i;
      if (s & bi) continue;
      const mi = v[s | bi]! - vs;
      for (let j = i + 1; j < n; j++) {
        const bj = 1 << j;
        if (s & bj) continue;
        const gap = v[s | bi | bj]! - v[s | bj]! - mi;
        if (gap < worstGap) {
          worstGap = gap;
          w = { s, i, j };
        }
      }
    }
  }
  if (worstGap >= -tol) return { ok: true, tol };
  return { ok: false, witness: { ...w, gap: worstGap }, tol };
}

export interface CoalitionGroup {
  /** Coalition size |S| (including the player). */
  size: number;
  masks: Int32Array;
  /** v(S). */
  value: Float64Array;
  /** v(S) − v(S \ {player}). */
  marginal: Float64Array;
  /** w(|S|)·(v(S) − v(S \ {player})), w from Eq. 11: the coalition's share in the player's Shapley value. */
  weighted: Float64Array;
  /** Σ weighted over the group. */
  sum: number;
}

export interface CoalitionTable {
  player: number;
  /** Groups by size 1..n (the paper's Fig. 2 shows sizes 2..7 for North China). */
  groups: CoalitionGroup[];
  /** Σ over all groups = the player's Shapley value. */
  total: number;
}

/** Every coalition containing `player`, with its value, the player's marginal and weighted contribution, by size. */
export function coalitionTable(v: Float64Array, n: number, player: number): CoalitionTable {
  checkN(n, MAX_TABULATED_PLAYERS, 'coalitionTable');
  checkTable(v, n, 'coalitionTable');
  if (!Number.isInteger(player) || player < 0 || player >= n)
    throw new SolverError('GAME_BAD_PLAYER', `player ${player} is not in 0..${n - 1}`);
  const w = shapleyWeights(n);
  const bit = 1 << player;
  const bySize: number[][] = Array.from({ length: n + 1 }, () => []);
  const size = 2 ** n;
  for (let m = 0; m < size; m++) if (m & bit) bySize[popcount(m)]!.push(m);
  const groups: CoalitionGroup[] = [];
  let total = 0;
  for (let s = 1; s <= n; s++) {
    const list = bySize[s]!;
    const k = list.length;
    const g: CoalitionGroup = {
      size: s,
      masks: Int32Array.from(list),
      value: new Float64Array(k),
      marginal: new Float64Array(k),
      weighted: new Float64Array(k),
      sum: 0,
    };
    for (let q = 0; q < k; q++) {
      const m = list[q]!;
      g.value[q] = v[m]!;
      g.marginal[q] = v[m]! - v[m ^ bit]!;
      g.weighted[q] = w[s - 1]! * g.marginal[q]!;
      g.sum += g.weighted[q]!;
    }
    total += g.sum;
    groups.push(g);
  }
  return { player, groups, total };
}

// ---------------------------------------------------------------------------------------------------------
// Nucleolus by the sequence of LPs (GLPK)
// ---------------------------------------------------------------------------------------------------------

export interface NucleolusOptions {
  /** Pre-nucleolus (no individual rationality x_i ≥ v({i})); default false (the nucleolus over imputations). */
  prenucleolus?: boolean;
  /** Verify by Kohlberg's criterion; default true for n ≤ 10. */
  verify?: boolean;
  /** Tolerance for ties of excess and for dual positivity; default 1e-9 of max |v| (at least 1e-12). */
  tol?: number;
}

export interface NucleolusResult {
  x: Float64Array;
  /** The successive minimal maximum excesses ε_1 ≥ ε_2 ≥ … of the LP sequence (excess = v(S) − x(S)). */
  levels: number[];
  lpCount: number;
  /** true/false: result of Kohlberg's criterion; null when not verified. */
  verified: boolean | null;
}

let glpkPromise: ReturnType<typeof GLPK> | null = null;
function glpk() {
  glpkPromise ??= GLPK();
  return glpkPromise;
}

type Glpk = Awaited<ReturnType<typeof GLPK>>;

/** Add a vector to an orthonormal basis if it is independent (Gram–Schmidt, twice for stability). */
function addToSpan(basis: Float64Array[], vec: Float64Array, n: number): boolean {
  const r = Float64Array.from(vec);
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += b[i]! * r[i]!;
      for (let i = 0; i < n; i++) r[i] = r[i]! - d * b[i]!;
    }
  }
  let norm = 0;
  for (let i = 0; i < n; i++) norm += r[i]! * r[i]!;
  norm = Math.sqrt(norm);
  if (norm < 1e-9) return false;
  for (let i = 0; i < n; i++) r[i] = r[i]! / norm;
  basis.push(r);
  return true;
}

function inSpan(basis: Float64Array[], vec: Float64Array, n: number): boolean {
  const r = Float64Array.from(vec);
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += b[i]! * r[i]!;
      for (let i = 0; i < n; i++) r[i] = r[i]! - d * b[i]!;
    }
  }
  let norm = 0;
  for (let i = 0; i < n; i++) norm += r[i]! * r[i]!;
  return Math.sqrt(norm) < 1e-9;
}

function indicator(mask: number, n: number): Float64Array {
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) if (mask & (1 << i)) e[i] = 1;
  return e;
}

/**
 * The nucleolus (lexicographic minimiser of the sorted excesses v(S) − x(S) over imputations, or over
 * pre-imputations with `prenucleolus`) by Maschler's sequence of LPs solved with GLPK. Coalitions whose
 * constraint has a positive dual are fixed at the level just found (they are tight at every optimum), and
 * coalitions whose indicator lies in the span of the fixed ones drop out, so at most n − 1 LPs are needed
 * when the fixed coalitions alone determine x.
 */
export async function nucleolus(v: Float64Array, n: number, opts: NucleolusOptions = {}): Promise<NucleolusResult> {
  checkN(n, MAX_NUCLEOLUS_PLAYERS, 'nucleolus');
  checkTable(v, n, 'nucleolus');
  const g = await glpk();
  const tol = opts.tol ?? defaultTol(v);
  const pre = opts.prenucleolus ?? false;
  const size = 2 ** n;
  const full = size - 1;
  if (n === 1) return { x: Float64Array.of(v[1]!), levels: [], lpCount: 0, verified: true };
  if (!pre) {
    let sumSingles = 0;
    for (let i = 0; i < n; i++) sumSingles += v[1 << i]!;
    if (sumSingles > v[full]! + tol) {
      throw new SolverError(
        'GAME_NO_IMPUTATION',
        `the imputation set is empty: Σ v({i}) = ${sumSingles} > v(N) = ${v[full]}`,
        {
          hint: 'use the pre-nucleolus (prenucleolus: true)',
        },
      );
    }
  }
  const xName = (i: number) => `x${i}`;
  const free = new Set<number>();
  for (let m = 1; m < full; m++) free.add(m);
  const fixed = new Map<number, number>(); // mask -> excess level
  const basis: Float64Array[] = [];
  addToSpan(basis, indicator(full, n), n);
  const levels: number[] = [];
  let lpCount = 0;
  let x = new Float64Array(n);
  const bounds: NonNullable<LP['bounds']> = [];
  for (let i = 0; i < n; i++) {
    bounds.push(
      pre
        ? { name: xName(i), type: g.GLP_FR, lb: 0, ub: 0 }
        : { name: xName(i), type: g.GLP_LO, lb: v[1 << i]!, ub: 0 },
    );
  }
  bounds.push({ name: 'eps', type: g.GLP_FR, lb: 0, ub: 0 });
  const coalVars = (m: number) => {
    const vars: { name: string; coef: number }[] = [];
    for (let i = 0; i < n; i++) if (m & (1 << i)) vars.push({ name: xName(i), coef: 1 });
    return vars;
  };
  while (free.size > 0 && basis.length < n) {
    const subjectTo: LP['subjectTo'] = [];
    subjectTo.push({ name: 'N', vars: coalVars(full), bnds: { type: g.GLP_FX, lb: v[full]!, ub: v[full]! } });
    for (const [m, lev] of fixed) {
      const rhs = v[m]! - lev;
      subjectTo.push({ name: `f${m}`, vars: coalVars(m), bnds: { type: g.GLP_FX, lb: rhs, ub: rhs } });
    }
    for (const m of free) {
      // x(S) + ε ≥ v(S)
      subjectTo.push({
        name: `c${m}`,
        vars: [...coalVars(m), { name: 'eps', coef: 1 }],
        bnds: { type: g.GLP_LO, lb: v[m]!, ub: 0 },
      });
    }
    const lp: LP = {
      name: 'nucleolus',
      objective: { direction: g.GLP_MIN, name: 'obj', vars: [{ name: 'eps', coef: 1 }] },
      subjectTo,
      bounds,
    };
    const res = g.solve(lp, { msglev: g.GLP_MSG_OFF, presol: false });
    lpCount++;
    if (res.result.status !== g.GLP_OPT) {
      throw new SolverError('GAME_LP_FAILED', `nucleolus LP ${lpCount} ended with GLPK status ${res.result.status}`);
    }
    const eps = res.result.vars['eps']!;
    levels.push(eps);
    x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = res.result.vars[xName(i)]!;
    const dual = res.result.dual ?? {};
    let newly = 0;
    for (const m of [...free]) {
      if ((dual[`c${m}`] ?? 0) > 1e-9) {
        free.delete(m);
        fixed.set(m, eps);
        addToSpan(basis, indicator(m, n), n);
        newly++;
      }
    }
    if (newly === 0) {
      // Degenerate dual values: test the coalitions tight at this solution one by one — S is tight at every
      // optimum iff its slack x(S) + ε − v(S) cannot be made positive with ε held at its optimum.
      for (const m of [...free]) {
        let xs = 0;
        for (let i = 0; i < n; i++) if (m & (1 << i)) xs += x[i]!;
        if (Math.abs(v[m]! - xs - eps) > tol) continue;
        const slackLp: LP = {
          ...lp,
          objective: { direction: g.GLP_MAX, name: 'obj', vars: coalVars(m) },
          bounds: bounds.map((b) => (b.name === 'eps' ? { name: 'eps', type: g.GLP_FX, lb: eps, ub: eps } : b)),
        };
        const r2 = g.solve(slackLp, { msglev: g.GLP_MSG_OFF, presol: false });
        lpCount++;
        if (r2.result.status === g.GLP_OPT && r2.result.z + eps - v[m]! <= tol) {
          free.delete(m);
          fixed.set(m, eps);
          addToSpan(basis, indicator(m, n), n);
          newly++;
        }
      }
      if (newly === 0) throw new SolverError('GAME_LP_FAILED', 'nucleolus: the LP sequence made no progress');
    }
    for (const m of [...free]) if (inSpan(basis, indicator(m, n), n)) free.delete(m);
  }
  // basis spans R^n: x is determined by the fixed equalities (the last LP's x satisfies them).
  const verify = opts.verify ?? n <= 10;
  const verified = verify
    ? await kohlbergCheck(v, n, x, { prenucleolus: pre, tol: Math.max(tol, 1e-7 * scaleOf(v)) })
    : null;
  if (verified === false) {
    throw new SolverError(
      'NUCLEOLUS_UNVERIFIED',
      "the LP sequence ended at a payoff that fails Kohlberg's criterion (numerical trouble)",
      {
        details: { x: Array.from(x) },
      },
    );
  }
  return { x, levels, lpCount, verified };
}

function scaleOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return Math.max(m, 1);
}

/**
 * Kohlberg's criterion. Pre-nucleolus: x (efficient) is the pre-nucleolus iff for every level α the
 * collection D(α) = {S proper, nonempty : e(S, x) ≥ α} is balanced. Nucleolus over imputations: x is the
 * nucleolus iff for every α with D(α) ≠ ∅, D(α) together with L = {{i} : x_i = v({i})} is weakly balanced,
 * i.e. Σ_{S∈D(α)} w_S 1_S + Σ_{{i}∈L} u_i 1_{i} = 1_N with all w_S > 0 and u_i ≥ 0. Each level is one LP.
 */
export async function kohlbergCheck(
  v: Float64Array,
  n: number,
  x: ArrayLike<number>,
  opts: { prenucleolus?: boolean; tol?: number } = {},
): Promise<boolean> {
  checkN(n, MAX_NUCLEOLUS_PLAYERS, 'kohlbergCheck');
  checkTable(v, n, 'kohlbergCheck');
  const g = await glpk();
  const tol = opts.tol ?? 1e-7 * scaleOf(v);
  const pre = opts.prenucleolus ?? false;
  const full = 2 ** n - 1;
  let sx = 0;
  for (let i = 0; i < n; i++) sx += x[i]!;
  if (Math.abs(sx - v[full]!) > tol) return false;
  const L: number[] = [];
  if (!pre) {
    for (let i = 0; i < n; i++) {
      if (x[i]! < v[1 << i]! - tol) return false;
      if (x[i]! <= v[1 << i]! + tol) L.push(i);
    }
  }
  const ex: { m: number; e: number }[] = [];
  for (let m = 1; m < full; m++) {
    let xs = 0;
    for (let i = 0; i < n; i++) if (m & (1 << i)) xs += x[i]!;
    ex.push({ m, e: v[m]! - xs });
  }
  ex.sort((a, b) => b.e - a.e);
  let k = 0;
  while (k < ex.length) {
    // next level: all coalitions within tol of the current top of the remainder
    const level = ex[k]!.e;
    let end = k;
    while (end < ex.length && ex[end]!.e >= level - tol) end++;
    const D = ex.slice(0, end).map((q) => q.m);
    if (!balanced(g, D, L, n)) return false;
    k = end;
  }
  return true;
}

/** Is D (with optional nonnegative singletons L) (weakly) balanced? max δ s.t. Σ w_S 1_S + Σ u_i e_i = 1, w ≥ δ. */
function balanced(g: Glpk, D: number[], L: number[], n: number): boolean {
  const subjectTo: LP['subjectTo'] = [];
  for (let i = 0; i < n; i++) {
    const vars: { name: string; coef: number }[] = [];
    for (const m of D) if (m & (1 << i)) vars.push({ name: `w${m}`, coef: 1 });
    if (L.includes(i)) vars.push({ name: `u${i}`, coef: 1 });
    if (vars.length === 0) return false; // player i covered by no coalition
    subjectTo.push({ name: `p${i}`, vars, bnds: { type: g.GLP_FX, lb: 1, ub: 1 } });
  }
  for (const m of D)
    subjectTo.push({
      name: `d${m}`,
      vars: [
        { name: `w${m}`, coef: 1 },
        { name: 'delta', coef: -1 },
      ],
      bnds: { type: g.GLP_LO, lb: 0, ub: 0 },
    });
  const bounds: NonNullable<LP['bounds']> = [{ name: 'delta', type: g.GLP_DB, lb: -1, ub: 1 }];
  const lp: LP = {
    name: 'balanced',
    objective: { direction: g.GLP_MAX, name: 'obj', vars: [{ name: 'delta', coef: 1 }] },
    subjectTo,
    bounds,
  };
  const res = g.solve(lp, { msglev: g.GLP_MSG_OFF, presol: false });
  if (res.result.status !== g.GLP_OPT) return false;
  return res.result.vars['delta']! > 1e-9;
}
