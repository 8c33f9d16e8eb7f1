// Deterministic shards of a run (abate run --shard i/n, abate merge). Shard i of n computes the i-th contiguous
// range of every exact game's coalition table (in every scenario run) and writes it with a manifest; merge checks
// that the manifests belong together and cover every coalition once, puts the tables back together and runs the
// plan with them, so its results are those of an unsharded run to the last bit (every v(S) is a pure function
// of S, and everything else is computed from the tables exactly as in one run).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan, Step } from '../spec/plan.ts';
import { CodedError, type ArgsOf, type CodedErrorClass } from '../diagnostics/index.ts';

export const SHARD_FORMAT = 'abate-shard/1';
export const MANIFEST = 'shard.json';

export interface ShardSpec {
  /** 1-based */
  index: number;
  count: number;
}

/** One range of one game's coalition table, written by a shard. */
export interface CoalitionPart {
  scenario: string;
  game: string;
  players: number;
  from: number;
  to: number;
  values: Float64Array;
  /** problems solved to compute it (the merged run reports the sum, as one run would) */
  solves: number;
}

/** A game's whole coalition table, put together from the shards' parts. */
export interface CoalitionTable {
  values: Float64Array;
  solves: number;
}

export interface ShardManifest {
  format: typeof SHARD_FORMAT;
  abate: string;
  model: { file: string; sha256: string };
  /** sha256 of the data files the plans read, in plan order */
  data: { sha256: string };
  shard: ShardSpec;
  runs: Array<{ scenario: string; planSha256: string; plan: Plan }>;
  parts: Array<{
    scenario: string;
    game: string;
    players: number;
    from: number;
    to: number;
    solves: number;
    file: string;
    sha256: string;
  }>;
}

/** A named failure of shards or merge (spec/diagnostics.md): the code, what is wrong, and how to fix it. */
type ShardCode = 'R451' | 'R452' | 'R453' | 'R454' | 'R455';

class ShardFailure extends CodedError<ShardCode> {
  /** file:line:col of the declaration at fault, when one is */
  where?: string;
  constructor(code: ShardCode, ...args: ArgsOf<ShardCode>) {
    super(code, args);
    this.name = 'ShardError';
  }
  /** The same failure located at a declaration. */
  at(where: string): this {
    this.where = where;
    return this;
  }
}
/** A shard that cannot be cut or merged: `new ShardError('R452', { index, count, first, second })`. */
export const ShardError = ShardFailure as unknown as CodedErrorClass<ShardCode, ShardFailure>;
export type ShardError = ShardFailure;

/** `i/n` → the spec, or undefined when malformed (1 ≤ i ≤ n). */
export function parseShard(text: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count ? { index, count } : undefined;
}

/** The coalitions [from, to) of shard i of n over a table of `size`: contiguous, the same for every run. */
export function shardRange(size: number, s: ShardSpec): { from: number; to: number } {
  return { from: Math.floor(((s.index - 1) * size) / s.count), to: Math.floor((s.index * size) / s.count) };
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A plan's identity across machines: its JSON without the absolute folder of the model. */
export const planHash = (plan: Plan): string => sha256(JSON.stringify({ ...plan, model: { ...plan.model, dir: '' } }));

/** sha256 over the bytes of every data file the plans read (so a shard computed on other data is foreign). */
export function dataHash(plans: Plan[]): string {
  const h = createHash('sha256');
  for (const plan of plans)
    for (const s of plan.steps)
      if (s.kind === 'data') {
        const file = path.resolve(plan.model.dir, s.path);
        h.update(`${s.name}\0`);
        if (existsSync(file)) h.update(readFileSync(file));
      }
  return h.digest('hex');
}

/** Names an expression or step refers to (parameters, results, construct outputs, problems, sets, data). */
function referenced(x: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(x)) for (const y of x) referenced(y, out);
  else if (typeof x === 'object' && x !== null) {
    const o = x as { op?: string; name?: unknown; problem?: unknown; data?: unknown };
    if (o.op && o.op !== 'it' && typeof o.name === 'string') out.add(o.name);
    if (o.op === 'solve' && typeof o.problem === 'string') out.add(o.problem);
    if (o.op === 'col' && typeof o.data === 'string') out.add(o.data);
    for (const v of Object.values(x)) referenced(v, out);
  }
  return out;
}

const isGame = (s: Step) => s.kind === 'construct' && s.construct === 'game';

/**
 * The steps a shard skips: every step that reads a game's outputs, directly or through other steps (the merge
 * computes them). A game whose worth reads another game's outputs cannot be cut in one pass: R455.
 */
