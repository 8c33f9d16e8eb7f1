// Constructs written as property blocks (game, report, mac, survey, screen, and the spatial ones). Each is a
// row in CONSTRUCTS: its properties with their kinds, and the outputs other expressions may read. The
// compiler checks a block against its row; the runtime has a matching executor per construct.
import type * as A from '../grammar/ast.ts';
import type { PExpr, PExprProp } from '../spec/plan.ts';
import { suggest } from '../grammar/diagnostics.ts';
import { type Checker, Scope } from './check.ts';
import { BOOL, NUM, type Ty } from './types.ts';

export type PropKind =
  | { kind: 'expr'; const?: boolean }                         // any constant expression
  | { kind: 'fn'; params: number; paramSet: 'over' }          // value(S) = ...: S ranges over subsets of `over`
  | { kind: 'enum'; values: string[] }
  | { kind: 'enum-list'; values: string[] }
  | { kind: 'text' }                                          // a string literal
  | { kind: 'ref'; what: 'table' | 'any' };                   // a declared name (report items)

export interface PropSpec { type: PropKind; required?: boolean; repeat?: boolean; doc: string }

export interface ConstructSpec {
  status: 'ready' | 'planned';
  issue?: number;
  doc: string;
  named: boolean;
  over?: boolean;
  props: Record<string, PropSpec>;
  /** outputs readable as name.output[...]; `over` stands for the set the construct ranges over */
  outputs: Record<string, { index: Array<'over'>; type: Ty }>;
}

const planned = (issue: number, doc: string): ConstructSpec => ({ status: 'planned', issue, doc, named: true, props: {}, outputs: {} });

export const CONSTRUCTS: Record<string, ConstructSpec> = {
  curve: {
    status: 'ready', named: true, doc: 'an indexed family of curves of one variable, e.g. cost[r in region] = cubic(a[r], b[r], c[r])',
    props: {}, outputs: {},
  },
  game: {
    status: 'ready', named: true, over: true,
    doc: 'a transferable-utility cooperative game over the members of a set',
    props: {
      value: { type: { kind: 'fn', params: 1, paramSet: 'over' }, required: true, doc: 'value(S) = the worth of coalition S' },
      solutions: { type: { kind: 'enum-list', values: ['shapley', 'nucleolus', 'core'] }, doc: 'which solutions to compute (default [shapley, core])' },
      method: { type: { kind: 'enum', values: ['auto', 'exact', 'sampled'] }, doc: 'Shapley by exact enumeration or permutation sampling (auto: exact up to 20 players)' },
      samples: { type: { kind: 'expr', const: true }, doc: 'permutations for the sampled Shapley value (default 20000)' },
      seed: { type: { kind: 'expr', const: true }, doc: 'seed of the sampling (default 1)' },
      focus: { type: { kind: 'expr', const: true }, doc: 'a player whose coalitions are tabulated by size (the coalition table)' },
    },
    outputs: {
      shapley: { index: ['over'], type: NUM },
      nucleolus: { index: ['over'], type: NUM },
      worth: { index: [], type: NUM },
      in_core: { index: [], type: BOOL },
      convex: { index: [], type: BOOL },
      superadditive: { index: [], type: BOOL },
    },
  },
  report: {
    status: 'ready', named: false,
    doc: 'the report: sections, text and tables in order',
    props: {
      title: { type: { kind: 'text' }, doc: 'report title (default: the study title)' },
      section: { type: { kind: 'text' }, repeat: true, doc: 'start a section with this heading' },
      text: { type: { kind: 'text' }, repeat: true, doc: 'a paragraph (Markdown)' },
      table: { type: { kind: 'ref', what: 'table' }, repeat: true, doc: 'a declared table, or a construct output table' },
    },
    outputs: {},
  },
  mac: planned(4, 'marginal abatement cost curves fitted to points derived from GDP and emission series'),
  survey: planned(5, 'an expert survey: respondents × items on a Likert scale'),
  screen: planned(5, 'factor screening: k-means by silhouette, Kruskal–Wallis, keep by coefficient of variation'),
  panel: planned(7, 'a panel data source indexed by (unit, time)'),
  weights: planned(7, 'a spatial weight matrix'),
  moran: planned(7, "global Moran's I by period"),
  estimate: planned(7, 'a spatial panel estimator (SAR, SEM, SDM, SDEM; dynamic in issue 8)'),
  effects: planned(7, 'direct, indirect and total effects of an estimate'),
  variants: planned(8, 'robustness variants of an estimate'),
};

