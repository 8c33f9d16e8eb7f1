// The abate command line: check, plan, run, report, studies. Every failure is a located, readable message and
// a non-zero exit; no stack trace reaches a user (set ABATE_DEBUG=1 to see one).
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseModel } from '../grammar/parse.ts';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics/index.ts';
import { compile, checkModel } from '../compiler/compile.ts';
import { parseSetArg, readOverrideFile, type ExternalOverride } from '../compiler/scenarios.ts';
import { ABATE_VERSION } from '../compiler/version.ts';
import { RunError } from '../execute/errors.ts';
import { ReportError } from '../report/errors.ts';
import type { RunRecord } from '../report/results.ts';
import type { ReportDoc } from '../report/doc.ts';
import type { RunFile } from '../execute/diff.ts';
import { checkJson, diffJson } from './json.ts';
import { initStudy, InitError, TEMPLATES } from './init.ts';
import type { Plan } from '../spec/plan.ts';
import { ShardError, type CoalitionTable, type ShardManifest, type ShardSpec } from '../execute/shards.ts';

// The runtime (GLPK, Vega, ajv) is loaded only by the commands that need it, so `check` starts fast.
const runtime = () =>
  Promise.all([
    import('../execute/executor.ts'),
    import('../report/results.ts'),
    import('../execute/atomic.ts'),
    import('../report/files.ts'),
    import('../execute/pool.ts'),
    import('../execute/shards.ts'),
    import('../execute/provenance.ts'),
  ]);

/** The model being run, so run-time errors can show the path the user typed. */
let currentModel: string | undefined;

class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const color = process.stderr.isTTY && !process.env['NO_COLOR'];
const say = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function readSource(file: string): string {
  if (!existsSync(file)) throw new UserError(`error: model file not found: ${file}`, 2);
  if (statSync(file).isDirectory()) throw new UserError(`error: ${file} is a directory; give a .model file`, 2);
  return readFileSync(file, 'utf8');
}

/** Under `--json`, diagnostics are gathered here and printed once as one JSON document (spec/cli-json.md). */
let jsonDiagnostics: Diagnostic[] | undefined;

function printDiagnostics(ds: Diagnostic[], sources: Map<string, string>) {
  ds = [...ds].sort(
    (a, b) => a.file.localeCompare(b.file) || a.span.start.offset - b.span.start.offset || a.code.localeCompare(b.code),
  );
  if (jsonDiagnostics) {
    jsonDiagnostics.push(...ds);
    return;
  }
  for (const d of ds) err(`${formatDiagnostic(d, sources.get(d.file), { color: !!color })}\n`);
  const n = ds.filter((d) => d.severity === 'error').length;
  const w = ds.length - n;
  if (n || w) err(`${n} error${n === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}`);
}

interface OverrideOpts {
  set?: string[];
  overrides?: string;
}

function externalOverrides(
  opts: OverrideOpts,
  sources: Map<string, string>,
): { external: ExternalOverride[]; diagnostics: Diagnostic[] } {
  const external: ExternalOverride[] = [];
  const diagnostics: Diagnostic[] = [];
  if (opts.overrides) {
    if (!existsSync(opts.overrides)) throw new UserError(`error: override file not found: ${opts.overrides}`, 2);
    const text = readFileSync(opts.overrides, 'utf8');
    sources.set(opts.overrides, text);
    const r = readOverrideFile(text, opts.overrides);
    external.push(...r.overrides);
    diagnostics.push(...r.diagnostics);
  }
  for (const s of opts.set ?? []) {
    const r = parseSetArg(s);
    if (r.error) throw new UserError(`error[Y303]: ${r.error}`, 2);
    external.push(r.override!);
  }
  return { external, diagnostics };
}

