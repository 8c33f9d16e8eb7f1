// Running the abate command line from tests, two ways:
//  * cliInProcess: cli/main.ts imported afresh (a new module instance per call, through a query string) with
//    process.argv set and stdout/stderr captured. It is the real CLI code path, without the ~1 s cost of a
//    new Node process and of compiling TypeScript again, so the conformance suite can afford one call per case.
//  * spawnCli: the real binary (node bin/abate.mjs) in a child process, for what only a process shows (exit
//    status set by Commander, --help, the tsx loader). test/cli.test.ts checks both paths agree.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, without a trailing slash. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const MAIN = new URL('../../cli/main.ts', import.meta.url).href;
const BIN = path.join(ROOT, 'bin', 'abate.mjs');

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let queue: Promise<unknown> = Promise.resolve();
let instance = 0;

/**
 * Run `abate ARGS` in this process. Calls are serialised (they share process.argv and the output streams).
 * Relative paths in ARGS are resolved from the repository root, as when a user runs abate from there.
 */
export function cliInProcess(args: string[]): Promise<CliResult> {
  const job = queue.then(async () => {
    if (process.cwd() !== ROOT) process.chdir(ROOT);
    const out: string[] = [];
    const err: string[] = [];
    const origOut = process.stdout.write;
    const origErr = process.stderr.write;
    const origArgv = process.argv;
    const origExit = process.exit;
    const origColor = process.env['NO_COLOR'];
    const prevCode = process.exitCode;
    process.env['NO_COLOR'] = '1';
    process.exitCode = undefined;
    process.argv = [process.execPath, BIN, ...args];
    (process.stdout as { write: unknown }).write = (s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    };
    (process.stderr as { write: unknown }).write = (s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    };
    // Commander exits the process for --help and usage errors: those belong to spawnCli.
    (process as { exit: unknown }).exit = (code?: number) => {
      throw new Error(`abate called process.exit(${code}) in-process; use spawnCli for ${args.join(' ')}`);
    };
    try {
      await import(/* @vite-ignore */ `${MAIN}?instance=${++instance}`);
      return { stdout: out.join(''), stderr: err.join(''), exitCode: Number(process.exitCode ?? 0) };
    } finally {
      process.stdout.write = origOut;
      process.stderr.write = origErr;
      process.argv = origArgv;
      process.exit = origExit;
      if (origColor === undefined) delete process.env['NO_COLOR'];
      else process.env['NO_COLOR'] = origColor;
      process.exitCode = prevCode;
    }
  });
  queue = job.catch(() => undefined);
  return job;
}

/** Run the real binary: `node bin/abate.mjs ARGS` in `cwd` (default: the repository root). */
export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? -1,
      }),
    );
  });
}

/** Replace machine-specific text: the repository root, named directories (e.g. a temp output dir), timings. */
export function normalise(text: string, dirs: Record<string, string> = {}): string {
  let s = text;
  for (const [label, dir] of Object.entries(dirs).sort((a, b) => b[1].length - a[1].length))
    s = s.split(dir).join(label);
  s = s.split(ROOT).join('<root>');
  return s.replace(/ in \d+(\.\d+)? s\b/g, ' in <t> s');
}

/** Lines that look like a JavaScript stack frame: none may ever reach a user. */
export const stackLines = (text: string): string[] => text.split('\n').filter((l) => /^\s+at\s/.test(l));

/** Every file under dir (relative paths, sorted) with its bytes, to compare output trees. */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const full = path.join(d, f);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(path.relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}