export function dependsOnGames(plan: Plan): Set<string> {
  const tainted = new Set<string>();
  for (const s of plan.steps) {
    const refs = referenced(s.kind === 'construct' ? s.props : s, new Set());
    refs.delete(s.name);
    const reads = [...refs].find((r) => tainted.has(r));
    if (isGame(s)) {
      if (reads)
        throw new ShardError('R455', { game: s.name, reads }).at(`${plan.model.file}:${s.origin.line}:${s.origin.col}`);
      tainted.add(s.name);
    } else if (reads || (s.kind === 'construct' && s.construct === 'report')) tainted.add(s.name);
  }
  return tainted;
}

/** A shard directory's manifest, or a ShardError saying why it is not one. */
export function readManifest(dir: string): ShardManifest {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) throw new ShardError('R454', { case: 'noManifest', dir, manifest: MANIFEST });
  let m: ShardManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ShardManifest;
  } catch {
    throw new ShardError('R454', { case: 'badJson', file });
  }
  if (m.format !== SHARD_FORMAT)
    throw new ShardError('R454', { case: 'badFormat', file, expected: SHARD_FORMAT, got: String(m.format) });
  return m;
}

/**
 * Check that the shards belong together (one model, the same plans and data, one count) and that every index
 * 1..n is present exactly once; then read every game's table back, checking each range and its checksum.
 */
export function assembleShards(dirs: string[]): { manifest: ShardManifest; tables: Map<string, CoalitionTable> } {
  if (dirs.length === 0) throw new ShardError('R451', { case: 'none' });
  const ms = dirs.map((d) => ({ dir: d, m: readManifest(d) }));
  const first = ms[0]!;
  const sig = (m: ShardManifest) =>
    JSON.stringify([m.model.sha256, m.data.sha256, m.runs.map((r) => [r.scenario, r.planSha256])]);
  for (const x of ms.slice(1)) {
    const what =
      x.m.model.sha256 !== first.m.model.sha256
        ? `another model (${x.m.model.file}, sha256 ${x.m.model.sha256.slice(0, 12)} vs ${first.m.model.sha256.slice(0, 12)})`
        : x.m.data.sha256 !== first.m.data.sha256
          ? 'other data files'
          : sig(x.m) !== sig(first.m)
            ? 'other plans (scenarios, --set or --overrides differ)'
            : x.m.shard.count !== first.m.shard.count
              ? `${x.m.shard.count} shards, not ${first.m.shard.count}`
              : undefined;
    if (what) throw new ShardError('R453', { case: 'foreign', dir: x.dir, what, first: first.dir });
  }
  const count = first.m.shard.count;
  const byIndex = new Map<number, string>();
  for (const x of ms) {
    const prev = byIndex.get(x.m.shard.index);
    if (prev !== undefined) throw new ShardError('R452', { index: x.m.shard.index, count, first: prev, second: x.dir });
    byIndex.set(x.m.shard.index, x.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) throw new ShardError('R451', { case: 'missing', missing, count });
  // tables by scenario and game, each range in its place
  const tables = new Map<string, CoalitionTable>();
  const covered = new Map<string, number>();
  for (const x of ms)
    for (const p of x.m.parts) {
      const key = tableKey(p.scenario, p.game);
      let t = tables.get(key);
      if (!t) tables.set(key, (t = { values: new Float64Array(2 ** p.players), solves: 0 }));
      t.solves += p.solves;
      const file = path.join(x.dir, p.file);
      if (!existsSync(file)) throw new ShardError('R454', { case: 'lacks', dir: x.dir, file: p.file });
      const bytes = readFileSync(file);
      if (bytes.length !== 8 * (p.to - p.from) || sha256(bytes) !== p.sha256)
        throw new ShardError('R454', { case: 'damaged', file });
      new Uint8Array(t.values.buffer, 8 * p.from, bytes.length).set(bytes);
      covered.set(key, (covered.get(key) ?? 0) + (p.to - p.from));
    }
  for (const [key, t] of tables)
    if (covered.get(key) !== t.values.length)
      throw new ShardError('R454', {
        case: 'coverage',
        covered: covered.get(key) ?? 0,
        total: t.values.length,
        table: key,
      });
  return { manifest: first.m, tables };
}

export const tableKey = (scenario: string, game: string) => `${scenario}/${game}`;

/** The binary file of one part: little-endian float64, v(S) for S = from, from + 1, ..., to − 1. */
export function partFile(p: { scenario: string; game: string }): string {
  return `${p.scenario.replace(/[^A-Za-z0-9._-]/g, '_')}.${p.game}.f64`;
}
