// A game's worth value(S), per coalition bitmask. When value(S) is built from member sums over S, constants and
// objectives of coalition problems that have a fast path (coalition-template.ts), it is lowered once to a kernel
// over typed arrays (solvers/coalition-kernel.ts) and the language costs nothing per coalition; otherwise the
// evaluator runs value(S) for each coalition. Both give the same number to the last bit (the kernel sums in the
// evaluator's order and solves with the template's solver); ABATE_NO_KERNEL=1 forces the evaluator, for tests.
import type { PExpr } from '../spec/plan.ts';
import type { Evaluator } from './evaluate.ts';
import type { SetValue, Value } from './values.ts';
import {
  CoalitionKernel,
  KernelError,
  nonFinite,
  type AllocationTerm,
  type KernelExpr,
} from '../solvers/coalition-kernel.ts';
import { tabulate } from '../solvers/games.ts';
import type { WorkerPool } from './pool.ts';

export interface CoalitionValues {
  /** v(S) of one coalition. */
  valueOf(mask: number): number;
  /**
   * v(S) for the coalitions S = from, ..., to − 1 (bitmasks; all 2^n by default), in the pool's workers when it has
   * more than one and the range is big.
   */
  tabulate(pool?: WorkerPool, range?: { from: number; to: number }): Promise<Float64Array>;
  /** The kernel, when value(S) could be lowered (what workers and shards evaluate). */
  kernel?: CoalitionKernel;
}

export function coalitionValues(
  ev: Evaluator,
  expr: PExpr,
  param: string,
  players: SetValue,
  label: string,
): CoalitionValues {
  const n = players.members.length;
  const evaluate = (mask: number): number => {
    if (mask === 0) return 0;
    const members = players.members.filter((_, i) => mask & (1 << i));
    const S: SetValue = { kind: 'set', name: players.name, members, numeric: players.numeric };
    return ev.num(expr, new Map([[param, S]]), `${label}.value({${members.join(', ')}})`);
  };
  const spec = process.env['ABATE_NO_KERNEL'] === '1' ? undefined : lower(ev, expr, param, players);
  if (!spec)
    return {
      valueOf: evaluate,
      tabulate: (_pool, range) => {
        if (!range) return Promise.resolve(tabulate(n, evaluate));
        const v = new Float64Array(range.to - range.from);
        for (let m = range.from; m < range.to; m++) {
          const x = evaluate(m);
          if (!Number.isFinite(x)) throw nonFinite(m, x);
          v[m - range.from] = x;
        }
        return Promise.resolve(v);
      },
    };
  const kernel = new CoalitionKernel({ n, ...spec });
  // a coalition the kernel cannot solve is evaluated again through the language, which words the error in the
  // model's terms (the problem, its constraint, the coalition's members)
  const explain = (e: unknown): never => {
    if (e instanceof KernelError) {
      if (e.term < 0) throw e.cause; // a non-finite worth: the same error as tabulating through the language
      evaluate(e.mask);
    }
    throw e;
  };
  // the kernel's solves count as the model's (the run reports how many problems it solved)
  const counted = <T>(f: () => T): T => {
    const before = kernel.solves;
    try {
      return f();
    } catch (e) {
      return explain(e);
    } finally {
      ev.env.solveCount += kernel.solves - before;
    }
  };
  return {
    kernel,
    valueOf: (mask) => (mask === 0 ? 0 : counted(() => kernel.value(mask))),
    tabulate: async (pool, range = { from: 0, to: 2 ** n }) => {
      const size = range.to - range.from;
      if (!pool?.useFor(size))
        return counted(() => {
          const v = new Float64Array(size);
          kernel.fill(v, range.from, range.to);
          return v;
        });
      const v = new Float64Array(new SharedArrayBuffer(8 * size));
      const r = await pool.fillRange(kernel, v, range.from);
      ev.env.solveCount += r.solves;
      if (r.failed) explain(r.failed);
      return v;
    },
  };
}

function mentions(e: unknown, name: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as { op?: string; name?: string };
  if ((o.op === 'it' || o.op === 'set') && o.name === name) return true;
  return Object.values(e).some((v) => mentions(v, name));
}

/** value(S) as a kernel expression, or undefined when some part of it needs the evaluator per coalition. */
function lower(
  ev: Evaluator,
  expr: PExpr,
  param: string,
  players: SetValue,
): { expr: KernelExpr; terms: AllocationTerm[] } | undefined {
  const terms: AllocationTerm[] = [];
  const termOf = new Map<string, number>();
  const isS = (e: PExpr | undefined) => e?.op === 'it' && e.name === param;
  const walk = (e: PExpr): KernelExpr | undefined => {
    if (!mentions(e, param)) {
      const x: Value = ev.eval(e, new Map());
      return typeof x === 'number' ? { op: 'const', v: x } : undefined;
    }
    switch (e.op) {
      case 'neg': {
        const a = walk(e.a);
        return a && { op: 'neg', a };
      }
      case 'bin': {
        if (e.fn !== '+' && e.fn !== '-' && e.fn !== '*' && e.fn !== '/') return undefined;
        const a = walk(e.a);
        const b = a && walk(e.b);
        return b && { op: 'bin', fn: e.fn, a: a!, b };
      }
      case 'agg': {
        if (e.its.length !== 1 || !isS(e.its[0]!.domain) || mentions(e.body, param)) return undefined;
        if (e.filter && mentions(e.filter, param)) return undefined;
        if (e.fn === 'count' && !e.filter) return { op: 'count' };
        if (e.fn !== 'sum') return undefined;
        const it = e.its[0]!.name;
        const w = new Float64Array(players.members.length);
        for (let i = 0; i < w.length; i++) {
          const b = new Map<string, Value>([[it, players.members[i]!]]);
          if (e.filter && ev.eval(e.filter, b) !== true) continue; // the evaluator skips it; + 0 changes nothing
          const x = ev.eval(e.body, b);
          if (typeof x !== 'number') return undefined;
          w[i] = x;
        }
        return { op: 'sum', w };
      }
      case 'call':
        return e.fn === 'card' && e.args.length === 1 && isS(e.args[0]) ? { op: 'count' } : undefined;
      case 'field': {
        const of = e.of;
        if (of.op !== 'solve' || !isS(of.coalition) || e.idx.length) return undefined;
        const step = ev.env.problems.get(of.problem);
        if (!step || e.name !== 'objective') return undefined;
        const t = ev.hooks.template?.(of.problem);
        if (!t || t.members.name !== players.name || t.members.members.length !== players.members.length)
          return undefined;
        if (!termOf.has(of.problem)) {
          termOf.set(of.problem, terms.length);
          terms.push(t.term());
        }
        return { op: 'objective', term: termOf.get(of.problem)! };
      }
      default:
        return undefined;
    }
  };
  const root = walk(expr);
  return root && { expr: root, terms };
}
