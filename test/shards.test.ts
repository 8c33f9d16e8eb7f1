// abate run --shard i/n and abate merge (execute/shards.ts): a 16-player game (savings16.model, SYNTHETIC) run as
// 4 and as 7 shards and merged gives the results, tables and report of the unsharded run to the last bit; missing,
// duplicate and foreign shards are named errors; the deploy/ recipes run (GNU parallel when installed, else the
// same commands as background processes; the Slurm and Kubernetes scripts with their index variables set).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliInProcess, ROOT, snapshotDir } from './helpers/cli.ts';

const MODEL = 'spec/conformance/cer/savings16.model';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'abate-shards-'));
const out = (d: string) => path.join(tmp, d);

/** results.json without the run date (twice: the report's provenance and the file's header), and without what
 *  names how and where it was written (the command line, paths relative to the output folder); the data files'
 *  hashes stay */
function results(dir: string): unknown {
  const r = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Record<string, unknown> & {
    report: { provenance: Record<string, unknown> };
    provenance: { command?: unknown; modelPath?: unknown; data: Array<{ path?: string }> };
  };
  delete r['date'];
  delete r.report.provenance['date'];
  delete r.provenance.command;
  delete r.provenance.modelPath;
  for (const d of r.provenance.data) delete d.path;
  return r;
}

/** every output file but the dated ones (results.json is compared without its dates; a Word table carries the
 *  run's date in its zip entries and core properties) */
function files(dir: string): Map<string, Buffer> {
  const m = snapshotDir(dir);
  for (const k of [...m.keys()]) if (/^(results\.json|report\.(md|html))$|\.docx$/.test(k)) m.delete(k);
  return m;
}

async function abate(...args: string[]) {
  const r = await cliInProcess(args);
  if (r.exitCode !== 0) throw new Error(`abate ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

async function shards(n: number, prefix: string): Promise<string[]> {
  const dirs: string[] = [];
  for (let i = 1; i <= n; i++) {
    dirs.push(out(`${prefix}-${i}`));
    await abate('run', MODEL, '--shard', `${i}/${n}`, '--out', dirs[i - 1]!, '--jobs', '1', '--quiet');
  }
  return dirs;
}

let s4: string[];
beforeAll(async () => {
  await abate('run', MODEL, '--out', out('full'), '--jobs', '1', '--quiet');
  s4 = await shards(4, 's4');
}, 240_000);

describe('shards', () => {
  it.each([4, 7])(
    '%i shards merged: the unsharded results, tables and report to the last bit',
    async (n) => {
      const dirs = n === 4 ? s4 : await shards(n, `s${n}`);
      const manifest = JSON.parse(readFileSync(path.join(dirs[0]!, 'shard.json'), 'utf8'));
      expect(manifest.shard).toEqual({ index: 1, count: n });
      expect(manifest.parts[0]).toMatchObject({ game: 'coop', players: 16, from: 0, to: Math.floor(65536 / n) });
      expect(manifest.model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(manifest.runs[0].planSha256).toMatch(/^[0-9a-f]{64}$/);
      // merged in a shuffled order: the order of the directories does not matter
      await abate('merge', ...[...dirs].reverse(), '--out', out(`m${n}`), '--jobs', '1', '--quiet');
      expect(results(out(`m${n}`))).toEqual(results(out('full')));
      expect(files(out(`m${n}`))).toEqual(files(out('full')));
      const md = (d: string) =>
        readFileSync(path.join(d, 'report.md'), 'utf8').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<date>');
      expect(md(out(`m${n}`))).toBe(md(out('full')));
    },
    240_000,
  );

  it('a missing shard is named (R451)', async () => {
    const r = await cliInProcess(['merge', s4[0]!, s4[1]!, s4[3]!, '--out', out('bad')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[R451]: 1 of 4 shards missing: 3/4');
    expect(r.stderr).toContain('--shard 3/4');
  });

  it('a shard given twice is named (R452)', async () => {
    const copy = out('s4-2-copy');
    cpSync(s4[1]!, copy, { recursive: true });
    const r = await cliInProcess(['merge', ...s4, copy, '--out', out('bad')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error[R452]: shard 2/4 is given twice: ${s4[1]} and ${copy}`);
  });

  it('a shard of another model, of other options or of another count is foreign (R453)', async () => {
    const other = out('other-1');
    await abate(
      'run',
      'spec/conformance/cer/savings12.model',
      '--shard',
      '1/4',
      '--out',
      other,
      '--jobs',
      '1',
      '--quiet',
    );
    let r = await cliInProcess(['merge', ...s4.slice(1), other, '--out', out('bad')]);
    expect(r.stderr).toMatch(/error\[R453\]: shard .*other-1 is foreign: it was computed from another model/);
    const set = out('set-1');
    await abate('run', MODEL, '--shard', '1/4', '--set', 'P0[r1]=0.5', '--out', set, '--jobs', '1', '--quiet');
    r = await cliInProcess(['merge', ...s4.slice(1), set, '--out', out('bad')]);
    expect(r.stderr).toMatch(/error\[R453\]: .* other plans \(scenarios, --set or --overrides differ\)/);
    const five = out('five-1');
    await abate('run', MODEL, '--shard', '1/5', '--out', five, '--jobs', '1', '--quiet');
    r = await cliInProcess(['merge', ...s4.slice(1), five, '--out', out('bad')]);
    expect(r.stderr).toContain('5 shards, not 4');
    expect(r.exitCode).toBe(1);
  }, 120_000);

  it('a directory that is not a shard, or a damaged part, is named (R454)', async () => {
    let r = await cliInProcess(['merge', ...s4, out('full'), '--out', out('bad')]);
    expect(r.stderr).toContain(`error[R454]: ${out('full')} is not a shard: it has no shard.json`);
    const broken = out('s4-1-broken');
    cpSync(s4[0]!, broken, { recursive: true });
    const f = path.join(broken, 'base.coop.f64');
    const bytes = readFileSync(f);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(f, bytes);
    r = await cliInProcess(['merge', broken, ...s4.slice(1), '--out', out('bad')]);
    expect(r.stderr).toMatch(/error\[R454\]: .*base\.coop\.f64 is damaged/);
  });

  it('merge refuses data that changed since the shards ran (R453)', async () => {
    const dir = out('moved');
    cpSync(path.join(ROOT, 'spec/conformance/cer'), dir, { recursive: true });
    const model = path.join(dir, 'savings16.model');
    const parts: string[] = [];
    for (let i = 1; i <= 2; i++) {
      parts.push(out(`moved-${i}`));
      await abate('run', model, '--shard', `${i}/2`, '--out', parts[i - 1]!, '--jobs', '1', '--quiet');
    }
    const csv = path.join(dir, 'savings16.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace(/^r1,/m, 'r1,1'));
    const r = await cliInProcess(['merge', ...parts, '--out', out('bad')]);
    expect(r.stderr).toContain('error[R453]: the data files of');
  }, 120_000);
});

