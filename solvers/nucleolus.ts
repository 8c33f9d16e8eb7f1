// The nucleolus of a tabulated game (v by coalition bitmask, as in games.ts) and its verification.
//
// Finding it: Maschler's sequence of LPs (minimise the largest excess ε, fix the coalitions that are tight at every
// optimum, repeat at the next level) solved by constraint generation as in Benedek, Fliege & Nguyen (2021),
// "Finding and verifying the nucleolus of cooperative games", Math. Programming 190: each LP holds only a working
// set of coalitions; a pass over all 2^n coalitions finds those whose excess exceeds ε and adds the worst, until
// none does. The working set and the payoff carry over from level to level (the warm start: glpk.js rebuilds its
// problem on every solve, so the warm start is the set of rows, not a simplex basis). Rows with a positive dual are
// tight at every optimum (complementary slackness), so each level fixes at least one coalition independent of the
// fixed ones and at most n − 1 levels are solved.
//
// Verifying it: Kohlberg's criterion, checked level by level on the excesses of the final payoff over *all*
// coalitions (not the LPs' rows), stopping as soon as the coalitions seen so far determine the payoff
// (Benedek et al., Thm. 3): a payoff is the (pre-)nucleolus iff each union D_k of its k highest excess levels is
// balanced (weakly, with the players at their individual worth, for the nucleolus) until D_k determines x. Each
// balancedness test is itself a constraint-generation LP, so a level of 10^5 tied coalitions costs a few LP rows.
import GLPK, { type LP } from 'glpk.js/node';
import { SolverError } from './errors.ts';
import { MAX_TABULATED_PLAYERS } from './games.ts';

type Glpk = Awaited<ReturnType<typeof GLPK>>;
let glpkPromise: ReturnType<typeof GLPK> | null = null;
function glpk(): ReturnType<typeof GLPK> {
  glpkPromise ??= GLPK();
  return glpkPromise;
}

export interface NucleolusOptions {
  /** Pre-nucleolus (no individual rationality x_i ≥ v({i})); default false (the nucleolus over imputations). */
  prenucleolus?: boolean;
  /** Verify by Kohlberg's criterion; default true. */
  verify?: boolean;
  /** Tolerance for excesses (ties, violated rows); default 1e-9 of max |v| (at least 1e-12). */
  tol?: number;
}

export interface KohlbergReport {
  ok: boolean;
  /** Excess levels examined (each a balancedness LP). */
  levels: number;
  /** Coalitions in the union of those levels. */
  coalitions: number;
  /** Rank of those coalitions' indicators with 1_N (n when they determine the payoff). */
  rank: number;
  /** Why the check failed (absent when ok). */
  reason?: string;
}

export interface NucleolusResult {
  x: Float64Array;
  /** The successive minimal maximum excesses ε_1 ≥ ε_2 ≥ … of the LP sequence (excess = v(S) − x(S)). */
  levels: number[];
  /** LPs solved (constraint-generation rounds included). */
  lpCount: number;
  /** Coalitions that ever entered an LP (of the 2^n − 2 a full LP would hold). */
  rows: number;
  /** true/false: result of Kohlberg's criterion; null when not verified. */
  verified: boolean | null;
  verification?: KohlbergReport;
}

function checkGame(v: Float64Array, n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new SolverError('R600', { what, n });
  if (n > MAX_TABULATED_PLAYERS)
    throw new SolverError('R601', { case: 'players', what, n, max: MAX_TABULATED_PLAYERS });
  if (v.length !== 2 ** n) throw new SolverError('R602', { what, n, values: v.length });
}

function scaleOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return Math.max(m, 1e-300);
}

// ---------------------------------------------------------------------------------------------------------
// Coalition sums x(S) for all 2^n masks in O(2^(n/2)) memory: x(S) = high[S >> h] + low[S & (2^h − 1)]
// ---------------------------------------------------------------------------------------------------------