/** Parse and check; exits through UserError with every diagnostic printed. */
function load(file: string, opts: OverrideOpts) {
  const source = readSource(file);
  const sources = new Map([[file, source]]);
  const parsed = parseModel(source, file);
  const ext = externalOverrides(opts, sources);
  if (!parsed.model || hasErrors(ext.diagnostics)) {
    printDiagnostics([...parsed.diagnostics, ...ext.diagnostics], sources);
    throw new UserError('', 1);
  }
  return { source, sources, model: parsed.model, external: ext.external };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

const program = new Command();
program
  .name('abate')
  .description('A declarative modelling language for regional carbon-policy studies.')
  .version(ABATE_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  .exitOverride();

program
  .command('check')
  .description('parse and check a model; print every error at once')
  .argument('<file>', 'the .model file')
  .option('--set <name=value>', 'override a parameter (repeatable), checked like the model', collect)
  .option('--overrides <file.yaml>', 'a YAML file of parameter overrides')
  .option('--json', 'print the diagnostics as one JSON document on stdout (spec/cli-json.md)')
  .action((file: string, opts: OverrideOpts & { json?: boolean }) => {
    if (opts.json) jsonDiagnostics = [];
    let scenarios: string[] = [];
    try {
      const { source, sources, model, external } = load(file, opts);
      const r = checkModel({ model, source, file }, external);
      scenarios = r.scenarios;
      printDiagnostics(r.diagnostics, sources);
      if (hasErrors(r.diagnostics)) throw new UserError('', 1);
      if (!opts.json) say(`${file}: ok (${model.decls.length} declarations, scenarios: ${r.scenarios.join(', ')})`);
    } finally {
      if (jsonDiagnostics) say(JSON.stringify(checkJson(file, jsonDiagnostics, scenarios), null, 1));
    }
  });

program
  .command('plan')
  .description('print the compiled plan (JSON) for one scenario, validated against spec/plan.schema.json')
  .argument('<file>', 'the .model file')
  .option('--scenario <name>', 'scenario to compile (default: base)')
  .option('--set <name=value>', 'override a parameter (repeatable)', collect)
  .option('--overrides <file.yaml>', 'a YAML file of parameter overrides')
  .action(async (file: string, opts: OverrideOpts & { scenario?: string }) => {
    const { source, sources, model, external } = load(file, opts);
    const r = compile({ model, source, file }, { scenario: opts.scenario, external });
    printDiagnostics(r.diagnostics, sources);
    if (!r.plan) throw new UserError('', 1);
    (await import('../execute/plan-schema.ts')).validatePlan(r.plan);
    say(JSON.stringify(r.plan, null, 1));
  });

/**
 * out/<folder> for a study folder's main model (the folder's only model, or the one whose name starts the
 * folder's: cer.model in cer-china/), out/<folder>/<model> for the others, out/<model> for examples.
 */
function defaultOutDir(file: string): string {
  const dir = path.dirname(path.resolve(file));
  const folder = path.basename(dir);
  const base = path.basename(file, '.model');
  if (folder === 'examples') return path.join('out', base);
  const siblings = readdirSync(dir).filter((f) => f.endsWith('.model'));
  return siblings.length === 1 || folder.startsWith(base) ? path.join('out', folder) : path.join('out', folder, base);
}

interface RunOpts extends OverrideOpts {
  scenario?: string;
  allScenarios?: boolean;
  out?: string;
  quiet?: boolean;
  jobs?: number;
  shard?: ShardSpec;
}

/** --shard i/n: 1 <= i <= n. */
function parseShardArg(v: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || index > count)
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n (shard i of n), got '${v}'`);
  return { index, count };
}

/** --jobs N: a whole number of worker threads, at least 1. */
function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a whole number of worker threads >= 1, got '${v}'`);
  return n;
}

