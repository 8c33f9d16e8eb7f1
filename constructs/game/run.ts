// The `game` construct: tabulate v(S) for every coalition by evaluating the model's value(S) expression
// (each problem solved at most once per coalition), then Shapley (exact, or seeded sampling above 20
// players), core membership, convexity, superadditivity, the nucleolus, and the coalition table.
import type { PExpr, Step } from '../../spec/plan.ts';
import { ExecutionError, declRef } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { SetValue } from '../../execute/values.ts';
import {
  coalitionTable,
  coreCheck,
  isConvex,
  isSuperadditive,
  shapleyExact,
  shapleySampled,
} from '../../solvers/games.ts';
import { coalitionValues, type CoalitionValues } from '../../execute/coalition-value.ts';
import { shardRange } from '../../execute/shards.ts';
import { nucleolus } from '../../solvers/nucleolus.ts';
import { warningLine } from '../../diagnostics/index.ts';

import type { ConstructProps } from '../props.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
type GameProps = ConstructProps<'game'>;
const EXACT_LIMIT = 20;

/** A game being solved: its players, what was asked for, and the outputs and table rows found so far. */
interface Game {
  env: Env;
  ev: Evaluator;
  step: ConstructStep;
  players: SetValue;
  n: number;
  solutions: GameProps['solutions'] & {};
  useExact: boolean;
  /** v(S) of the coalition with this bitmask of players, and of every coalition (or a range of them) */
  valueOf: (mask: number) => number;
  tabulate: CoalitionValues['tabulate'];
  outs: Map<string, Indexed>;
  rows: ResultTable['rows'];
  columns: ResultTable['columns'];
  facts: ResultTable['rows'];
}

export async function runGame(env: Env, ev: Evaluator, step: ConstructStep, props: GameProps): Promise<void> {
  const g = setUp(env, ev, step, props);
  // every coalition's worth: for exact Shapley, and for the core and the nucleolus even when Shapley is sampled
  const wantsAll = g.solutions.includes('nucleolus') || g.solutions.includes('core');
  const tabulated = g.useExact || (wantsAll && g.n <= EXACT_LIMIT);
  if (env.shard) {
    // a shard computes its part of the table and nothing else (a sampled game is left to the merge)
    if (tabulated) await shardPart(g);
    return;
  }
  const v = tabulated ? await table(g) : undefined;
  const grand = v ? v[(1 << g.n) - 1]! : g.valueOf(g.n >= 31 ? -1 : (1 << g.n) - 1);
  g.outs.set('worth', one(grand));
  const shap = g.solutions.includes('shapley') || g.solutions.includes('core') ? shapley(g, v, props) : undefined;
  g.facts.push({ property: 'worth of the grand coalition', value: grand });
  if (v) {
    properties(g, v, shap);
    if (g.solutions.includes('nucleolus')) await nucleolusOf(g, v);
    if (props.focus) focusTable(g, v, props.focus);
  } else if (wantsAll) {
    env.warnings.push(`game ${step.name}: ${warningLine('W542', { limit: EXACT_LIMIT, players: g.n })}`);
  }
  env.outputs.set(step.name, g.outs);
  env.tables.push({
    name: step.name,
    title: step.title ?? `Game ${step.name}: allocations`,
    columns: g.columns,
    rows: g.rows,
  });
  env.tables.push({
    name: `${step.name}_properties`,
    title: `Game ${step.name}: properties`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: g.facts,
  });
}

const one = (v: number | boolean) => makeIndexed([], [v]);

/** Every coalition's worth: merged from shards (abate merge), or computed, in the run's workers if it has some. */
async function table(g: Game): Promise<Float64Array> {
  const merged = g.env.coalitionTables?.get(g.step.name);
  if (!merged) return g.tabulate(g.env.pool);
  g.env.solveCount += merged.solves;
  return merged.values;
}

/** abate run --shard: this shard's range of the coalitions, handed to the run's parts. */
async function shardPart(g: Game): Promise<void> {
  const { env } = g;
  const range = shardRange(2 ** g.n, env.shard!.spec);
  const before = env.solveCount;
  const values = await g.tabulate(env.pool, range);
  const solves = env.solveCount - before;
  env.shard!.parts.push({
    scenario: env.plan.scenario.name,
    game: g.step.name,
    players: g.n,
    ...range,
    values,
    solves,
  });
}

function setUp(env: Env, ev: Evaluator, step: ConstructStep, props: GameProps): Game {
  const players = env.sets.get(props.over)!;
  const n = players.members.length;
  const sParam = props.value.params[0]!;
  const method = props.method ?? 'auto';
  const useExact = method === 'exact' || (method === 'auto' && n <= EXACT_LIMIT);
  if (useExact && n > 25) throw new ExecutionError('R430', { players: n }).within(declRef('game', step.name));
  const worth = coalitionValues(ev, props.value.expr, sParam, players, step.name);
  return {
    env,
    ev,
    step,
    players,
    n,
    solutions: props.solutions ?? ['shapley', 'core'],
    useExact,
    valueOf: worth.valueOf,
    tabulate: worth.tabulate,
    outs: new Map(),
    rows: players.members.map((m) => ({ player: m })),
    columns: [{ key: 'player', label: props.over }],
    facts: [],
  };
}