class SplitSums {
  readonly h: number;
  readonly lowMask: number;
  readonly low: Float64Array;
  readonly high: Float64Array;
  constructor(readonly n: number) {
    this.h = n >> 1;
    this.lowMask = (1 << this.h) - 1;
    this.low = new Float64Array(1 << this.h);
    this.high = new Float64Array(1 << (n - this.h));
  }
  set(x: ArrayLike<number>): this {
    const { h, low, high } = this;
    for (let m = 1; m < low.length; m++) {
      const b = m & -m;
      low[m] = low[m ^ b]! + x[31 - Math.clz32(b)]!;
    }
    for (let m = 1; m < high.length; m++) {
      const b = m & -m;
      high[m] = high[m ^ b]! + x[h + 31 - Math.clz32(b)]!;
    }
    return this;
  }
}

/** Σ_{i∈S} x_i in ascending player order (the exact sum used for reported excesses). */
function coalitionSum(x: ArrayLike<number>, mask: number): number {
  let s = 0;
  for (let r = mask; r !== 0; r &= r - 1) s += x[31 - Math.clz32(r & -r)]!;
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Linear algebra on coalition indicators
// ---------------------------------------------------------------------------------------------------------

function indicator(mask: number, n: number): Float64Array {
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) if (mask & (1 << i)) e[i] = 1;
  return e;
}

/** An orthonormal basis of the span of some vectors (Gram–Schmidt, twice for stability). */
class Span {
  readonly basis: Float64Array[] = [];
  constructor(readonly n: number) {}
  get rank(): number {
    return this.basis.length;
  }
  private residual(vec: Float64Array): Float64Array {
    const r = Float64Array.from(vec);
    const n = this.n;
    for (let pass = 0; pass < 2; pass++) {
      for (const b of this.basis) {
        let d = 0;
        for (let i = 0; i < n; i++) d += b[i]! * r[i]!;
        for (let i = 0; i < n; i++) r[i] = r[i]! - d * b[i]!;
      }
    }
    return r;
  }
  contains(vec: Float64Array): boolean {
    const r = this.residual(vec);
    let norm = 0;
    for (let i = 0; i < this.n; i++) norm += r[i]! * r[i]!;
    return Math.sqrt(norm) < 1e-9;
  }
  /** Add the vector if independent; true when the rank grew. */
  add(vec: Float64Array): boolean {
    const r = this.residual(vec);
    let norm = 0;
    for (let i = 0; i < this.n; i++) norm += r[i]! * r[i]!;
    norm = Math.sqrt(norm);
    if (norm < 1e-9) return false;
    for (let i = 0; i < this.n; i++) r[i] = r[i]! / norm;
    this.basis.push(r);
    return true;
  }
  /** Subset sums of the complement probes (empty until the first add). */
  probeSums: SplitSums[] = [];
  /**
   * Add 1_S if it is independent of the span. The probes decide in O(1) (two lookups) that a coalition is in the
   * span; only a coalition they see outside it pays for the exact Gram–Schmidt test.
   */
  addCoalition(mask: number): boolean {
    if (this.rank === this.n) return false;
    if (this.probeSums.length) {
      let inside = true;
      for (const ps of this.probeSums) {
        const z = ps.high[mask >>> ps.h]! + ps.low[mask & ps.lowMask]!;
        if (Math.abs(z) >= 1e-9) inside = false;
      }
      if (inside) return false;
    }
    if (!this.add(indicator(mask, this.n))) return false;
    this.probeSums = this.complementProbes().map((z) => new SplitSums(this.n).set(z));
    return true;
  }
  /** Is 1_S in the span (probes first, exact test when they disagree)? */
  containsCoalition(mask: number): boolean {
    if (this.rank === this.n) return true;
    for (const ps of this.probeSums) {
      const z = ps.high[mask >>> ps.h]! + ps.low[mask & ps.lowMask]!;
      if (Math.abs(z) >= 1e-9) return false;
    }
    return this.contains(indicator(mask, this.n));
  }

  /**
   * Two fixed pseudo-random unit vectors orthogonal to the span. A coalition whose indicator is in the span has
   * z·1_S = 0 for both; one outside has z·1_S ≠ 0 except on a set of measure zero, so |z·1_S| tells the
   * coalitions the fixed ones already determine from the free ones in O(1) per coalition.
   */
  complementProbes(): Float64Array[] {
    const out: Float64Array[] = [];
    let seed = 0x9e3779b9;
    const next = () => {
      // xorshift32: deterministic, no dependence on global state
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296 - 0.5;
    };
    for (let k = 0; k < 2; k++) {
      const z = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) z[i] = next();
      const r = this.residual(z);
      let norm = 0;
      for (let i = 0; i < this.n; i++) norm += r[i]! * r[i]!;
      norm = Math.sqrt(norm);
      for (let i = 0; i < this.n; i++) r[i] = norm > 0 ? r[i]! / norm : 0;
      out.push(r);
    }
    return out;
  }
}