async function runModel(file: string, opts: RunOpts): Promise<{ outDir: string; runs: RunRecord[] }> {
  currentModel = file;
  const [{ runPlan }, , , , { WorkerPool, defaultJobs }] = await runtime();
  const { source, sources, model, external } = load(file, opts);
  const first = compile({ model, source, file }, { scenario: opts.scenario, external });
  printDiagnostics(first.diagnostics, sources);
  if (!first.plan) throw new UserError('', 1);
  // --all-scenarios: every declared scenario; the baseline too unless a grid covers the model's variants.
  const hasGrid = model.decls.some((d) => d.kind === 'grid');
  const names = opts.allScenarios
    ? first.scenarios.filter((s) => s !== 'base' || !hasGrid)
    : [first.plan.scenario.name];
  const shard = opts.shard;
  const runs: RunRecord[] = [];
  const plans: Plan[] = [];
  const pool = new WorkerPool(opts.jobs ?? defaultJobs());
  try {
    for (const s of names) {
      const c = s === first.plan.scenario.name ? first : compile({ model, source, file }, { scenario: s, external });
      if (!c.plan) {
        printDiagnostics(c.diagnostics, sources);
        throw new UserError('', 1);
      }
      plans.push(c.plan);
      const t0 = performance.now();
      const output = await runPlan(c.plan, { pool, ...(shard ? { shard } : {}) });
      if (!opts.quiet)
        err(
          `ran ${file} [${s}]${shard ? ` shard ${shard.index}/${shard.count}` : ''} in ${((performance.now() - t0) / 1000).toFixed(2)} s (${output.solveCount} problem solve${output.solveCount === 1 ? '' : 's'})`,
        );
      if (!opts.quiet && !shard) for (const w of output.warnings) err(`warning: ${w}`);
      runs.push({ scenario: s, output });
    }
  } finally {
    await pool.close();
  }
  const outDir =
    opts.out ??
    (shard ? path.join(defaultOutDir(file), `shard-${shard.index}-of-${shard.count}`) : defaultOutDir(file));
  if (shard) {
    await writeShard(outDir, { file, source, shard, plans, runs });
    return { outDir, runs };
  }
  await writeOutputs(outDir, runs);
  return { outDir, runs };
}

/** results.json, the CSVs and the report of some runs, rendered before the first write. */
async function writeOutputs(outDir: string, runs: RunRecord[]): Promise<void> {
  const [, { outputFiles, buildReportDoc }, { writeAllAtomic }, { writeReportFiles }, , , { runProvenance }] =
    await runtime();
  const date = new Date().toISOString();
  const plans = runs.map((r) => r.output.plan);
  const provenance = runProvenance(plans, outDir, ABATE_VERSION, process.argv.slice(2));
  const files: Map<string, string | Uint8Array> = outputFiles(runs, date, provenance);
  const doc = buildReportDoc(runs, date);
  // Render everything before the first write, so a failure leaves earlier outputs intact.
  const reportFiles = await writeReportFiles(doc);
  for (const [k, v] of reportFiles) files.set(k, v);
  writeAllAtomic(outDir, files);
}

/** A shard's parts (raw float64 in the machine's order: little-endian wherever Node runs) and, last, its manifest. */
async function writeShard(
  outDir: string,
  r: { file: string; source: string; shard: ShardSpec; plans: Plan[]; runs: RunRecord[] },
): Promise<void> {
  const [, , { writeAllAtomic }, , , sh] = await runtime();
  const files = new Map<string, string | Uint8Array>();
  const parts: ShardManifest['parts'] = [];
  for (const run of r.runs)
    for (const p of run.output.parts ?? []) {
      const bytes = new Uint8Array(p.values.buffer, p.values.byteOffset, p.values.byteLength);
      const name = sh.partFile(p);
      files.set(name, bytes);
      const { scenario, game, players, from, to, solves } = p;
      parts.push({ scenario, game, players, from, to, solves, file: name, sha256: sh.sha256(bytes) });
    }
  const manifest: ShardManifest = {
    format: sh.SHARD_FORMAT,
    abate: ABATE_VERSION,
    model: { file: r.file, sha256: sh.sha256(r.source) },
    data: { sha256: sh.dataHash(r.plans) },
    shard: r.shard,
    runs: r.plans.map((plan) => ({ scenario: plan.scenario.name, planSha256: sh.planHash(plan), plan })),
    parts,
  };
  // the manifest goes last: a shard cut short has none, and merge says it is not a shard
  files.set(sh.MANIFEST, `${JSON.stringify(manifest)}\n`);
  writeAllAtomic(outDir, files);
}

