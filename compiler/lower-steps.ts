// The compiler's second pass, one lowering per kind of declaration (in a table): data sources, sets, tables and
// the study block here; parameters and results, problems and construct blocks in their own modules.
import type * as A from '../grammar/ast.ts';
import type { Plan, Step } from '../spec/plan.ts';
import { suggest } from '../diagnostics/index.ts';
import type { Checker, Scope } from './check.ts';
import { COLUMN_TYPES, type Compilation } from './declare.ts';
import { lowerBlock } from './lower-block.ts';
import { lowerProblem } from './lower-problem.ts';
import { lowerValued } from './lower-values.ts';
import { origin } from './prop-lowering.ts';
import type { ScenarioDef } from './scenarios.ts';

/** What lowering a declaration sees: the model's globals, the root scope and the chosen scenario. */
export interface LowerContext {
  c: Compilation;
  root: Scope;
  scenario: ScenarioDef;
}
type Lowerer<K extends A.Decl['kind']> = (x: LowerContext, d: Extract<A.Decl, { kind: K }>) => Step | undefined;

/** The name a declaration's step provides to the steps that depend on it (a report provides `#report`). */
export function provides(d: A.Decl): string | undefined {
  if (d.kind === 'block') return d.name?.text ?? `#${d.construct.text}`;
  return 'name' in d ? d.name.text : undefined;
}

export const LOWERERS: { readonly [K in A.Decl['kind']]?: Lowerer<K> } = {
  data: lowerData,
  set: (x, d) => {
    const c = x.c.ck.expr(d.value, x.root);
    x.c.ck.expectSet(c, d.value.span);
    return { kind: 'set', name: d.name.text, value: c.p, origin: origin(d.span) };
  },
  param: (x, d) =>
    lowerValued(
      x.c.ck,
      d,
      x.root,
      x.c.g,
      x.scenario.overrides.filter((o) => o.target === d.name.text),
    ),
  result: (x, d) => lowerValued(x.c.ck, d, x.root, x.c.g, []),
  problem: (x, d) => lowerProblem(x.c.ck, d, x.root, x.c.g),
  table: lowerTable,
  block: (x, d) => lowerBlock(x.c.ck, d, x.root, x.c.known),
};

function lowerData(x: LowerContext, d: A.Decl & { kind: 'data' }): Step {
  const { ck, g, setDecls } = x.c;
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
}

/** A table's iterators: declared sets are bound as indices; anything else is an error but still bound. */
function bindTable(ck: Checker, d: A.Decl & { kind: 'table' }, root: Scope) {
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
  return {
    ...named,
    scope: named.scope.child(
      Object.fromEntries(
        d.by
          .filter((x) => x.domain.kind !== 'name')
          .map((x) => [x.variable.text, { k: 'it' as const, set: '#any', numeric: false }]),
      ),
    ),
  };
}

function lowerTable(x: LowerContext, d: A.Decl & { kind: 'table' }): Step {
  const { ck } = x.c;
  const b = bindTable(ck, d, x.root);
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
}

export function lowerStudy(ck: Checker, d: A.Decl & { kind: 'study' }): Plan['study'] {
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