/** Solve A x = b (A square, row-major rows) by Gaussian elimination with partial pivoting. */
function solveSquare(rows: Float64Array[], b: number[]): Float64Array | undefined {
  const n = rows.length;
  const a = rows.map((r, i) => {
    const row = new Float64Array(n + 1);
    row.set(r);
    row[n] = b[i]!;
    return row;
  });
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < 1e-12) return undefined;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pc = a[c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const ar = a[r]!;
      const f = ar[c]! / pc[c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) ar[k] = ar[k]! - f * pc[k]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = a[i]![n]! / a[i]![i]!;
  return x;
}

// ---------------------------------------------------------------------------------------------------------
// The k largest violations of a pass (a min-heap on typed arrays)
// ---------------------------------------------------------------------------------------------------------

class TopK {
  readonly key: Float64Array;
  readonly mask: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.key = new Float64Array(k);
    this.mask = new Int32Array(k);
  }
  get min(): number {
    return this.size < this.k ? -Infinity : this.key[0]!;
  }
  push(key: number, mask: number): void {
    const { key: h, mask: m } = this;
    let i: number;
    if (this.size < this.k) {
      i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p]! <= key) break;
        h[i] = h[p]!;
        m[i] = m[p]!;
        i = p;
      }
    } else {
      if (key <= h[0]!) return;
      i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.k) break;
        const r = l + 1;
        const c = r < this.k && h[r]! < h[l]! ? r : l;
        if (h[c]! >= key) break;
        h[i] = h[c]!;
        m[i] = m[c]!;
        i = c;
      }
    }
    h[i] = key;
    m[i] = mask;
  }
  /** Masks by decreasing key (ties by increasing mask), so the rows added never depend on heap order. */
  sorted(): number[] {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => this.key[b]! - this.key[a]! || this.mask[a]! - this.mask[b]!);
    return idx.map((i) => this.mask[i]!);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The nucleolus
// ---------------------------------------------------------------------------------------------------------

const DUAL_TOL = 1e-9;

/**
 * The nucleolus (lexicographic minimiser of the sorted excesses v(S) − x(S) over imputations, or over
 * pre-imputations with `prenucleolus`) by constraint generation over the LP sequence, verified by Kohlberg's
 * criterion. Up to 25 players (v must be tabulated); each pass over the coalitions is O(2^n).
 */
export async function nucleolus(v: Float64Array, n: number, opts: NucleolusOptions = {}): Promise<NucleolusResult> {
  checkGame(v, n, 'nucleolus');
  const g = await glpk();
  const scale = scaleOf(v);
  const tol = opts.tol ?? Math.max(1e-10 * scale, 1e-300);
  const pre = opts.prenucleolus ?? false;
  const full = 2 ** n - 1;
  if (n === 1) return { x: Float64Array.of(v[1]!), levels: [], lpCount: 0, rows: 0, verified: true };
  if (!pre) {
    let sumSingles = 0;
    for (let i = 0; i < n; i++) sumSingles += v[1 << i]!;
    if (sumSingles > v[full]! + tol) {
      throw new SolverError('R607', { singles: sumSingles, grand: v[full]! });
    }
  }
  const seq = new LpSequence(g, v, n, pre, scale, tol);
  const x = seq.run();
  const verify = opts.verify ?? true;
  let verification: KohlbergReport | undefined;
  if (verify) {
    verification = kohlbergReport(g, v, n, x, { prenucleolus: pre, tol: Math.max(10 * tol, 1e-9 * scale) });
    if (!verification.ok) throw new SolverError('R609', { reason: verification.reason ?? '', x: Array.from(x) });
  }
  return {
    x,
    levels: seq.levels,
    lpCount: seq.lpCount,
    rows: seq.rowsEver,
    verified: verify ? true : null,
    ...(verification ? { verification } : {}),
  };
}

