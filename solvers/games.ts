// Transferable-utility cooperative games over n players (seed 002, Eq. 10–11 and the checks its Shapley section
// takes for granted). A game is its characteristic function tabulated over coalitions as bitmasks: bit i set ⇔
// player i is in the coalition, v[0] = v(∅) = 0, v[2^n − 1] = v(N). Values are benefits (savings), so a
// coalition S "complains" about a payoff x by its excess e(S, x) = v(S) − x(S).
import { SolverError } from './errors.ts';
import { createRng } from './random.ts';

/** Largest n for a tabulated game (2^25 doubles = 256 MB). */
export const MAX_TABULATED_PLAYERS = 25;
/** Largest n for the O(3^n) superadditivity check. */
export const MAX_SUPERADDITIVE_PLAYERS = 20;

function checkN(n: number, max: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new SolverError('R600', { what, n });
  if (n > max) throw new SolverError('R601', { case: 'players', what, n, max });
}

function checkTable(v: Float64Array, n: number, what: string): void {
  if (v.length !== 2 ** n) throw new SolverError('R602', { what, n, values: v.length });
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
    if (!Number.isFinite(x)) throw new SolverError('R603', { members: members(m), value: x });
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
  if (!Number.isInteger(samples) || samples < 2) throw new SolverError('R604', { samples });
  const memoLimit = opts.memoLimit ?? 5_000_000;
  const rng = createRng(opts.seed);
  const memo = new Map<number, number>();
  const value = (m: number): number => {
    if (m === 0) return 0;
    const hit = memo.get(m);
    if (hit !== undefined) return hit;
    const x = valueOf(m);
    if (!Number.isFinite(x)) throw new SolverError('R603', { members: members(m), value: x });
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
  if (x.length !== n) throw new SolverError('R605', { n, length: x.length });
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
  // Each pair once, over exactly the coalitions without either (C(n,2)·2^(n−2) tests, not n²·2^n loop steps);
  // ties go to the smallest (s, i, j), as a scan by s, then i, then j would find first.
  for (let i = 0; i < n; i++) {
    const bi = 1 << i;
    for (let j = i + 1; j < n; j++) {
      const bj = 1 << j;
      const rest = (size - 1) & ~(bi | bj);
      let s = 0;
      do {
        const gap = v[s | bi | bj]! - v[s | bj]! - (v[s | bi]! - v[s]!);
        if (gap < worstGap || (gap === worstGap && s < w.s)) {
          worstGap = gap;
          w = { s, i, j };
        }
        s = (s - rest) & rest;
      } while (s !== 0);
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
  if (!Number.isInteger(player) || player < 0 || player >= n) throw new SolverError('R606', { player, n });
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