/** Lower a property block; `overSet` is the resolved set of `over` if the construct has one. */
export function lowerProps(ck: Checker, decl: Extract<A.Decl, { kind: 'block' }>, spec: ConstructSpec, overSet: string | undefined, scope: Scope, tables: Set<string>): Record<string, PExprProp> {
  const out: Record<string, PExprProp> = {};
  const seen = new Map<string, A.Prop>();
  const list: Array<{ expr?: PExpr; label?: string; name: string }> = [];
  for (const p of decl.props) {
    const name = p.name.text;
    const ps = spec.props[name];
    if (!ps) {
      ck.error('E107', p.name.span, `${decl.construct.text} has no property '${name}'`, suggest(name, Object.keys(spec.props)) ?? `its properties are: ${Object.keys(spec.props).join(', ') || '(none)'}`);
      continue;
    }
    if (seen.has(name) && !ps.repeat) ck.error('E101', p.name.span, `property '${name}' is set twice`, 'keep one');
    seen.set(name, p);
    const t = ps.type;
    if (t.kind === 'fn') {
      const params = p.params ?? [];
      if (params.length !== t.params) { ck.error('E118', p.span, `${name} takes ${t.params} parameter(s): write ${name}(S) = ...`); continue; }
      if (!p.value) { ck.error('E108', p.span, `${name}(...) needs a value`); continue; }
      const inner = scope.child(Object.fromEntries(params.map((q) => [q.text, { k: 'setvar' as const, of: overSet ?? '#any' }])));
      const c = ck.expr(p.value, inner);
      ck.expectConstNum(c, p.value.span);
      out[name] = { expr: c.p, params: params.map((q) => q.text) };
      continue;
    }
    if (p.params) { ck.error('E118', p.span, `property '${name}' takes no parameters`); continue; }
    if (!p.value && t.kind !== 'ref') { ck.error('E108', p.span, `property '${name}' needs a value: ${name} = ...`, ps.doc); continue; }
    switch (t.kind) {
      case 'expr': {
        const c = ck.expr(p.value!, scope);
        if (c.ty.k === 'num') ck.expectConstNum(c, p.value!.span);
        out[name] = { expr: c.p };
        break;
      }
      case 'enum': {
        const v = p.value!;
        const word = v.kind === 'name' ? v.name : v.kind === 'str' ? v.value : undefined;
        if (!word || !t.values.includes(word)) { ck.error('E126', v.span, `'${name}' must be one of ${t.values.join(', ')}`, word ? suggest(word, t.values) : undefined); break; }
        out[name] = { expr: { op: 'str', v: word } };
        break;
      }
      case 'enum-list': {
        const v = p.value!;
        const items = v.kind === 'list' ? v.items : [v];
        const words: Array<{ name: string }> = [];
        for (const it of items) {
          const word = it.kind === 'name' ? it.name : it.kind === 'str' ? it.value : undefined;
          if (!word || !t.values.includes(word)) ck.error('E126', it.span, `'${name}' items must be among ${t.values.join(', ')}`, word ? suggest(word, t.values) : undefined);
          else words.push({ name: word });
        }
        out[name] = { list: words };
        break;
      }
      case 'text': {
        const v = p.value!;
        if (v.kind !== 'str') { ck.error('E104', v.span, `'${name}' must be a string`, `write ${name} = "..."`); break; }
        if (ps.repeat) list.push({ name, label: v.value }); else out[name] = { expr: { op: 'str', v: v.value } };
        break;
      }
      case 'ref': {
        const target = p.label?.text ?? (p.value?.kind === 'name' ? p.value.name : undefined);
        const span = p.label?.span ?? p.value?.span ?? p.span;
        if (!target) { ck.error('E108', p.span, `'${name}' needs the name of a table`, `write ${name} NAME`); break; }
        if (!tables.has(target)) { ck.error('E100', span, `unknown table '${target}'`, suggest(target, tables) ?? 'declare it with `table NAME by ... { ... }`'); break; }
        list.push({ name, label: target });
        break;
      }
    }
  }
  for (const [name, ps] of Object.entries(spec.props)) {
    if (ps.required && !seen.has(name)) ck.error('E108', decl.construct.span, `${decl.construct.text} '${decl.name?.text ?? ''}' needs the property '${name}'`, ps.doc);
  }
  if (list.length) out['items'] = { list };
  return out;
}

export { Scope };