/** State of Maschler's LP sequence over a working set of coalitions. */
class LpSequence {
  readonly levels: number[] = [];
  lpCount = 0;
  rowsEver = 0;
  /** 1: in the working set, 2: fixed (tight at its level), 0: neither. */
  private readonly status: Uint8Array;
  private readonly working: number[] = [];
  private readonly span: Span;
  /** The rows that raised the rank, with their right-hand sides: x is their solution once the rank is n. */
  private readonly system: Array<{ mask: number; row: Float64Array; rhs: number }> = [];
  private readonly sums: SplitSums;
  private readonly perRound: number;
  /** Where the LPs are centred, and their scale (see lp()). */
  private center: { x: Float64Array; eps: number; sigma: number };

  constructor(
    private readonly g: Glpk,
    private readonly v: Float64Array,
    private readonly n: number,
    private readonly pre: boolean,
    private readonly scale: number,
    private readonly tol: number,
  ) {
    this.status = new Uint8Array(2 ** n);
    this.span = new Span(n);
    this.sums = new SplitSums(n);
    this.perRound = Math.max(4 * n, 32);
    const full = 2 ** n - 1;
    this.center = { x: new Float64Array(n), eps: 0, sigma: scale };
    this.addToSystem(full, v[full]!);
  }

  private addToSystem(mask: number, rhs: number): void {
    if (this.span.addCoalition(mask)) this.system.push({ mask, row: indicator(mask, this.n), rhs });
  }

  /** The coalitions (not fixed, not working, not determined by the fixed ones) whose excess at x beats `floor`, worst first. */
  private separate(x: Float64Array, floor: number): number[] {
    const { v, status, sums } = this;
    const probeSums = this.span.probeSums;
    sums.set(x);
    const top = new TopK(this.perRound);
    const { h, lowMask, low, high } = sums;
    const z0l = probeSums[0]!.low,
      z0h = probeSums[0]!.high,
      z1l = probeSums[1]!.low,
      z1h = probeSums[1]!.high;
    const full = v.length - 1;
    const spanTol = 1e-9;
    for (let hi = 0; hi < high.length; hi++) {
      const base = high[hi]!;
      const zb0 = z0h[hi]!,
        zb1 = z1h[hi]!;
      const off = hi << h;
      for (let lo = 0; lo <= lowMask; lo++) {
        const m = off | lo;
        if (m === 0 || m === full || status[m] !== 0) continue;
        const e = v[m]! - (base + low[lo]!);
        if (e <= floor || e <= top.min) continue;
        if (Math.abs(zb0 + z0l[lo]!) < spanTol && Math.abs(zb1 + z1l[lo]!) < spanTol) continue;
        top.push(e, m);
      }
    }
    // confirm independence exactly before a coalition enters an LP
    return top.sorted().filter((m) => !this.span.contains(indicator(m, this.n)));
  }

  run(): Float64Array {
    const { n, v, pre } = this;
    const full = 2 ** n - 1;
    // start: the equal split of the surplus over the individual worths
    let x: Float64Array = new Float64Array(n);
    let sumSingles = 0;
    for (let i = 0; i < n; i++) sumSingles += pre ? 0 : v[1 << i]!;
    for (let i = 0; i < n; i++) x[i] = (pre ? 0 : v[1 << i]!) + (v[full]! - sumSingles) / n;
    this.center = { x, eps: 0, sigma: this.scale };
    // the first rows: every {i} and N \ {i} (each pair a partition, so the first LP is bounded), then the worst
    const first: number[] = [];
    for (let i = 0; i < n; i++) first.push(1 << i, full ^ (1 << i));
    this.addWorking(first.filter((m, k) => first.indexOf(m) === k && m !== 0 && m !== full));
    // a floor on ε keeps an LP whose rows do not bound ε yet bounded; it is lowered whenever the optimum reaches it
    let floor = -8 * this.scale;
    while (this.span.rank < n) {
      if (this.working.length === 0) {
        const seed = this.separate(x, -Infinity);
        if (seed.length === 0) break; // every coalition is determined by the fixed ones
        this.addWorking(seed);
      }
      let sol: LevelSolution & { sigma: number };
      for (;;) {
        sol = this.solveLevel(floor);
        x = sol.x;
        const add = this.separate(x, sol.eps + this.tol);
        if (add.length > 0) this.addWorking(add);
        else if (sol.eps <= floor + this.tol) floor = 10 * floor;
        else if (sol.sigma > 1e6 * this.tol)
          continue; // solved in coarse units: again, centred on this answer
        else break;
      }
      this.levels.push(sol.eps);
      this.fixTight(sol);
    }
    if (this.span.rank === n) {
      const exact = solveSquare(
        this.system.map((s) => s.row),
        this.system.map((s) => s.rhs),
      );
      if (exact) return exact;
    }
    return x;
  }