/** abate merge: check the shards, put the coalition tables together, run the plans with them, write the outputs. */
async function mergeShards(dirs: string[], opts: { out: string; jobs?: number; quiet?: boolean }): Promise<void> {
  const [{ runPlan }, , , , { WorkerPool, defaultJobs }, sh] = await runtime();
  const { manifest, tables } = sh.assembleShards(dirs);
  currentModel = manifest.model.file;
  const plans = manifest.runs.map((r) => r.plan);
  if (sh.dataHash(plans) !== manifest.data.sha256)
    throw new ShardError('R453', { case: 'dataChanged', model: manifest.model.file });
  const runs: RunRecord[] = [];
  const pool = new WorkerPool(opts.jobs ?? defaultJobs());
  try {
    for (const plan of plans) {
      const mine = new Map<string, CoalitionTable>();
      for (const [key, t] of tables) {
        const [scenario, game] = key.split('/');
        if (scenario === plan.scenario.name) mine.set(game!, t);
      }
      const t0 = performance.now();
      const output = await runPlan(plan, { pool, coalitionTables: mine });
      if (!opts.quiet) {
        err(
          `merged ${dirs.length} shards of ${manifest.model.file} [${plan.scenario.name}] in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
        );
        for (const w of output.warnings) err(`warning: ${w}`);
      }
      runs.push({ scenario: plan.scenario.name, output });
    }
  } finally {
    await pool.close();
  }
  await writeOutputs(opts.out, runs);
}

program
  .command('run')
  .description('compile and execute a model; write results.json, one CSV per table, report.md and report.html')
  .argument('<file>', 'the .model file')
  .addOption(new Option('--scenario <name>', 'scenario to run (default: base)').conflicts('allScenarios'))
  .option('--all-scenarios', 'run every scenario and compare them in one report')
  .option('--set <name=value>', 'override a parameter (repeatable)', collect)
  .option('--overrides <file.yaml>', 'a YAML file of parameter overrides')
  .option('--out <dir>', 'output directory (default: out/<model folder>)')
  .option('--quiet', 'print nothing but errors')
  .option('--jobs <n>', "worker threads for the parallel parts, a game's coalitions (default: one per core)", parseJobs)
  .option(
    '--shard <i/n>',
    "compute only the i-th of n parts of every game's coalitions (then: abate merge)",
    parseShardArg,
  )
  .action(async (file: string, opts: RunOpts) => {
    const { outDir } = await runModel(file, opts);
    if (opts.quiet) return;
    if (opts.shard) say(`wrote shard ${opts.shard.index}/${opts.shard.count} to ${outDir}/`);
    else
      say(
        `wrote ${outDir}/results.json, ${outDir}/report.md, ${outDir}/report.html and ${outDir}/tables/ (.tex, .docx)`,
      );
  });

program
  .command('merge')
  .description('merge the shards of a run (abate run --shard i/n) into the results and report of an unsharded run')
  .argument('<dirs...>', 'the shard directories, every i of 1..n once')
  .requiredOption('--out <dir>', 'output directory')
  .option('--jobs <n>', 'worker threads (default: one per core)', parseJobs)
  .option('--quiet', 'print nothing but errors')
  .action(async (dirs: string[], opts: { out: string; jobs?: number; quiet?: boolean }) => {
    await mergeShards(dirs, opts);
    if (!opts.quiet) say(`wrote ${opts.out}/results.json, ${opts.out}/report.md and ${opts.out}/report.html`);
  });

const FORMAT_FILES: Record<string, string> = {
  md: 'report.md',
  html: 'report.html',
  tex: 'tables/*.tex',
  docx: 'tables/*.docx',
};

program
  .command('report')
  .description(
    "re-render the report from a run directory's results.json, without recomputing: report.md, report.html, and every table as tables/<id>.tex and tables/<id>.docx",
  )
  .argument('<dir>', 'a directory written by abate run')
  .addOption(new Option('--format <format...>', 'formats to write (default all)').choices(Object.keys(FORMAT_FILES)))
  .action(async (dir: string, opts: { format?: Array<'md' | 'html' | 'tex' | 'docx'> }) => {
    const f = path.join(dir, 'results.json');
    if (!existsSync(f)) throw new UserError(`error: ${f} not found: give a directory written by abate run`, 2);
    let doc: ReportDoc;
    try {
      doc = (JSON.parse(readFileSync(f, 'utf8')) as { report: ReportDoc }).report;
    } catch {
      throw new UserError(`error: ${f} is not valid JSON`);
    }
    if (!doc) throw new UserError(`error: ${f} holds no report`);
    const [, , { writeAllAtomic }, { writeReportFiles }] = await runtime();
    writeAllAtomic(dir, await writeReportFiles(doc, opts.format));
    const formats = opts.format ?? Object.keys(FORMAT_FILES);
    say(`wrote ${formats.map((f) => `${dir}/${FORMAT_FILES[f]}`).join(', ')}`);
  });

program
  .command('diff')
  .description('show which inputs (model, overrides, parameters) and results changed between two run directories')
  .argument('<run-a>', 'a directory written by abate run')
  .argument('<run-b>', 'another one')
  .option('--results-only', 'list changed results only')
  .option('--json', 'print the changes as one JSON document on stdout (spec/cli-json.md)')
  .action(async (a: string, b: string, opts: { resultsOnly?: boolean; json?: boolean }) => {
    const { diffRuns, formatDiff } = await import('../execute/diff.ts');
    const load = (d: string): RunFile => {
      const f = path.join(d, 'results.json');
      if (!existsSync(f)) throw new UserError(`error: ${f} not found: give a directory written by abate run`, 2);
      try {
        return JSON.parse(readFileSync(f, 'utf8')) as RunFile;
      } catch {
        throw new UserError(`error: ${f} is not valid JSON`);
      }
    };
    const rows = diffRuns(load(a), load(b)).filter((r) => !opts.resultsOnly || r.kind === 'result');
    say(opts.json ? JSON.stringify(diffJson(a, b, rows), null, 1) : formatDiff(rows));
    // like diff(1): 0 when the runs are the same, 1 when they differ
    if (rows.length) process.exitCode = 1;
  });

/** The .model files of the arguments: files as given, folders searched (skipping node_modules and dot folders). */
function modelFiles(args: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.model')) out.push(p);
    }
  };
  for (const a of args) {
    if (!existsSync(a)) throw new UserError(`error: not found: ${a}`, 2);
    if (statSync(a).isDirectory()) walk(a);
    else out.push(a);
  }
  return out;
}

program
  .command('init')
  .description('start a study: a runnable model with its data folder and a README on what to edit')
  .argument('[dir]', 'the folder to create (default: the current one)', '.')
  .addOption(
    new Option('--template <name>', 'what the study starts from').choices(Object.keys(TEMPLATES)).default('lp'),
  )
  .action((dir: string, opts: { template: string }) => {
    try {
      const model = initStudy(dir, opts.template);
      say(`wrote ${model} and its data/: next, \`abate check ${model}\` and \`abate run ${model}\``);
    } catch (e) {
      if (e instanceof InitError) throw new UserError(e.message, 2);
      throw e;
    }
  });

program
  .command('fmt')
  .description(
    'rewrite .model files in the canonical layout; with --check, change nothing and list the files that would change',
  )
  .argument('<files...>', '.model files, or folders to search for them')
  .option('--check', 'exit 1 if a file is not formatted (for CI)')
  .action(async (args: string[], opts: { check?: boolean }) => {
    const { formatSource } = await import('../format/format.ts');
    const { writeFileAtomic } = await import('../execute/atomic.ts');
    let failed = false;
    const unformatted: string[] = [];
    for (const file of modelFiles(args)) {
      const source = readSource(file);
      const r = formatSource(source, file);
      if (!r.ok) {
        printDiagnostics(r.diagnostics, new Map([[file, source]]));
        failed = true;
      } else if (r.text !== source) {
        unformatted.push(file);
        if (opts.check) say(`${file}: not formatted`);
        else {
          writeFileAtomic(file, r.text);
          say(`formatted ${file}`);
        }
      }
    }
    if (opts.check && unformatted.length)
      err(
        `${unformatted.length} file${unformatted.length === 1 ? '' : 's'} not in the canonical layout: run abate fmt ${unformatted.join(' ')}`,
      );
    if (failed || (opts.check && unformatted.length)) throw new UserError('', 1);
  });

program
  .command('studies')
  .description(
    'run every study under models/ and every example under examples/ (all scenarios), writing out/<name>/ (what npm start does)',
  )
  .option('--root <dir>', 'project root', '.')
  .action(async (opts: { root: string }) => {
    const modelsDir = path.join(opts.root, 'models');
    const found = existsSync(modelsDir)
      ? readdirSync(modelsDir).flatMap((d) => {
          const dir = path.join(modelsDir, d);
          return statSync(dir).isDirectory()
            ? readdirSync(dir)
                .filter((f) => f.endsWith('.model'))
                .map((f) => path.join(dir, f))
            : [];
        })
      : [];
    const ex = path.join(opts.root, 'examples');
    if (existsSync(ex)) {
      for (const e of readdirSync(ex)) {
        const p = path.join(ex, e);
        if (e.endsWith('.model')) found.push(p);
        else if (statSync(p).isDirectory())
          found.push(
            ...readdirSync(p)
              .filter((f) => f.endsWith('.model'))
              .map((f) => path.join(p, f)),
          );
      }
    }
    for (const m of found.sort()) {
      const { outDir } = await runModel(m, { allScenarios: true });
      say(`${m} → ${outDir}/`);
    }
  });

// Subcommands share the program's exit handling: a usage error (unknown option, missing argument) exits 2.
for (const c of program.commands) c.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else if (e instanceof UserError) {
    if (e.message) err(e.message);
    process.exitCode = e.exitCode;
  } else if (e instanceof RunError) {
    // the plan knows the model by its file name; show the path the user gave
    const location =
      currentModel && e.location.startsWith(`${path.basename(currentModel)}:`)
        ? `${currentModel}${e.location.slice(path.basename(currentModel).length)}`
        : currentModel && !e.location.includes(':') && !path.isAbsolute(e.location)
          ? path.join(path.dirname(currentModel), e.location)
          : currentModel && /^[^:]+\.csv:\d+$/.test(e.location)
            ? path.join(path.dirname(currentModel), e.location)
            : e.location;
    err(formatDiagnostic(e.diagnostic(location), undefined, { color: !!color }));
    process.exitCode = 1;
  } else if (e instanceof ShardError) {
    err(
      `${e.where ?? 'merge'}: ${color ? '\x1b[1;31merror\x1b[0m' : 'error'}[${e.code}]: ${e.message}${e.hint ? `\n  = hint: ${e.hint}` : ''}`,
    );
    process.exitCode = 1;
  } else if (e instanceof ReportError) {
    const d = { code: e.code, severity: 'error' as const, message: e.message, where: currentModel ?? 'report' };
    err(formatDiagnostic(e.hint ? { ...d, hint: e.hint } : d, undefined, { color: !!color }));
    process.exitCode = 1;
  } else if (e instanceof Error && e.name === 'PlanValidationError') {
    err(`error: ${e.message}`);
    process.exitCode = 1;
  } else {
    err(
      `internal error: ${(e as Error).message ?? String(e)}\n(this is a bug in abate; please report it with the model that triggered it${process.env['ABATE_DEBUG'] ? '' : ', and set ABATE_DEBUG=1 for details'})`,
    );
    if (process.env['ABATE_DEBUG']) err((e as Error).stack ?? '');
    process.exitCode = 70;
  }
}