/** The Shapley value: exact from the tabulated worths, or estimated from seeded permutations. */
function shapley(g: Game, v: Float64Array | undefined, props: GameProps): Float64Array {
  const num = (e: PExpr | undefined, k: string, d: number) => (e ? g.ev.num(e, new Map(), `${g.step.name}.${k}`) : d);
  let shap: Float64Array;
  if (g.useExact) shap = shapleyExact(v!, g.n);
  else {
    const samples = num(props.samples, 'samples', 20000),
      seed = num(props.seed, 'seed', 1);
    const r = shapleySampled(v ? (mask: number) => v[mask]! : g.valueOf, g.n, { samples, seed });
    shap = Float64Array.from(r.phi);
    g.players.members.forEach((_, i) => {
      g.rows[i]!['shapley_se'] = r.se[i]!;
    });
    g.env.warnings.push(`game ${g.step.name}: ${warningLine('W541', { samples, seed })}`);
  }
  g.outs.set('shapley', makeIndexed([g.players], Array.from(shap)));
  g.columns.push({ key: 'shapley', label: 'Shapley value' });
  if (!g.useExact) g.columns.push({ key: 'shapley_se', label: 'Shapley s.e.' });
  g.players.members.forEach((_, i) => {
    g.rows[i]!['shapley'] = shap[i]!;
  });
  return shap;
}

/** Convexity, superadditivity and whether the Shapley value is in the core, each with a witness if not. */
function properties(g: Game, v: Float64Array, shap: Float64Array | undefined): void {
  const { n, players } = g;
  const cx = isConvex(v, n);
  g.outs.set('convex', one(cx.ok));
  g.facts.push({
    property: 'convex (supermodular)',
    value: cx.ok
      ? 'yes'
      : `no (${players.members[cx.witness!.i]}'s marginal contribution falls when ${players.members[cx.witness!.j]} joins)`,
  });
  // The superadditivity check is O(3^n): affordable up to 14 players.
  if (n > 14)
    g.env.warnings.push(
      `game ${g.step.name}: the superadditivity check (3^n pairs of coalitions) is skipped above 14 players; skipped for ${n}`,
    );
  else {
    const sa = isSuperadditive(v, n);
    g.outs.set('superadditive', one(sa.ok));
    g.facts.push({
      property: 'superadditive',
      value: sa.ok
        ? 'yes'
        : `no ({${membersOf(sa.witness!.s, players)}} and {${membersOf(sa.witness!.t, players)}} lose ${(-sa.witness!.gap).toPrecision(4)} by joining)`,
    });
  }
  if (shap && g.solutions.includes('core')) {
    const cc = coreCheck(v, n, shap);
    g.outs.set('in_core', one(cc.inCore));
    g.facts.push({
      property: 'Shapley value in the core',
      value: cc.inCore
        ? 'yes'
        : `no (coalition {${membersOf(cc.worstCoalition, players)}} gets ${cc.excess.toPrecision(4)} less than its worth)`,
    });
  }
}

async function nucleolusOf(g: Game, v: Float64Array): Promise<void> {
  const nu = await nucleolus(v, g.n);
  const kv = nu.verification!;
  g.facts.push({
    property: "nucleolus verified (Kohlberg's criterion)",
    value: `yes (${kv.levels} excess level${kv.levels === 1 ? '' : 's'}, ${kv.coalitions} coalitions; ${nu.lpCount} LPs over ${nu.rows} of ${2 ** g.n - 2} coalitions)`,
  });
  g.outs.set('nucleolus', makeIndexed([g.players], Array.from(nu.x)));
  g.columns.push({ key: 'nucleolus', label: 'Nucleolus' });
  g.players.members.forEach((_, i) => {
    g.rows[i]!['nucleolus'] = nu.x[i]!;
  });
}

/** The coalitions containing the focus player, by size, with its marginal contribution to each. */
function focusTable(g: Game, v: Float64Array, focus: PExpr): void {
  const { players, step } = g;
  const f = String(g.ev.eval(focus, new Map()));
  const i = players.members.indexOf(f);
  if (i < 0) throw new ExecutionError('R431', { focus: f, set: players.name, members: players.members });
  const ct = coalitionTable(v, g.n, i);
  g.env.tables.push({
    name: `${step.name}_coalitions`,
    title: `Coalitions containing ${f}, by size`,
    columns: [
      { key: 'size', label: 'Size' },
      { key: 'coalition', label: 'Coalition' },
      { key: 'value', label: 'Worth v(S)' },
      { key: 'marginal', label: `Marginal contribution of ${f}` },
    ],
    rows: ct.groups.flatMap((grp) =>
      Array.from(grp.masks, (mask, k) => ({
        size: grp.size,
        coalition: membersOf(mask, players),
        value: grp.value[k]!,
        marginal: grp.marginal[k]!,
      })),
    ),
  });
}

function membersOf(mask: number, players: SetValue): string {
  return players.members.filter((_, i) => mask & (1 << i)).join(', ');
}