  private addWorking(masks: number[]): void {
    for (const m of masks) {
      this.status[m] = 1;
      this.working.push(m);
      this.rowsEver++;
    }
  }

  /**
   * The LP in coordinates centred on the last solution and scaled by how far it last moved: x = x_c + σ·d,
   * ε = ε_c + σ·η. GLPK accepts a basis within about 1e-7 of feasibility in the units it sees; in these units that
   * is 1e-7·σ, so as the solutions settle the LPs resolve excess levels far closer than 1e-7 of v's scale (a thin
   * core has levels 1e-9 of v(N) apart).
   */
  private lp(objective: LP['objective'], eps: { fix: number } | { floor: number }): LP {
    const { g, n, v, pre } = this;
    const { x: xc, eps: ec, sigma } = this.center;
    const vars = (m: number) => {
      const out: { name: string; coef: number }[] = [];
      for (let i = 0; i < n; i++) if (m & (1 << i)) out.push({ name: `d${i}`, coef: 1 });
      return out;
    };
    // the fixed coalitions that raised the rank (with N): the others are implied by them
    const subjectTo: LP['subjectTo'] = this.system.map((s, k) => {
      const rhs = (s.rhs - coalitionSum(xc, s.mask)) / sigma;
      return { name: `f${k}`, vars: vars(s.mask), bnds: { type: g.GLP_FX, lb: rhs, ub: rhs } };
    });
    for (const m of this.working)
      subjectTo.push({
        name: `c${m}`,
        vars: [...vars(m), { name: 'eta', coef: 1 }],
        bnds: { type: g.GLP_LO, lb: (v[m]! - coalitionSum(xc, m) - ec) / sigma, ub: 0 },
      });
    const bounds: NonNullable<LP['bounds']> = [];
    for (let i = 0; i < n; i++)
      bounds.push(
        pre
          ? { name: `d${i}`, type: g.GLP_FR, lb: 0, ub: 0 }
          : { name: `d${i}`, type: g.GLP_LO, lb: (v[1 << i]! - xc[i]!) / sigma, ub: 0 },
      );
    bounds.push(
      'fix' in eps
        ? { name: 'eta', type: g.GLP_FX, lb: (eps.fix - ec) / sigma, ub: (eps.fix - ec) / sigma }
        : { name: 'eta', type: g.GLP_LO, lb: (eps.floor - ec) / sigma, ub: 0 },
    );
    return { name: 'nucleolus', objective, subjectTo, bounds };
  }

  private solve(lp: LP): ReturnType<Glpk['solve']>['result'] {
    const res = this.g.solve(lp, { msglev: this.g.GLP_MSG_OFF, presol: false });
    this.lpCount++;
    if (res.result.status !== this.g.GLP_OPT)
      throw new SolverError('R608', { case: 'status', lp: this.lpCount, status: res.result.status });
    return res.result;
  }

  /** Solve the level's LP over the working set; re-centre on the answer (σ: twice the step, not below 1e3·tol). */
  private solveLevel(floor: number): LevelSolution & { sigma: number } {
    const g = this.g;
    const { x: xc, eps: ec, sigma } = this.center;
    const r = this.solve(this.lp({ direction: g.GLP_MIN, name: 'obj', vars: [{ name: 'eta', coef: 1 }] }, { floor }));
    const x = new Float64Array(this.n);
    let step = Math.abs(r.vars['eta']! * sigma);
    for (let i = 0; i < this.n; i++) {
      const d = r.vars[`d${i}`]! * sigma;
      x[i] = xc[i]! + d;
      step = Math.max(step, Math.abs(d));
    }
    const eps = ec + r.vars['eta']! * sigma;
    this.center = { x, eps, sigma: Math.max(2 * step, 1e3 * this.tol) };
    return { x, eps, dual: r.dual ?? {}, sigma };
  }

