// AST → checked AST → plan. Pipeline: collect declarations (names, indices, units) → check and lower each
// declaration → merge the scenario's overrides → order steps by dependency. The plan is per scenario and
// self-contained; this module never reads data files (the runtime does).
import { createHash } from 'node:crypto';
import path from 'node:path';
import type * as A from '../grammar/ast.ts';
import { diag, hasErrors, suggest, type Diagnostic } from '../diagnostics/index.ts';
import { PLAN_VERSION, type Plan, type PExpr, type Step, type Origin } from '../spec/plan.ts';
import { Checker, Scope, type Globals, type ProblemInfo, type SetInfo } from './check.ts';
import { lowerProps, OUTPUT_TYPES } from './constructs.ts';
import { CONSTRUCTS } from '../constructs/registry.ts';
import type { ConstructSpec } from '../constructs/schema.ts';
import { unitFromAnnotation, unitText, unitEqual } from './units.ts';
import { listScenarios, type ScenarioDef, type ExternalOverride } from './scenarios.ts';
import { ABATE_VERSION } from './version.ts';

const COLUMN_TYPES = ['number', 'integer', 'string', 'bool'] as const;

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

const origin = (s: A.Span): Origin => ({ line: s.start.line, col: s.start.col });

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
  // declarations by name, so checks stay linear in the size of the model
  const dataDecls = new Map(
    model.decls.filter((d): d is A.Decl & { kind: 'data' } => d.kind === 'data').map((d) => [d.name.text, d]),
  );
  const setDecls = new Map(
    model.decls.filter((d): d is A.Decl & { kind: 'set' } => d.kind === 'set').map((d) => [d.name.text, d]),
  );
  const g: Globals = {
    sets: new Map(),
    entities: new Map(),
    data: new Map(),
    problems: new Map(),
    constructs: new Map(),
    declared: new Map(),
  };
  const ck = new Checker(file, g);
  const tables = new Set<string>();
  const tableColumns = new Map<string, Set<string>>(); // declared tables' column keys, for chart checks

  // ---- pass 1: declarations
  const declare = (name: A.Name): boolean => {
    const prev = g.declared.get(name.text);
    if (prev) {
      ck.error('E101', name.span, `'${name.text}' is already declared (line ${prev.start.line})`, 'rename one of them');
      return false;
    }
    g.declared.set(name.text, name.span);
    return true;
  };
  let study: (A.Decl & { kind: 'study' }) | undefined;
  for (const d of model.decls) {
    switch (d.kind) {
      case 'study':
        if (study) ck.error('E101', d.nameSpan, 'a model has one study block', 'merge the two study blocks');
        study = d;
        break;
      case 'data': {
        if (!declare(d.name)) break;
        const columns = new Map<string, string>();
        for (const c of d.columns) {
          if (columns.has(c.name.text)) ck.error('E101', c.name.span, `column '${c.name.text}' is declared twice`);
          // a column may be typed by a set: its values must then be members of that set
          const isSetType = setDecls.has(c.type.text);
          if (!(COLUMN_TYPES as readonly string[]).includes(c.type.text) && !isSetType)
            ck.error(
              'E110',
              c.type.span,
              `unknown column type '${c.type.text}'`,
              suggest(c.type.text, [...COLUMN_TYPES, ...setDecls.keys()]) ??
                `use one of ${COLUMN_TYPES.join(', ')}, or the name of a set whose members the column holds`,
            );
          columns.set(c.name.text, c.type.text);
        }
        for (const k of d.key)
          if (!columns.has(k.text))
            ck.error(
              'E111',
              k.span,
              `key column '${k.text}' is not declared in '${d.name.text}'`,
              `add \`${k.text}: string\` to its columns`,
            );
        g.data.set(d.name.text, { name: d.name.text, key: d.key.map((k) => k.text), columns });
        break;
      }
      case 'set': {
        if (!declare(d.name)) break;
        const v = d.value;
        const info: SetInfo = { name: d.name.text, numeric: false };
        if (v.kind === 'setLiteral') {
          info.literalMembers = v.members.map((m) => m.text);
          info.numeric = info.literalMembers.every((m) => Number.isFinite(Number(m)));
        } else if (v.kind === 'range') info.numeric = true;
        else if (v.kind === 'setBuilder' && v.binding.domain.kind === 'name') info.parent = v.binding.domain.name;
        else if (v.kind === 'member' && v.object.kind === 'name') {
          const type = dataDecls
            .get((v.object as { name: string }).name)
            ?.columns.find((c) => c.name.text === v.member.text)?.type.text;
          info.numeric = type === 'number' || type === 'integer';
        }
        g.sets.set(d.name.text, info);
        break;
      }
      case 'param':
      case 'result':
        if (!declare(d.name)) break;
        g.entities.set(d.name.text, {
          kind: d.kind,
          name: d.name.text,
          index: d.index.map((b) => b.set.text),
          unit: d.unit ? unitFromAnnotation(d.unit) : undefined,
          type: guessType(d.value, dataDecls),
          span: d.name.span,
        });
        break;
      case 'problem': {
        if (!declare(d.name)) break;
        const p: ProblemInfo = {
          name: d.name.text,
          coalitionSet: d.coalition?.set.text,
          vars: new Map(),
          constraints: new Map(),
          objectiveName: d.objective?.name?.text ?? 'objective',
        };
        for (const v of d.vars) {
          if (p.vars.has(v.name.text))
            ck.error('E101', v.name.span, `variable '${v.name.text}' is declared twice in '${d.name.text}'`);
          // an index over the coalition parameter is an index over the coalition's set
          p.vars.set(v.name.text, {
            name: v.name.text,
            index: v.index.map((b) => (b.set.text === d.coalition?.variable.text ? d.coalition.set.text : b.set.text)),
            unit: v.unit ? unitFromAnnotation(v.unit) : undefined,
            problem: d.name.text,
          });
        }
        for (const c of d.constraints) {
          if (p.constraints.has(c.name.text) || p.vars.has(c.name.text))
            ck.error('E101', c.name.span, `'${c.name.text}' is declared twice in '${d.name.text}'`);
          p.constraints.set(c.name.text, { index: c.index.map((b) => b.set.text) });
        }
        g.problems.set(d.name.text, p);
        break;
      }
      case 'table':
        if (declare(d.name)) {
          tables.add(d.name.text);
          if (!d.pivot)
            tableColumns.set(
              d.name.text,
              new Set([...d.by.map((b) => b.variable.text), ...d.columns.map((c) => c.name.text)]),
            );
        }
        break;
      case 'block': {
        const spec: ConstructSpec = CONSTRUCTS[d.construct.text];
        if (spec.named && !d.name) {
          ck.error(
            'E108',
            d.construct.span,
            `a ${d.construct.text} needs a name`,
            `write ${d.construct.text} NAME ...`,
          );
          break;
        }
        if (d.name && !declare(d.name)) break;
        if (!d.name) break;
        if (d.construct.text === 'curve') {
          g.entities.set(d.name.text, {
            kind: 'curve',
            name: d.name.text,
            index: d.index.map((b) => b.set.text),
            type: 'number',
            span: d.name.span,
          });
          break;
        }
        for (const [suffix, cols] of Object.entries(spec.tables ?? {})) {
          tables.add(`${d.name.text}${suffix}`);
          if (cols) tableColumns.set(`${d.name.text}${suffix}`, new Set(cols));
        }
        const overSet = d.over?.kind === 'name' ? d.over.name : undefined;
        const dataProp = d.props.find((p) => p.name.text === 'data')?.value;
        g.constructs.set(d.name.text, {
          construct: d.construct.text,
          name: d.name.text,
          ...(d.construct.text === 'panel' && dataProp?.kind === 'name' ? { data: dataProp.name } : {}),
          outputs: new Map(
            Object.entries(spec.outputs).map(([k, o]) => [
              k,
              { index: o.index.map(() => overSet ?? '#any'), type: OUTPUT_TYPES[o.type] },
            ]),
          ),
        });
        break;
      }
      case 'scenario':
      case 'grid':
        break;
    }
  }

  // constructs that use a panel (estimate, moran, ...) know its data, so `of = estimate` constructs can find it
  for (const d of model.decls) {
    if (d.kind !== 'block' || !d.name) continue;
    const pv = d.props.find((p) => p.name.text === 'panel')?.value;
    const c = g.constructs.get(d.name.text);
    if (c && pv?.kind === 'name') c.data = g.constructs.get(pv.name)?.data;
  }

  // ---- scenarios
  const scen = listScenarios(model, ck, opts.external);
  const names = scen.map((s) => s.name);
  const chosen: ScenarioDef | undefined =
    opts.scenario === undefined ? scen[0] : scen.find((s) => s.name === opts.scenario);
  if (!chosen) {
    // the error is in the command line, not in the model: name the argument
    ck.diagnostics.push(
      diag(
        'E120',
        `--scenario ${opts.scenario}`,
        { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 2, offset: 1 } },
        {
          message: `unknown scenario '${opts.scenario}' in ${path.basename(file)}`,
          hint: suggest(opts.scenario!, names) ?? `scenarios: ${names.join(', ')}`,
        },
      ),
    );
    return { diagnostics: ck.diagnostics, scenarios: names };
  }

  // ---- pass 2: check and lower
  const steps: Array<{ step: Step; deps: Set<string>; provides: string }> = [];
  const root = new Scope();
  const lower = (provides: string, f: () => Step | undefined) => {
    ck.deps = new Set();
    const step = f();
    if (step) steps.push({ step, deps: ck.deps, provides });
  };

  const overridden = new Set(chosen.overrides.map((o) => o.target));
  for (const d of model.decls) {
    if (opts.overridesOnly && !(d.kind === 'param' && overridden.has(d.name.text))) continue;
    switch (d.kind) {
      case 'data':
        lower(d.name.text, () => {
          const columns = d.columns.map((c) => {
            if ((COLUMN_TYPES as readonly string[]).includes(c.type.text))
              return { name: c.name.text, type: c.type.text as 'number' };
            const set = g.sets.get(c.type.text);
            if (!set) return { name: c.name.text, type: 'string' as const };
            // the set must not itself be read from this data source (that would be circular)
            const setDecl = setDecls.get(c.type.text);
            if (setDecl && JSON.stringify(setDecl.value).includes(`"name":"${d.name.text}"`)) {
              ck.error(
                'E124',
                c.type.span,
                `column '${c.name.text}' cannot be typed by set '${c.type.text}', which is read from '${d.name.text}' itself`,
                `declare it as string`,
              );
            } else ck.deps.add(c.type.text);
            return { name: c.name.text, type: (set.numeric ? 'integer' : 'string') as 'string', set: c.type.text };
          });
          return {
            kind: 'data',
            name: d.name.text,
            path: d.path,
            key: d.key.map((k) => k.text),
            columns,
            origin: origin(d.span),
          };
        });
        break;
      case 'set':
        lower(d.name.text, () => {
          const c = ck.expr(d.value, root);
          ck.expectSet(c, d.value.span);
          return { kind: 'set', name: d.name.text, value: c.p, origin: origin(d.span) };
        });
        break;
      case 'param':
      case 'result':
        lower(d.name.text, () =>
          lowerValued(
            ck,
            d,
            root,
            g,
            d.kind === 'param' ? chosen.overrides.filter((o) => o.target === d.name.text) : [],
          ),
        );
        break;
      case 'problem':
        lower(d.name.text, () => lowerProblem(ck, d, root, g));
        break;
      case 'table':
        lower(d.name.text, () => {
          const notNamed = d.by.find((x) => x.domain.kind !== 'name');
          if (notNamed)
            ck.error(
              'E104',
              notNamed.domain.span,
              'a table iterates over a declared set',
              'declare it first: set NAME = {...}, then write `by x in NAME`',
            );
          const named = ck.bindIndex(
            d.by
              .filter((x) => x.domain.kind === 'name')
              .map((x) => ({
                variable: x.variable,
                set: { text: (x.domain as { name: string }).name, span: x.domain.span },
                span: x.span,
              })),
            root,
          );
          // an iterator over something that is not a declared set is still bound, so its columns do not cascade
          const b = {
            ...named,
            scope: named.scope.child(
              Object.fromEntries(
                d.by
                  .filter((x) => x.domain.kind !== 'name')
                  .map((x) => [x.variable.text, { k: 'it' as const, set: '#any', numeric: false }]),
              ),
            ),
          };
          const seen = new Set<string>();
          const filter = d.filter ? ck.expr(d.filter, b.scope) : undefined;
          if (filter && d.filter) ck.expectConstBool(filter, d.filter.span);
          const columns = d.columns.map((c) => {
            if (seen.has(c.name.text))
              ck.error('E101', c.name.span, `column '${c.name.text}' appears twice in table '${d.name.text}'`);
            seen.add(c.name.text);
            const v = ck.expr(c.value, b.scope);
            if (v.ty.k === 'num') ck.expectConstNum(v, c.value.span);
            else if (!['str', 'bool', 'member', 'any'].includes(v.ty.k)) ck.expectNum(v, c.value.span);
            return { key: c.name.text, label: c.label ?? c.name.text, value: v.p };
          });
          if (d.pivot && !b.its.some((i) => i.it === d.pivot!.text))
            ck.error(
              'E100',
              d.pivot.span,
              `pivot '${d.pivot.text}' is not one of the table's iterators`,
              suggest(
                d.pivot.text,
                b.its.map((i) => i.it),
              ) ?? 'pivot names the iterator whose members become columns',
            );
          if (d.pivot && b.its.length < 2)
            ck.error(
              'E118',
              d.pivot.span,
              'a pivot table needs a row iterator and a column iterator',
              'e.g. table t by q in quantity, r in region pivot r { value = ... }',
            );
          return {
            kind: 'table',
            name: d.name.text,
            title: d.title ?? d.name.text,
            by: b.its,
            ...(filter ? { filter: filter.p } : {}),
            ...(d.pivot ? { pivot: d.pivot.text } : {}),
            columns,
            origin: origin(d.span),
          };
        });
        break;
      case 'block':
        lower(d.name?.text ?? `#${d.construct.text}`, () => lowerBlock(ck, d, root, tables, tableColumns));
        break;
      default:
        break;
    }
  }

  // overrides whose target is not a parameter (checked for every scenario, not only the chosen one)
  const allOverrides = [
    ...new Map(
      scen
        .flatMap((sc) => sc.overrides)
        .map((o) => [`${o.sourceLabel}\u0000${o.target}\u0000${o.span?.start.offset ?? o.line}`, o]),
    ).values(),
  ];
  for (const o of allOverrides) {
    if (!g.entities.has(o.target) || g.entities.get(o.target)!.kind !== 'param') {
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

  if (!study)
    ck.diagnostics.push(
      diag(
        'E108',
        file,
        { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 2, offset: 1 } },
        {
          message: 'the model has no study block',
          hint: 'start the file with: study "Title" { source = "..." synthetic = false }',
        },
      ),
    );
  const studyMeta = study
    ? lowerStudy(ck, study)
    : { title: path.basename(file), synthetic: false as boolean | string };

  // W200: inputs nothing uses (parameters, sets, data, curves); results, tables and problems are outputs.
  if (!hasErrors(ck.diagnostics) && !opts.overridesOnly) {
    const used = new Set(steps.flatMap((s) => [...s.deps].filter((d) => d !== s.provides)));
    for (const d of model.decls) {
      if (
        (d.kind === 'param' ||
          d.kind === 'set' ||
          d.kind === 'data' ||
          (d.kind === 'block' && d.construct.text === 'curve')) &&
        d.name &&
        !used.has(d.name.text)
      ) {
        ck.diagnostics.push(
          diag('W200', file, d.name.span, {
            message: `'${d.name.text}' is declared but never used`,
            hint: 'remove it, or use it in a result, table, problem or construct',
          }),
        );
      }
    }
  }
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

function guessType(e: A.Expr, dataDecls: Map<string, A.Decl & { kind: 'data' }>): 'number' | 'string' | 'bool' {
  if (e.kind === 'str') return 'string';
  if (e.kind === 'bool' || e.kind === 'compare') return 'bool';
  if (e.kind === 'member' && e.object.kind === 'name') {
    const obj = e.object.name;
    const t = dataDecls.get(obj)?.columns.find((c) => c.name.text === e.member.text)?.type.text;
    if (t === 'string') return 'string';
    if (t === 'bool') return 'bool';
  }
  return 'number';
}

function lowerStudy(ck: Checker, d: A.Decl & { kind: 'study' }): Plan['study'] {
  const out: Plan['study'] = { title: d.title, synthetic: false };
  const allowed = ['source', 'synthetic', 'note', 'seed'];
  for (const p of d.props) {
    const v = p.value;
    const name = p.name.text;
    if (!allowed.includes(name)) {
      ck.error(
        'E107',
        p.name.span,
        `the study block has no property '${name}'`,
        suggest(name, allowed) ?? `properties: ${allowed.join(', ')}`,
      );
      continue;
    }
    if (!v) {
      ck.error('E108', p.span, `'${name}' needs a value`);
      continue;
    }
    if (name === 'synthetic') {
      if (v.kind === 'bool') out.synthetic = v.value;
      else if (v.kind === 'str') out.synthetic = v.value;
      else ck.error('E104', v.span, 'synthetic must be true, false, or a sentence describing the synthetic process');
    } else if (name === 'seed') {
      if (v.kind === 'num' && Number.isInteger(v.value)) out.seed = v.value;
      else ck.error('E104', v.span, 'seed must be an integer');
    } else if (v.kind === 'str') {
      (out as unknown as Record<string, string>)[name] = v.value;
    } else ck.error('E104', v.span, `${name} must be a string`);
  }
  return out;
}

function lowerValued(
  ck: Checker,
  d: A.Decl & { kind: 'param' | 'result' },
  root: Scope,
  g: Globals,
  overrides: import('./scenarios.ts').ResolvedOverride[],
): Step | undefined {
  const b = ck.bindIndex(d.index, root);
  const ent = g.entities.get(d.name.text)!;
  let c = ck.expr(d.value, b.scope);
  // A whole data column assigned to an indexed parameter is read at the parameter's own index.
  if (c.ty.k === 'column' && b.its.length > 0) {
    const dinfo = g.data.get(c.ty.data)!;
    if (dinfo.key.length !== b.its.length) {
      ck.error(
        'E102',
        d.value.span,
        `'${c.ty.data}' is keyed by ${dinfo.key.length} column(s) (${dinfo.key.join(', ')}), but '${d.name.text}' has ${b.its.length} ${b.its.length === 1 ? 'index' : 'indices'}`,
        'index the column explicitly: data.column[i, j]',
      );
    }
    const type = c.ty.type;
    c = {
      ty: type === 'string' ? { k: 'str' } : type === 'bool' ? { k: 'bool', deg: 0 } : { k: 'num', deg: 0 },
      p: {
        op: 'col',
        data: c.ty.data,
        column: c.ty.column,
        idx: b.its.map((i) => ({ op: 'it', name: i.it }) as PExpr),
      },
    };
  }
  const t = c.ty;
  if (t.k === 'num') {
    ck.expectConstNum(c, d.value.span);
    if (ent.unit && t.unit && !unitEqual(ent.unit, t.unit))
      ck.error(
        'E109',
        d.value.span,
        `'${d.name.text}' is declared in ${unitText(ent.unit)} but its value is in ${unitText(t.unit)}`,
        'fix the annotation or convert the value',
      );
  } else if (t.k === 'member') {
    // a member used as a value (e.g. a label)
  } else if (!['str', 'bool', 'any'].includes(t.k)) ck.expectNum(c, d.value.span);
  const type: 'number' | 'string' | 'bool' =
    t.k === 'str' || t.k === 'member' ? 'string' : t.k === 'bool' ? 'bool' : 'number';
  const common = {
    name: d.name.text,
    index: b.its,
    ...(ent.unit ? { unit: unitText(ent.unit) } : {}),
    type,
    value: c.p,
    origin: origin(d.span),
  };
  if (d.kind === 'result') return { kind: 'result', ...common };
  const ovs = overrides.map((o) => {
    let idx: string[] = [];
    if (o.indices.length !== b.its.length && o.indices.length > 0) {
      if (o.span)
        ck.error(
          'E113',
          o.span,
          `'${d.name.text}' has ${b.its.length} ${b.its.length === 1 ? 'index' : 'indices'}, the override gives ${o.indices.length}`,
          b.its.length
            ? `write ${d.name.text}[${b.its.map((i) => i.set).join(', ')}] = value, or ${d.name.text} = value for all`
            : `write ${d.name.text} = value`,
        );
    } else idx = o.indices;
    // members of sets written in the model are checked now (sets read from data are checked when the run reads them)
    idx.forEach((m, i) => {
      const set = ck.g.sets.get(b.its[i]!.set);
      const lit = set?.literalMembers ?? (set?.parent ? ck.g.sets.get(ck.root(set.name))?.literalMembers : undefined);
      if (lit && !lit.includes(m)) {
        const where = o.span ?? o.where;
        const hint = suggest(m, lit) ?? `members of '${b.its[i]!.set}': ${lit.join(', ')}`;
        if (o.span)
          ck.error('E113', o.span, `'${m}' is not a member of '${b.its[i]!.set}' (override of '${d.name.text}')`, hint);
        else
          ck.diagnostics.push(
            diag(
              o.source.startsWith('--set') ? 'Y303' : 'Y302',
              o.source,
              where ?? {
                start: { line: o.line ?? 1, col: 1, offset: 0 },
                end: { line: o.line ?? 1, col: 2, offset: 1 },
              },
              { message: `'${m}' is not a member of '${b.its[i]!.set}' (override of '${d.name.text}')`, hint: hint },
            ),
          );
      }
    });
    let value: PExpr;
    if (o.expr) {
      const oc = ck.expr(o.expr, idx.length ? root : b.scope);
      if (oc.ty.k === 'num') {
        ck.expectConstNum(oc, o.expr.span);
        if (ent.unit && oc.ty.unit && !unitEqual(ent.unit, oc.ty.unit))
          ck.error(
            'E109',
            o.expr.span,
            `'${d.name.text}' is in ${unitText(ent.unit)}, the override is in ${unitText(oc.ty.unit)}`,
          );
      } else if (type === 'number' && oc.ty.k !== 'any') ck.expectNum(oc, o.expr.span);
      value = oc.p;
    } else {
      value = o.literal!;
      // a value from YAML or --set must have the parameter's type
      const litType = value.op === 'num' ? 'number' : value.op === 'bool' ? 'bool' : 'string';
      if (litType !== type && !(type === 'string' && litType === 'number')) {
        ck.diagnostics.push(
          diag(
            o.source.startsWith('--set') ? 'Y303' : 'Y302',
            o.source,
            o.where ?? {
              start: { line: o.line ?? 1, col: 1, offset: 0 },
              end: { line: o.line ?? 1, col: 2, offset: 1 },
            },
            {
              message: `'${d.name.text}' holds ${type === 'number' ? 'numbers' : type === 'bool' ? 'true/false values' : 'text'}, the override gives ${litType === 'string' ? `the text ${JSON.stringify((value as { v: string }).v)}` : litType === 'bool' ? 'true/false' : 'a number'}`,
              hint: type === 'number' ? 'give a number, e.g. 450 or 12.5%' : undefined,
            },
          ),
        );
      }
    }
    return { idx, value, source: o.sourceLabel };
  });
  return { kind: 'param', ...common, overrides: ovs };
}

function lowerProblem(ck: Checker, d: A.Decl & { kind: 'problem' }, root: Scope, g: Globals): Step | undefined {
  const info = g.problems.get(d.name.text)!;
  let scope = root;
  let coalition: { it: string; set: string } | undefined;
  if (d.coalition) {
    const s = ck.setNamed(d.coalition.set);
    scope = scope.child({ [d.coalition.variable.text]: { k: 'setvar', of: s ? ck.root(s.name) : '#any' } });
    coalition = { it: d.coalition.variable.text, set: d.coalition.set.text };
  }
  // Variables are visible in the objective and constraints, not in their own bounds.
  const boundScope = scope;
  scope = scope.child(Object.fromEntries([...info.vars.values()].map((v) => [v.name, { k: 'var' as const, info: v }])));
  const vars = d.vars.map((v) => {
    const b = ck.bindIndex(v.index, boundScope);
    const bound = (e: A.Expr) => {
      const vs = b.scope.child(
        Object.fromEntries([...info.vars.values()].map((x) => [x.name, { k: 'var' as const, info: x }])),
      );
      const c = ck.expr(e, vs);
      const t = ck.expectNum(c, e.span);
      if (t.deg !== 0)
        ck.error(
          'E121',
          e.span,
          `the bound of '${v.name.text}' depends on a decision variable`,
          'bounds must be constants; write a constraint instead',
        );
      return c.p;
    };
    return {
      name: v.name.text,
      index: b.its,
      lower: v.lower.map(bound),
      upper: v.upper.map(bound),
      domain: v.domain,
      ...(v.unit ? { unit: unitText(unitFromAnnotation(v.unit)) } : {}),
    };
  });
  if (!d.objective) {
    ck.error(
      'E114',
      d.name.span,
      `problem '${d.name.text}' has no objective`,
      'add `minimize name: expression` or `maximize name: expression`',
    );
    return undefined;
  }
  const obj = ck.expr(d.objective.expr, scope);
  const ot = ck.expectNum(obj, d.objective.expr.span);
  let solver: 'lp' | 'milp' | 'separable-convex' = d.vars.some((v) => v.domain !== 'continuous') ? 'milp' : 'lp';
  if (ot.deg === 'sep') {
    if (solver === 'milp')
      ck.error(
        'E127',
        d.objective.span,
        'a separable convex objective with integer variables is not supported',
        'make the variables continuous, or linearise the cost',
      );
    solver = 'separable-convex';
  } else if (ot.deg === 2) {
    ck.error(
      'E105',
      d.objective.expr.span,
      'the objective is not linear in the decision variables',
      'products of variables, variables in denominators or functions of sums of variables are not supported; a curve applied to one variable, cost[r](x[r]), is',
    );
  }
  const constraints = d.constraints.map((c) => {
    const b = ck.bindIndex(c.index, scope);
    const e = ck.expr(c.expr, b.scope);
    if (e.ty.k !== 'bool' && e.ty.k !== 'any')
      ck.error(
        'E106',
        c.expr.span,
        `constraint '${c.name.text}' is not a comparison`,
        'write it as left <= right, left >= right or left == right',
      );
    else if (e.ty.k === 'bool' && (e.ty.deg === 2 || e.ty.deg === 'sep'))
      ck.error(
        'E105',
        c.expr.span,
        `constraint '${c.name.text}' is not linear in the decision variables`,
        'constraints must be linear: constants times variables, summed',
      );
    else if (e.p.op === 'cmp' && e.p.ops.some((o) => o === '!=' || o === '<' || o === '>'))
      ck.error('E106', c.expr.span, `constraint '${c.name.text}' uses a strict or != comparison`, 'use <=, >= or ==');
    return { name: c.name.text, index: b.its, expr: e.p };
  });
  if (solver === 'separable-convex' && d.constraints.length !== 1) {
    ck.error(
      'E127',
      d.objective.span,
      `a separable convex problem needs exactly one linear constraint (it has ${d.constraints.length})`,
      'the exact solver equalises marginal costs under one target constraint Σ a·x >= R and bounds on each variable',
    );
  }
  return {
    kind: 'problem',
    name: d.name.text,
    ...(coalition ? { coalition } : {}),
    solver,
    vars,
    objective: { sense: d.objective.sense, name: info.objectiveName, expr: obj.p },
    constraints,
    origin: origin(d.span),
  };
}

function lowerBlock(
  ck: Checker,
  d: A.Decl & { kind: 'block' },
  root: Scope,
  tables: Set<string>,
  tableColumns: Map<string, Set<string>>,
): Step | undefined {
  const spec: ConstructSpec = CONSTRUCTS[d.construct.text];
  const b = ck.bindIndex(d.index, root);
  if (d.construct.text === 'curve') {
    if (!d.value) {
      ck.error('E108', d.span, `curve '${d.name!.text}' needs a value: curve ${d.name!.text}[...] = cubic(a, b, c)`);
      return undefined;
    }
    const c = ck.expr(d.value, b.scope);
    if (c.ty.k !== 'curve' && c.ty.k !== 'any')
      ck.error(
        'E104',
        d.value.span,
        `expected a curve, found a ${c.ty.k === 'num' ? 'number' : c.ty.k}`,
        'build it with poly(c0, c1, ...) or cubic(a, b, c)',
      );
    if (d.props.length) ck.error('E107', d.props[0]!.name.span, 'a curve takes no properties');
    return { kind: 'curve', name: d.name!.text, index: b.its, value: c.p, origin: origin(d.span) };
  }
  let overSet: string | undefined;
  if (spec.over) {
    if (!d.over) {
      ck.error(
        'E108',
        d.construct.span,
        `${d.construct.text} '${d.name?.text}' needs 'over SET'`,
        `write ${d.construct.text} ${d.name?.text} over region { ... }`,
      );
      return undefined;
    }
    if (d.over.kind !== 'name') {
      ck.error('E104', d.over.span, 'over takes the name of a set');
      return undefined;
    }
    const s = ck.setNamed({ text: d.over.name, span: d.over.span });
    overSet = s?.name;
  } else if (d.over) ck.error('E107', d.over.span, `${d.construct.text} takes no 'over'`);
  if (d.value) ck.error('E107', d.value.span, `${d.construct.text} takes a property block, not '= value'`);
  const props = lowerProps(ck, d, spec, overSet, b.scope, tables, tableColumns);
  if (overSet) props['over'] = { expr: { op: 'set', name: overSet } };
  return {
    kind: 'construct',
    construct: d.construct.text,
    name: d.name?.text ?? d.construct.text,
    index: b.its,
    ...(d.title ? { title: d.title } : {}),
    props,
    origin: origin(d.span),
  };
}

/** Topological order by dependency; the report goes last. A cycle is an error naming its members. */
function orderSteps(
  ck: Checker,
  steps: Array<{ step: Step; deps: Set<string>; provides: string }>,
  model: A.Model,
): Step[] {
  const byName = new Map(steps.map((s) => [s.provides, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Step[] = [];
  const visit = (s: { step: Step; deps: Set<string>; provides: string }, trail: string[]) => {
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
