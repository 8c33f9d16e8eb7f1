// What a results.json records of how it was made, so a committed run can be checked and rerun elsewhere: the
// model's path relative to the output folder (never an absolute path of the author's machine), a sha256 of every
// data file the plans read, the abate and Node versions, the git commit when the model is inside a repository,
// and the command line. Nothing here depends on the time, so reruns of the same inputs give the same record.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../spec/plan.ts';

export interface DataFileRecord {
  /** the data declaration's name */
  name: string;
  /** the file, relative to the output folder (forward slashes) */
  path: string;
  sha256: string;
}

export interface RunProvenance {
  /** the model file, relative to the output folder */
  modelPath: string;
  data: DataFileRecord[];
  abateVersion: string;
  node: string;
  /** the commit of the repository holding the model, with `-dirty` when it has uncommitted changes */
  git?: string;
  /** the command line after `abate` */
  command: string[];
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const rel = (from: string, to: string) => path.relative(from, to).split(path.sep).join('/') || '.';

/** Every data file the plans read, once each, in the order first read. */
export function dataFiles(plans: Plan[], outDir: string): DataFileRecord[] {
  const seen = new Map<string, DataFileRecord>();
  for (const plan of plans)
    for (const s of plan.steps) {
      if (s.kind !== 'data') continue;
      const file = path.resolve(plan.model.dir, s.path);
      if (seen.has(file) || !existsSync(file)) continue;
      seen.set(file, { name: s.name, path: rel(path.resolve(outDir), file), sha256: sha256(readFileSync(file)) });
    }
  return [...seen.values()];
}

/** The commit of the git repository holding `dir` (`-dirty` if it has changes), or undefined outside one. */
export function gitCommit(dir: string): string | undefined {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${head}-dirty` : head;
  } catch {
    return undefined;
  }
}

export function runProvenance(plans: Plan[], outDir: string, abateVersion: string, command: string[]): RunProvenance {
  const plan = plans[0]!;
  const commit = gitCommit(plan.model.dir);
  return {
    modelPath: rel(path.resolve(outDir), path.join(plan.model.dir, plan.model.file)),
    data: dataFiles(plans, outDir),
    abateVersion,
    node: process.version,
    ...(commit ? { git: commit } : {}),
    command,
  };
}
