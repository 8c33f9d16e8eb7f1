// The plan executor: validates the plan, then runs its steps in order, dispatching each to a handler by
// kind (a table, not a growing switch), and collects named results and tables. It never sees source text;
// failures name the step's model location from the plan's origin.
import GLPK from 'glpk.js/node';
import type { Plan, Step } from '../spec/plan.ts';
import { validatePlan } from './plan-schema.ts';
import { warningLine, type Coded } from '../diagnostics/index.ts';
import { DataError, ExecutionError, SolverError, RunError, declRef } from './errors.ts';
export { RunError };
import { readCsvTable } from './data.ts';
import {
  makeIndexed,
  tuples,
  type Env,
  type Indexed,
  type ReportItem,
  type ResultTable,
  type Solution,
} from './env.ts';
import { Evaluator, evalIndexed, memberOf, type Bindings, type Hooks } from './evaluate.ts';
import { solveProblem } from './optimize.ts';
import { isSet, type SetValue, type Value } from './values.ts';
import { CoalitionTemplate } from './coalition-template.ts';
import type { WorkerPool } from './pool.ts';
import { dependsOnGames, ShardError, type CoalitionPart, type CoalitionTable, type ShardSpec } from './shards.ts';
import type { TableSettings } from './model-table.ts';
import { CONSTRUCTS, isConstructKeyword, type ConstructKeyword } from '../constructs/registry.ts';
import type { ConstructSpec } from '../constructs/schema.ts';
import { RUNNERS, type Runner } from '../constructs/runners.ts';
import { decodeProps, PropShapeError } from '../constructs/props.ts';

type Glpk = Awaited<ReturnType<typeof GLPK>>;
let glpkInstance: Promise<Glpk> | undefined;

export interface RunOutput {
  plan: Plan;
  results: Record<string, { index: string[]; unit?: string; values: Array<{ key: string[]; value: Value }> }>;
  /** every parameter's value after the scenario's overrides (what `abate diff` compares as inputs) */
  inputs: Record<string, Array<{ key: string[]; value: Value }>>;
  tables: ResultTable[];
  reportItems: ReportItem[];
  reportTitle?: string;
  /** the report block's presentation settings and labels, for every table of the study */
  reportSettings?: TableSettings;
  labels?: Array<{ key: string; label?: string }>;
  warnings: string[];
  solveCount: number;
  /** abate run --shard: the parts of the games' coalition tables this shard computed */
  parts?: CoalitionPart[];
}

type Handler<K extends Step['kind']> = (ctx: Ctx, step: Extract<Step, { kind: K }>) => void | Promise<void>;
interface Ctx {
  env: Env;
  ev: Evaluator;
  out: RunOutput;
}