  /** Fix the working rows tight at every optimum of this level; drop the rows the fixed ones now determine. */
  private fixTight(sol: LevelSolution): void {
    const { g, n, v } = this;
    let fixedNow = this.working.filter((m) => (sol.dual[`c${m}`] ?? 0) > DUAL_TOL);
    if (fixedNow.length === 0) {
      // Degenerate duals: S is tight at every optimum iff its slack x(S) + ε − v(S) cannot be made positive with ε
      // held at its optimum.
      fixedNow = this.working.filter((m) => {
        if (Math.abs(v[m]! - coalitionSum(sol.x, m) - sol.eps) > this.tol) return false;
        const objective: LP['objective'] = { direction: g.GLP_MAX, name: 'obj', vars: [] };
        for (let i = 0; i < n; i++) if (m & (1 << i)) objective.vars.push({ name: `d${i}`, coef: 1 });
        const r = this.solve(this.lp(objective, { fix: sol.eps }));
        const c = this.center;
        return coalitionSum(c.x, m) + r.z * c.sigma + sol.eps - v[m]! <= this.tol;
      });
      if (fixedNow.length === 0) throw new SolverError('R608', { case: 'stalled' });
    }
    for (const m of fixedNow) {
      this.status[m] = 2;
      this.addToSystem(m, v[m]! - sol.eps);
    }
    const keep = this.working.filter((m) => {
      if (this.status[m] !== 1) return false;
      if (!this.span.containsCoalition(m)) return true;
      this.status[m] = 2; // determined by the fixed coalitions: never again a row or a candidate
      return false;
    });
    this.working.length = 0;
    this.working.push(...keep);
  }
}

interface LevelSolution {
  x: Float64Array;
  eps: number;
  dual: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------------
// Kohlberg's criterion
// ---------------------------------------------------------------------------------------------------------

/**
 * Kohlberg's criterion, with the report of what was checked. Pre-nucleolus: x (efficient) is the pre-nucleolus
 * iff every union D_k of its highest excess levels is balanced. Nucleolus over imputations: x is the nucleolus iff
 * every D_k together with L = {{i} : x_i = v({i})} is weakly balanced (Σ_{S∈D_k} w_S 1_S + Σ_{i∈L} u_i e_i = 1_N,
 * w > 0, u ≥ 0). Levels are examined from the top until the coalitions seen determine x (then lower levels cannot
 * matter), so a 20-player game needs a few levels, not 2^20.
 */
export async function kohlbergCheck(
  v: Float64Array,
  n: number,
  x: ArrayLike<number>,
  opts: { prenucleolus?: boolean; tol?: number } = {},
): Promise<boolean> {
  checkGame(v, n, 'kohlbergCheck');
  return kohlbergReport(await glpk(), v, n, x, opts).ok;
}

/** The same check with the report (levels and coalitions examined, the rank reached, why it failed). */
export async function verifyNucleolus(
  v: Float64Array,
  n: number,
  x: ArrayLike<number>,
  opts: { prenucleolus?: boolean; tol?: number } = {},
): Promise<KohlbergReport> {
  checkGame(v, n, 'verifyNucleolus');
  return kohlbergReport(await glpk(), v, n, x, opts);
}

function kohlbergReport(
  g: Glpk,
  v: Float64Array,
  n: number,
  x: ArrayLike<number>,
  opts: { prenucleolus?: boolean; tol?: number },
): KohlbergReport {
  const tol = opts.tol ?? 1e-9 * scaleOf(v);
  const pre = opts.prenucleolus ?? false;
  const full = 2 ** n - 1;
  const fail = (reason: string, levels = 0, coalitions = 0, rank = 0): KohlbergReport => ({
    ok: false,
    levels,
    coalitions,
    rank,
    reason,
  });
  if (x.length !== n) return fail(`the payoff has ${x.length} entries for ${n} players`);
  if (Math.abs(coalitionSum(x, full) - v[full]!) > tol) return fail('the payoff is not efficient');
  const L: number[] = [];
  if (!pre) {
    for (let i = 0; i < n; i++) {
      if (x[i]! < v[1 << i]! - tol) return fail(`player ${i} gets less than its own worth`);
      if (x[i]! <= v[1 << i]! + tol) L.push(i);
    }
  }
  if (n === 1) return { ok: true, levels: 0, coalitions: 0, rank: 1 };
  const sums = new SplitSums(n).set(x);
  const { h, lowMask, low, high } = sums;
  const excess = (m: number) => v[m]! - (high[m >>> h]! + low[m & lowMask]!);
  const span = new Span(n);
  span.addCoalition(full);
  const D: number[] = [];
  const order = new ExcessLevels(excess, full, tol);
  let levels = 0;
  for (let level = order.next(); level; level = order.next()) {
    for (const m of level) {
      D.push(m);
      span.addCoalition(m);
    }
    levels++;
    if (!balancedWith(g, D, L, n))
      return fail(`the ${ordinal(levels)} excess level is not balanced`, levels, D.length, span.rank);
    if (span.rank === n) return { ok: true, levels, coalitions: D.length, rank: n };
    if (L.length && determinedWith(g, span, L, n)) return { ok: true, levels, coalitions: D.length, rank: span.rank };
  }
  return { ok: true, levels, coalitions: D.length, rank: span.rank };
}

/**
 * The proper coalitions in decreasing order of excess, one level (ties within tol of its top) at a time, from
 * passes that keep the k largest excesses below the levels already taken (k grows when a level does not fit).
 */
class ExcessLevels {
  private masks: number[] = [];
  private keys: number[] = [];
  private pos = 0;
  private complete = false;
  private k = 1024;
  /** Every coalition with excess >= cut has been returned. */
  private cut = Infinity;
  constructor(
    private readonly excess: (m: number) => number,
    private readonly full: number,
    private readonly tol: number,
  ) {}