// --------------------------------------------------------------------------------------------------------
// The recipes of deploy/
// --------------------------------------------------------------------------------------------------------

// the recipes are checked on the 12-player game (their plumbing, not the numbers: the tests above pin those)
const SMALL = 'spec/conformance/cer/savings12.model';
const ABATE = `${process.execPath} ${path.join(ROOT, 'bin', 'abate.mjs')}`;
const hasParallel = (() => {
  try {
    execFileSync('parallel', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** bash SCRIPT ARGS (or bash -c COMMAND) from the repository root; its exit status and stderr. */
function sh(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe('deploy/ recipes', () => {
  beforeAll(async () => {
    await abate('run', SMALL, '--out', out('small'), '--jobs', '1', '--quiet');
  });

  it(`${hasParallel ? 'GNU parallel' : 'background processes (GNU parallel is not installed)'}: 4 shards and the merge, as one run`, async () => {
    const dest = out('recipe-parallel');
    if (hasParallel) {
      const r = await sh('deploy/gnu-parallel.sh', [SMALL, '4', dest], { ABATE, JOBS: '2' });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.code).toBe(0);
    } else {
      // what the recipe does, without GNU parallel: the shards as background processes, then the merge
      const runs = [1, 2, 3, 4].map((i) =>
        sh('-c', [`${ABATE} run ${SMALL} --shard ${i}/4 --out ${dest}/shards/${i} --jobs 1 --quiet`], {}),
      );
      for (const r of await Promise.all(runs)) expect(r).toEqual({ code: 0, stderr: '' });
      expect((await sh('-c', [`${ABATE} merge ${dest}/shards/* --out ${dest} --quiet`], {})).code).toBe(0);
    }
    expect(results(dest)).toEqual(results(out('small')));
  }, 240_000);

  it('Slurm: the array script for each task id, then the merge script', async () => {
    const dest = out('recipe-slurm');
    const tasks = [1, 2].map((i) =>
      sh('deploy/slurm-array.sh', [], {
        ABATE,
        MODEL: SMALL,
        OUT: dest,
        SLURM_ARRAY_TASK_ID: String(i),
        SLURM_ARRAY_TASK_COUNT: '2',
        SLURM_CPUS_PER_TASK: '1',
      }),
    );
    for (const r of await Promise.all(tasks)) expect(r).toEqual({ code: 0, stderr: '' });
    const m = await sh('deploy/slurm-merge.sh', [], { ABATE, OUT: dest, SLURM_CPUS_PER_TASK: '1' });
    expect(m.code).toBe(0);
    expect(results(dest)).toEqual(results(out('small')));
  }, 240_000);

  it('Kubernetes: an Indexed Job whose pods run the shard command for JOB_COMPLETION_INDEX, then the merge Job', async () => {
    const docs = readFileSync('deploy/k8s-indexed-job.yaml', 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d) as any);
    const [shardsJob, mergeJob] = docs;
    expect(shardsJob.spec.completionMode).toBe('Indexed');
    const count = shardsJob.spec.completions as number;
    const c = shardsJob.spec.template.spec.containers[0];
    expect(c.env.find((e: { name: string }) => e.name === 'SHARDS').value).toBe(String(count));
    expect(c.command).toEqual(['sh', '-c']);
    // each pod's command, run here with 2 shards in place of the manifest's count and /out in a temp folder
    const dest = out('recipe-k8s');
    const cmd = (x: { args: string[] }) => x.args[0]!.replace(/\babate\b/g, ABATE).replace(/\/out\//g, `${dest}/`);
    const pods = [0, 1].map(
      (k) =>
        new Promise<number>((resolve) => {
          const p = spawn('sh', ['-c', cmd(c)], {
            cwd: ROOT,
            env: { ...process.env, MODEL: SMALL, SHARDS: '2', JOB_COMPLETION_INDEX: String(k) },
          });
          p.on('close', (code) => resolve(code ?? -1));
        }),
    );
    expect(await Promise.all(pods)).toEqual([0, 0]);
    execFileSync('sh', ['-c', cmd(mergeJob.spec.template.spec.containers[0]) + ' --quiet'], { cwd: ROOT });
    expect(results(path.join(dest, 'results'))).toEqual(results(out('small')));
  }, 240_000);
});

process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