const HANDLERS: { [K in Step['kind']]: Handler<K> } = {
  data: async (c, s) => {
    const t = await readCsvTable(s.name, s.path, c.env.plan.model.dir, s.key, s.columns);
    // columns typed by a set hold its members only (a region in the data but not in the set is an error)
    for (const col of s.columns) {
      if (!col.set) continue;
      const members = new Set(c.env.sets.get(col.set)!.members);
      t.columns.get(col.name)!.forEach((v, i) => {
        if (!members.has(String(v)))
          throw new DataError('D308', {
            file: s.path,
            row: i + 2,
            column: col.name,
            value: String(v),
            set: col.set!,
            members: [...members],
          });
      });
    }
    c.env.data.set(s.name, t);
  },
  set: (c, s) => {
    const v = c.ev.set(s.value, new Map());
    c.env.sets.set(s.name, { ...v, name: s.name });
    if (v.members.length === 0) c.env.warnings.push(`${declRef('set', s.name)}: ${warningLine('W540')}`);
  },
  param: (c, s) => {
    const v = evalIndexed(c.ev, s.index, s.value);
    for (const o of s.overrides) {
      if (o.idx.length === 0) {
        const ov = evalIndexed(c.ev, s.index, o.value);
        v.data = ov.data;
      } else {
        let k = 0;
        for (let d = 0; d < v.sets.length; d++) {
          const p = v.pos[d]!.get(o.idx[d]!);
          if (p === undefined)
            throw new ExecutionError('R401', {
              case: 'override',
              param: s.name,
              source: o.source,
              member: o.idx[d]!,
              set: v.sets[d]!.name,
              members: v.sets[d]!.members,
            });
          k = k * v.sets[d]!.members.length + p;
        }
        v.data[k] = c.ev.eval(o.value, new Map());
      }
    }
    checkNumbers(v, s.name, s.type);
    c.env.values.set(s.name, v);
  },
  result: (c, s) => {
    const v = evalIndexed(c.ev, s.index, s.value);
    c.env.values.set(s.name, v);
    c.env.results.set(s.name, { index: s.index.map((i) => i.set), ...(s.unit ? { unit: s.unit } : {}), value: v });
  },
  curve: (c, s) => RUNNERS.curve(c.env, c.ev, s, {}),
  problem: (c, s) => {
    c.env.problems.set(s.name, s);
  },
  table: (c, s) => {
    if (s.pivot) return pivotTable(c, s);
    const sets = s.by.map((d) => c.env.sets.get(d.set)!);
    const rows: ResultTable['rows'] = [];
    for (const t of tuples(sets)) {
      const b: Bindings = new Map(s.by.map((d, i) => [d.it, t[i]!]));
      if (s.filter && c.ev.eval(s.filter, b) !== true) continue;
      const row: ResultTable['rows'][number] = {};
      s.by.forEach((d, i) => {
        row[d.it] = sets[i]!.numeric ? Number(t[i]!) : t[i]!;
      });
      for (const col of s.columns) {
        const v = c.ev.eval(col.value, b);
        // a member of a numeric set shown as a value is a number (years, grid points)
        const numericMember =
          col.value.op === 'it' &&
          typeof v === 'string' &&
          sets[s.by.findIndex((d) => d.it === (col.value as { name: string }).name)]?.numeric;
        row[col.key] = numericMember
          ? Number(v)
          : typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
            ? v
            : String(v);
      }
      rows.push(row);
    }
    // an iterator's column is headed by its set, or by the iterator when two run over the same set
    const label = (d: { it: string; set: string }) => (s.by.filter((x) => x.set === d.set).length > 1 ? d.it : d.set);
    c.env.tables.push({
      name: s.name,
      title: s.title,
      columns: [
        ...s.by.map((d) => ({ key: d.it, label: label(d) })),
        ...s.columns.map((k) => ({ key: k.key, label: k.label })),
      ],
      rows,
    });
  },
  construct: async (c, s) => {
    const spec: ConstructSpec | undefined = isConstructKeyword(s.construct) ? CONSTRUCTS[s.construct] : undefined;
    if (!spec || spec.step === 'curve')
      throw new ExecutionError('R400', { case: 'unknownConstruct', construct: s.construct });
    const keyword = s.construct as ConstructKeyword;
    let props;
    try {
      props = decodeProps(keyword, s.props);
    } catch (e) {
      if (e instanceof PropShapeError) throw new ExecutionError('R400', { case: 'propShape', detail: e.message });
      throw e;
    }
    await (RUNNERS[keyword] as Runner<ConstructKeyword>)(c.env, c.ev, s as never, props as never);
  },
};

/** A table whose `pivot` iterator's members become columns (e.g. rows A–E by columns of regions). */
function pivotTable(c: Ctx, s: Extract<Step, { kind: 'table' }>): void {
  const rowDims = s.by.filter((d) => d.it !== s.pivot);
  const colDim = s.by.find((d) => d.it === s.pivot)!;
  const colSet = c.env.sets.get(colDim.set)!;
  const rows: ResultTable['rows'] = [];
  const columns: ResultTable['columns'] = rowDims.map((d) => ({ key: d.it, label: d.set }));
  // Columns that do not use the pivot iterator describe the row (labels); the others repeat per member.
  const rowCols = s.columns.filter((col) => !mentions(col.value, colDim.it));
  const pivCols = s.columns.filter((col) => mentions(col.value, colDim.it));
  const single = pivCols.length === 1;
  for (const col of rowCols) columns.push({ key: col.key, label: col.label });
  for (const m of colSet.members)
    for (const col of pivCols)
      columns.push({ key: single ? m : `${col.key}:${m}`, label: single ? m : `${col.label} ${m}` });
  for (const t of tuples(rowDims.map((d) => c.env.sets.get(d.set)!))) {
    const row: ResultTable['rows'][number] = {};
    rowDims.forEach((d, i) => {
      row[d.it] = t[i]!;
    });
    const rb: Bindings = new Map(rowDims.map((d, i) => [d.it, t[i]!]));
    // the filter may use the row iterators only (columns are not filtered away one by one)
    if (s.filter && !colSet.members.some((m) => c.ev.eval(s.filter!, new Map([...rb, [colDim.it, m]])) === true))
      continue;
    for (const col of rowCols) {
      const v = c.ev.eval(col.value, rb);
      row[col.key] = typeof v === 'object' ? String(v) : v;
    }
    for (const m of colSet.members) {
      const b: Bindings = new Map(rb);
      b.set(colDim.it, m);
      for (const col of pivCols) {
        const v = c.ev.eval(col.value, b);
        row[single ? m : `${col.key}:${m}`] =
          typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
      }
    }
    rows.push(row);
  }
  c.env.tables.push({ name: s.name, title: s.title, columns, rows });
}