  private refill(): void {
    const top = new TopK(this.k);
    for (let m = 1; m < this.full; m++) {
      const e = this.excess(m);
      if (e < this.cut && e > top.min) top.push(e, m);
    }
    this.complete = top.size < this.k;
    const idx = Array.from({ length: top.size }, (_, i) => i);
    idx.sort((a, b) => top.key[b]! - top.key[a]! || top.mask[a]! - top.mask[b]!);
    this.masks = idx.map((i) => top.mask[i]!);
    this.keys = idx.map((i) => top.key[i]!);
    this.pos = 0;
  }

  next(): number[] | undefined {
    for (;;) {
      if (this.pos >= this.masks.length) {
        if (this.complete) return undefined;
        this.refill();
        continue;
      }
      const floor = this.keys[this.pos]! - this.tol;
      let end = this.pos;
      while (end < this.keys.length && this.keys[end]! >= floor) end++;
      if (end === this.keys.length && !this.complete) {
        // the level may continue below the k kept: keep more
        this.k *= 8;
        this.refill();
        continue;
      }
      const level = this.masks.slice(this.pos, end);
      this.pos = end;
      this.cut = floor;
      return level;
    }
  }
}

function ordinal(k: number): string {
  return k === 1 ? '1st' : k === 2 ? '2nd' : k === 3 ? '3rd' : `${k}th`;
}

/**
 * Is D (weakly, with the singletons L) balanced? By duality, iff no direction y with y(N) = 0, y_i ≥ 0 on L and
 * y(S) ≥ 0 on D has y(S) > 0 for some S ∈ D: maximise Σ_{S∈D} y(S) over 0 ≤ y(S) ≤ 1 (and a box on y), which
 * is 0 exactly when D is balanced. The rows y(S) ∈ [0, 1] are generated as violated, so a huge level costs
 * a pass over its coalitions per round, not an LP row each.
 */
function balancedWith(g: Glpk, D: number[], L: number[], n: number): boolean {
  const c = new Float64Array(n);
  for (const m of D) for (let r = m; r !== 0; r &= r - 1) c[31 - Math.clz32(r & -r)]! += 1;
  const inLp = new Uint8Array(D.length);
  const rows: number[] = [];
  const take = (k: number) => {
    inLp[k] = 1;
    rows.push(D[k]!);
  };
  // start with a spanning subset of D, so the first LP is bounded by its rows and not only by the box
  const sp = new Span(n);
  for (let k = 0; k < D.length && sp.rank < n; k++) if (sp.addCoalition(D[k]!)) take(k);
  const sums = new SplitSums(n);
  for (let round = 0; round < 10 * n + 50; round++) {
    const y = boxedLp(g, n, c, rows, L, 'range');
    if (!y) return false;
    sums.set(y.y);
    const { h, lowMask, low, high } = sums;
    const worst = new TopK(4 * n);
    for (let k = 0; k < D.length; k++) {
      if (inLp[k]) continue;
      const m = D[k]!;
      const s = high[m >>> h]! + low[m & lowMask]!;
      const viol = s < 0 ? -s : s - 1;
      if (viol > 1e-9 && viol > worst.min) worst.push(viol, k);
    }
    if (worst.size === 0) return y.value <= 1e-7;
    for (const k of worst.sorted()) take(k);
  }
  return false;
}

/**
 * With the levels seen balanced, every admissible direction has y(S) = 0 on them; x is then unique iff the only y
 * with y(N) = 0, y(S) = 0 on the span and y_i ≥ 0 on L is 0: max Σ_L y_i is 0 and the span with L has rank n.
 */
function determinedWith(g: Glpk, span: Span, L: number[], n: number): boolean {
  const withL = new Span(n);
  for (const b of span.basis) withL.add(b);
  for (const i of L) withL.add(indicator(1 << i, n));
  if (withL.rank < n) return false;
  const c = new Float64Array(n);
  for (const i of L) c[i] = 1;
  const r = boxedLp(g, n, c, [], L, 'zero', span.basis);
  return r !== undefined && r.value <= 1e-7;
}

/** max c·y s.t. y(N) = 0, rows (0 ≤ y(S) ≤ 1 or y(S) = 0), y_i ≥ 0 on L, −1 ≤ y ≤ 1; undefined if GLPK fails. */
function boxedLp(
  g: Glpk,
  n: number,
  c: Float64Array,
  masks: number[],
  L: number[],
  kind: 'range' | 'zero',
  dense: Float64Array[] = [],
): { y: Float64Array; value: number } | undefined {
  const all = (1 << n) - 1;
  const vars = (m: number) => {
    const out: { name: string; coef: number }[] = [];
    for (let i = 0; i < n; i++) if (m & (1 << i)) out.push({ name: `y${i}`, coef: 1 });
    return out;
  };
  const subjectTo: LP['subjectTo'] = [{ name: 'N', vars: vars(all), bnds: { type: g.GLP_FX, lb: 0, ub: 0 } }];
  for (const m of masks)
    subjectTo.push({
      name: `s${m}`,
      vars: vars(m),
      bnds: kind === 'range' ? { type: g.GLP_DB, lb: 0, ub: 1 } : { type: g.GLP_FX, lb: 0, ub: 0 },
    });
  dense.forEach((row, k) =>
    subjectTo.push({
      name: `b${k}`,
      vars: Array.from(row, (coef, i) => ({ name: `y${i}`, coef })).filter((t) => t.coef !== 0),
      bnds: { type: g.GLP_FX, lb: 0, ub: 0 },
    }),
  );
  const inL = new Set(L);
  const bounds: NonNullable<LP['bounds']> = [];
  for (let i = 0; i < n; i++) bounds.push({ name: `y${i}`, type: g.GLP_DB, lb: inL.has(i) ? 0 : -1, ub: 1 });
  const lp: LP = {
    name: 'kohlberg',
    objective: {
      direction: g.GLP_MAX,
      name: 'obj',
      vars: Array.from(c, (coef, i) => ({ name: `y${i}`, coef })),
    },
    subjectTo,
    bounds,
  };
  const res = g.solve(lp, { msglev: g.GLP_MSG_OFF, presol: false });
  if (res.result.status !== g.GLP_OPT) return undefined;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = res.result.vars[`y${i}`] ?? 0;
  return { y, value: res.result.z };
}
