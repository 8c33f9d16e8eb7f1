// AST → checked AST → plan. Pipeline: collect declarations (names, indices, units) → check and lower each
// declaration → merge the scenario's overrides → order steps by dependency. The plan is per scenario and
// self-contained; this module never reads data files (the runtime does).
import { createHash } from 'node:crypto';
import path from 'node:path';
import type * as A from '../grammar/ast.ts';
import { diag, hasErrors, suggest, type Diagnostic } from '../diagnostics/index.ts';
import { PLAN_VERSION, type Plan, type Step } from '../spec/plan.ts';
import { CONSTRUCTS } from '../constructs/registry.ts';
import type { ConstructSpec } from '../constructs/schema.ts';
import { Scope, type Checker } from './check.ts';
import { declareModel, type Compilation } from './declare.ts';
import { LOWERERS, lowerStudy, provides, type LowerContext } from './lower-steps.ts';
import { listScenarios, type ScenarioDef, type ExternalOverride } from './scenarios.ts';
import { ABATE_VERSION } from './version.ts';

export interface CompileInput {
  model: A.Model;
  source: string;
  file: string;
}
export interface CompileOptions {
  scenario?: string;
  external?: ExternalOverride[];
  /** Check only what the scenario changes (its overrides); used by checkModel for every scenario after the base. */
  overridesOnly?: boolean;
}
export interface CompileResult {
  plan?: Plan;
  diagnostics: Diagnostic[];
  scenarios: string[];
}

/** A lowered declaration: its step, the global names it reads and the name it provides. */
interface Lowered {
  step: Step;
  deps: Set<string>;
  provides: string;
}

const START = { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 2, offset: 1 } };

/** Check the whole model (every scenario's overrides) and return diagnostics and scenario names. */
export function checkModel(
  input: CompileInput,
  external: ExternalOverride[] = [],
): { diagnostics: Diagnostic[]; scenarios: string[] } {
  const base = compile(input, { external });
  const diagnostics = [...base.diagnostics];
  if (!hasErrors(diagnostics)) {
    for (const s of base.scenarios.slice(1)) {
      const r = compile(input, { scenario: s, external, overridesOnly: true });
      diagnostics.push(
        ...r.diagnostics.filter(
          (d) => !diagnostics.some((e) => e.code === d.code && e.span.start.offset === d.span.start.offset),
        ),
      );
    }
  }
  return { diagnostics, scenarios: base.scenarios };
}

export function compile(input: CompileInput, opts: CompileOptions = {}): CompileResult {
  const { model, file } = input;
  const c = declareModel(model, file);
  const { ck } = c;
  const scen = listScenarios(model, ck, opts.external);
  const names = scen.map((s) => s.name);
  const chosen: ScenarioDef | undefined =
    opts.scenario === undefined ? scen[0] : scen.find((s) => s.name === opts.scenario);
  if (!chosen) {
    // the error is in the command line, not in the model: name the argument
    ck.diagnostics.push(
      diag('E120', `--scenario ${opts.scenario}`, START, {
        message: `unknown scenario '${opts.scenario}' in ${path.basename(file)}`,
        hint: suggest(opts.scenario!, names) ?? `scenarios: ${names.join(', ')}`,
      }),
    );
    return { diagnostics: ck.diagnostics, scenarios: names };
  }
  const steps = lowerModel(c, chosen, opts.overridesOnly ?? false);
  checkOverrideTargets(c, scen);
  const studyMeta = studyOf(c);
  if (!hasErrors(ck.diagnostics) && !opts.overridesOnly) warnUnused(c, steps);
  if (hasErrors(ck.diagnostics) || opts.overridesOnly) return { diagnostics: ck.diagnostics, scenarios: names };

  const ordered = orderSteps(ck, steps, model);
  if (hasErrors(ck.diagnostics)) return { diagnostics: ck.diagnostics, scenarios: names };

  const plan: Plan = {
    abate: 'plan',
    version: PLAN_VERSION,
    abateVersion: ABATE_VERSION,
    model: {
      file: path.basename(file),
      dir: path.dirname(path.resolve(file)),
      sha256: createHash('sha256').update(input.source).digest('hex'),
    },
    study: studyMeta,
    scenario: {
      name: chosen.name,
      ...(chosen.title ? { title: chosen.title } : {}),
      overrides: chosen.overrides.map((o) => ({ target: o.target, value: o.text, source: o.sourceLabel })),
    },
    steps: ordered,
  };
  return { plan, diagnostics: ck.diagnostics, scenarios: names };
}

