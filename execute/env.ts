// The executor's state while it runs a plan: data tables, sets, indexed values, memoised solutions and
// construct outputs. Indexed values are dense arrays over the product of their index sets.
import type { PExpr, Plan, Step } from '../spec/plan.ts';
import type { DataTable } from './data.ts';
import type { SetValue, Value } from './values.ts';
import { ExecutionError } from './errors.ts';
import type { WorkerPool } from './pool.ts';
import type { CoalitionPart, CoalitionTable, ShardSpec } from './shards.ts';
import type { ModelTable, TableSettings } from './model-table.ts';

export interface Indexed {
  sets: SetValue[];
  pos: Array<Map<string, number>>;
  data: Value[];
}

export function makeIndexed(sets: SetValue[], data: Value[]): Indexed {
  return { sets, pos: sets.map((s) => new Map(s.members.map((m, i) => [m, i]))), data };
}

export function flatIndex(v: Indexed, idx: string[], what: string): number {
  let k = 0;
  for (let d = 0; d < v.sets.length; d++) {
    const p = v.pos[d]!.get(idx[d]!);
    if (p === undefined) {
      throw new ExecutionError('R401', {
        case: 'index',
        what,
        member: idx[d]!,
        set: v.sets[d]!.name,
        members: v.sets[d]!.members,
      });
    }
    k = k * v.sets[d]!.members.length + p;
  }
  return k;
}

/** Every tuple of the product of sets, in row-major order. */
export function* tuples(sets: SetValue[]): Generator<string[]> {
  if (sets.some((s) => s.members.length === 0)) return;
  const n = sets.length;
  const i = new Array<number>(n).fill(0);
  while (true) {
    yield i.map((k, d) => sets[d]!.members[k]!);
    let d = n - 1;
    while (d >= 0) {
      i[d]!++;
      if (i[d]! < sets[d]!.members.length) break;
      i[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

export interface Solution {
  problem: string;
  status: 'optimal';
  objective: number;
  vars: Map<string, Indexed>;
  duals: Map<string, Indexed>;
  /** extra solver facts shown in reports (e.g. the multiplier of a separable problem) */
  info: Record<string, number | string>;
}

export interface ResultTable {
  name: string;
  title: string;
  columns: Array<{ key: string; label: string }>;
  rows: Array<Record<string, string | number | boolean | null>>;
  note?: string;
  /** shown in the report as a table of estimates (coefficients, stars, standard errors beneath, statistics) */
  regression?: ModelTable;
}

/** What the report block asks for, in order (the report stage draws charts from the run's tables). */
export type ReportItem =
  | { kind: 'section' | 'text' | 'table'; value: string }
  | { kind: 'chart'; value: string; call: Extract<PExpr, { op: 'call' }> };

export interface Env {
  plan: Plan;
  data: Map<string, DataTable>;
  sets: Map<string, SetValue>;
  values: Map<string, Indexed>;
  problems: Map<string, Extract<Step, { kind: 'problem' }>>;
  solutions: Map<string, Solution>;
  outputs: Map<string, Map<string, Indexed>>;
  tables: ResultTable[];
  results: Map<string, { index: string[]; unit?: string; value: Indexed }>;
  warnings: string[];
  solveCount: number;
  /** worker threads for the parallel parts (a game's coalitions), when the run has more than one job */
  pool?: WorkerPool;
  /** abate run --shard: each exact game computes this part of its coalition table into `parts`, nothing else */
  shard?: { spec: ShardSpec; parts: CoalitionPart[] };
  /** abate merge: the coalition tables the shards computed, by game name */
  coalitionTables?: Map<string, CoalitionTable>;
  /** set by the report block: its items, and the study's presentation settings and labels */
  report: {
    title?: string;
    items: ReportItem[];
    settings?: TableSettings;
    labels?: Array<{ key: string; label?: string }>;
  };
}
