// Lowering parameters and results: the value at the declaration's own index (a whole data column is read at
// it), its type and unit checked, and for a parameter every override that applies in the chosen scenario.
import type * as A from '../grammar/ast.ts';
import type { PExpr, Step } from '../spec/plan.ts';
import { diag, suggest } from '../diagnostics/index.ts';
import type { Checker, EntityInfo, Globals, Scope } from './check.ts';
import { origin } from './prop-lowering.ts';
import type { ResolvedOverride } from './scenarios.ts';
import { unitEqual, unitText } from './units.ts';

export function lowerValued(
  ck: Checker,
  d: A.Decl & { kind: 'param' | 'result' },
  root: Scope,
  g: Globals,
  overrides: ResolvedOverride[],
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
  const param: ParamInContext = { ck, d, b, ent, type, root };
  return { kind: 'param', ...common, overrides: overrides.map((o) => lowerOverride(param, o)) };
}

/** What checking an override of a parameter needs to know of the parameter. */
interface ParamInContext {
  ck: Checker;
  d: A.Decl & { kind: 'param' | 'result' };
  b: ReturnType<Checker['bindIndex']>;
  ent: EntityInfo;
  type: 'number' | 'string' | 'bool';
  root: Scope;
}

/** One override of a parameter (a scenario's, a YAML file's or --set's): its members checked, its value lowered. */
function lowerOverride(param: ParamInContext, o: ResolvedOverride): { idx: string[]; value: PExpr; source: string } {
  const { ck, d, b, ent, type, root } = param;
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
}