/** Pass 2: every declaration checked and lowered to a step, with the names it depends on. */
function lowerModel(c: Compilation, scenario: ScenarioDef, overridesOnly: boolean): Lowered[] {
  const { ck } = c;
  const x: LowerContext = { c, root: new Scope(), scenario };
  const steps: Lowered[] = [];
  const overridden = new Set(scenario.overrides.map((o) => o.target));
  for (const d of c.model.decls) {
    if (overridesOnly && !(d.kind === 'param' && overridden.has(d.name.text))) continue;
    const lower = LOWERERS[d.kind] as ((x: LowerContext, d: A.Decl) => Step | undefined) | undefined;
    const name = provides(d);
    if (!lower || name === undefined) continue;
    ck.deps = new Set();
    const step = lower(x, d);
    if (step) steps.push({ step, deps: ck.deps, provides: name });
  }
  return steps;
}

/** Overrides whose target is not a parameter (checked for every scenario, not only the chosen one). */
function checkOverrideTargets(c: Compilation, scen: ScenarioDef[]): void {
  const { ck, g } = c;
  const allOverrides = [
    ...new Map(
      scen
        .flatMap((sc) => sc.overrides)
        .map((o) => [`${o.sourceLabel}\u0000${o.target}\u0000${o.span?.start.offset ?? o.line}`, o]),
    ).values(),
  ];
  for (const o of allOverrides) {
    if (g.entities.has(o.target) && g.entities.get(o.target)!.kind === 'param') continue;
    const params = [...g.entities.values()].filter((e) => e.kind === 'param').map((e) => e.name);
    const message =
      g.entities.get(o.target)?.kind === 'result'
        ? `cannot override '${o.target}': it is a result, not a parameter`
        : `cannot override '${o.target}': there is no parameter of that name`;
    if (o.span) ck.error('E112', o.span, message, suggest(o.target, params) ?? `parameters: ${params.join(', ')}`);
    else
      ck.diagnostics.push(
        diag(
          o.source.startsWith('--set') ? 'Y303' : 'Y301',
          o.source,
          o.where ?? {
            start: { line: o.line ?? 1, col: 1, offset: 0 },
            end: { line: o.line ?? 1, col: 2, offset: 1 },
          },
          {
            message: `unknown parameter '${o.target}'`,
            hint: suggest(o.target, params) ?? `parameters: ${params.join(', ')}`,
          },
        ),
      );
  }
}

/** The study block lowered, or E108 and the file's name as the title. */
function studyOf(c: Compilation): Plan['study'] {
  if (c.study) return lowerStudy(c.ck, c.study);
  c.ck.diagnostics.push(
    diag('E108', c.file, START, {
      message: 'the model has no study block',
      hint: 'start the file with: study "Title" { source = "..." synthetic = false }',
    }),
  );
  return { title: path.basename(c.file), synthetic: false as boolean | string };
}

/** W200: inputs nothing uses (parameters, sets, data, input constructs such as curves); outputs are not warned. */
function warnUnused(c: Compilation, steps: Lowered[]): void {
  const used = new Set(steps.flatMap((s) => [...s.deps].filter((d) => d !== s.provides)));
  for (const d of c.model.decls) {
    const input =
      d.kind === 'param' ||
      d.kind === 'set' ||
      d.kind === 'data' ||
      (d.kind === 'block' && (CONSTRUCTS[d.construct.text] as ConstructSpec).input === true);
    if (!input || !d.name || used.has(d.name.text)) continue;
    c.ck.diagnostics.push(
      diag('W200', c.file, d.name.span, {
        message: `'${d.name.text}' is declared but never used`,
        hint: 'remove it, or use it in a result, table, problem or construct',
      }),
    );
  }
}

/** Topological order by dependency; the report goes last. A cycle is an error naming its members. */
function orderSteps(ck: Checker, steps: Lowered[], model: A.Model): Step[] {
  const byName = new Map(steps.map((s) => [s.provides, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Step[] = [];
  const visit = (s: Lowered, trail: string[]) => {
    const st = state.get(s.provides);
    if (st === 'done') return;
    if (st === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(s.provides)), s.provides];
      const decl = model.decls.find((d) => 'name' in d && (d.name as A.Name | undefined)?.text === s.provides);
      const span =
        decl && 'name' in decl && decl.name
          ? (decl.name as A.Name).span
          : { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 2, offset: 1 } };
      ck.error('E124', span, `circular definition: ${cycle.join(' → ')}`, 'a value cannot depend on itself');
      return;
    }
    state.set(s.provides, 'visiting');
    for (const d of s.deps) {
      const dep = byName.get(d);
      if (dep && d !== s.provides) visit(dep, [...trail, s.provides]);
      else if (d === s.provides && s.step.kind !== 'problem') visit(s, [...trail, s.provides]);
    }
    state.set(s.provides, 'done');
    out.push(s.step);
  };
  const reports = steps.filter((s) => s.provides.startsWith('#report'));
  for (const s of steps) if (!s.provides.startsWith('#report')) visit(s, []);
  for (const r of reports) out.push(r.step);
  return out;
}