const mentions = (e: unknown, it: string): boolean =>
  typeof e === 'object' &&
  e !== null &&
  (((e as { op?: string; name?: string }).op === 'it' && (e as { name: string }).name === it) ||
    Object.values(e).some((v) => mentions(v, it)));

function checkNumbers(v: Indexed, name: string, type: string) {
  if (type !== 'number') return;
  let k = 0;
  for (const t of tuples(v.sets)) {
    const x = v.data[k++];
    if (typeof x === 'number' && Number.isNaN(x)) throw new ExecutionError('R402', { case: 'nan', name, index: t });
  }
}

/** A failure of a solver or of execution code (data errors are located by their file instead). */
const isCoded = (e: unknown): e is Coded => e instanceof SolverError || e instanceof ExecutionError;

export interface RunOptions {
  /** worker threads for a game's coalitions (--jobs); without it everything runs on this thread */
  pool?: WorkerPool;
  /** abate run --shard i/n: compute the i-th part of every exact game's coalition table; skip what reads games */
  shard?: ShardSpec;
  /** abate merge: every game's coalition table, as the shards computed it (by game name) */
  coalitionTables?: Map<string, CoalitionTable>;
}

export async function runPlan(planInput: unknown, opts: RunOptions = {}): Promise<RunOutput> {
  const plan = validatePlan(planInput);
  glpkInstance ??= GLPK();
  const glpk = await glpkInstance;
  const env: Env = {
    plan,
    data: new Map(),
    sets: new Map(),
    values: new Map(),
    problems: new Map(),
    solutions: new Map(),
    outputs: new Map(),
    tables: [],
    results: new Map(),
    warnings: [],
    solveCount: 0,
    report: { items: [] },
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...(opts.shard ? { shard: { spec: opts.shard, parts: [] } } : {}),
    ...(opts.coalitionTables ? { coalitionTables: opts.coalitionTables } : {}),
  };
  // a shard runs what its games need and the games' parts; the merge computes everything that reads them
  let skip = new Set<string>();
  try {
    if (opts.shard) skip = dependsOnGames(plan);
  } catch (e) {
    if (e instanceof ShardError) throw new RunError(e, e.where ?? plan.model.file);
    throw e;
  }
  const at = (step: { origin: { line: number; col: number } }) =>
    `${plan.model.file}:${step.origin.line}:${step.origin.col}`;
  const scenario = plan.scenario.name !== 'base' ? ` (scenario ${plan.scenario.name})` : '';
  // coalition problems with the additive structure get a template, solved per coalition without rebuilding
  const templates = new Map<string, CoalitionTemplate | undefined>();
  const useTemplates = process.env['ABATE_NO_TEMPLATES'] !== '1';
  const templateOf = (problem: string): CoalitionTemplate | undefined => {
    const step = env.problems.get(problem);
    if (!step?.coalition || !useTemplates) return undefined;
    if (!templates.has(problem)) templates.set(problem, CoalitionTemplate.tryBuild(ev, step));
    return templates.get(problem);
  };
  const hooks: Hooks = {
    template: templateOf,
    solve(e, problem, coalition): Solution {
      const step = e.problems.get(problem)!;
      if (coalition && step.coalition) {
        const t = templateOf(problem);
        if (t) {
          const before = t.solves;
          try {
            return t.solve(coalition); // memoised by the template itself, by bitmask
          } catch (err) {
            if (isCoded(err)) throw new RunError(err, at(step), { message: `${err.message}${scenario}` });
            throw err;
          } finally {
            e.solveCount += t.solves - before;
          }
        }
      }
      const key = `${problem}\u0000${coalition ? coalition.members.join('\u0001') : ''}`;
      let s = e.solutions.get(key);
      if (!s) {
        try {
          s = solveProblem(glpk, ev, step, coalition);
        } catch (err) {
          // located at the problem's declaration, whichever result asked for the solve
          if (isCoded(err)) throw new RunError(err, at(step), { message: `${err.message}${scenario}` });
          throw err;
        }
        e.solutions.set(key, s);
      }
      return s;
    },
  };
  const ev = new Evaluator(env, hooks);
  const out: RunOutput = {
    plan,
    results: {},
    inputs: {},
    tables: [],
    reportItems: [],
    warnings: env.warnings,
    solveCount: 0,
  };
  const ctx: Ctx = { env, ev, out };
  for (const step of plan.steps) {
    if (skip.has(step.name) && !(step.kind === 'construct' && step.construct === 'game')) continue;
    const label = declRef(step.kind === 'construct' ? step.construct : step.kind, step.name);
    try {
      await (HANDLERS[step.kind] as Handler<typeof step.kind>)(ctx, step as never);
    } catch (e) {
      if (e instanceof RunError) throw e;
      if (e instanceof DataError)
        throw new RunError(e, e.where.row ? `${e.where.file}:${e.where.row}` : e.where.file, {
          hint: e.hint ?? `declared at ${at(step)}`,
        });
      if (isCoded(e)) {
        // the declaration that was running goes in front, once (a runner may have named it already)
        const inner = e.context[0] === label ? e.message.slice(label.length + 2) : e.message;
        throw new RunError(e, at(step), { message: `${label}${scenario}: ${inner}` });
      }
      throw e;
    }
  }
  if (env.shard) {
    out.parts = env.shard.parts;
    out.solveCount = env.solveCount;
    return out;
  }
  // Solve problems nobody referenced, so their solution is in the results too.
  for (const [name, step] of env.problems) {
    if (step.coalition) continue;
    const key = `${name}\u0000`;
    if (!env.solutions.has(key)) {
      try {
        hooks.solve(env, name, undefined);
      } catch (e) {
        if (isCoded(e)) throw new RunError(e, at(step), { message: `${declRef('problem', name)}: ${e.message}` });
        throw e;
      }
    }
    const s = env.solutions.get(key)!;
    for (const [vn, v] of s.vars) env.results.set(`${name}.${vn}`, { index: v.sets.map((x) => x.name), value: v });
    env.results.set(`${name}.objective`, { index: [], value: makeIndexed([], [s.objective]) });
    for (const [cn, v] of s.duals)
      env.results.set(`${name}.${cn}.dual`, { index: v.sets.map((x) => x.name), value: v });
    for (const [k, v] of Object.entries(s.info))
      if (typeof v === 'number') env.results.set(`${name}.${k}`, { index: [], value: makeIndexed([], [v]) });
  }
  for (const [name, r] of env.results) {
    const values: Array<{ key: string[]; value: Value }> = [];
    let k = 0;
    for (const t of tuples(r.value.sets)) values.push({ key: t, value: plain(r.value.data[k++]!) });
    out.results[name] = { index: r.index, ...(r.unit ? { unit: r.unit } : {}), values };
  }
  for (const s of plan.steps) {
    if (s.kind !== 'param') continue;
    const v = env.values.get(s.name)!;
    let k = 0;
    out.inputs[s.name] = [...tuples(v.sets)].map((t) => ({ key: t, value: plain(v.data[k++]!) }));
  }
  out.tables = env.tables;
  out.solveCount = env.solveCount;
  out.reportItems = env.report.items;
  if (env.report.title !== undefined) out.reportTitle = env.report.title;
  if (env.report.settings !== undefined) out.reportSettings = env.report.settings;
  if (env.report.labels !== undefined) out.labels = env.report.labels;
  return out;
}

function plain(v: Value): Value {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    if (isSet(v)) return `{${(v as SetValue).members.join(', ')}}`;
    return `<${(v as { kind: string }).kind}>`;
  }
  return v;
}

export { memberOf };
