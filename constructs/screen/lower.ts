// Lowering of the property kinds only `screen` uses: keep = lowest(cv, 1) (a rule) and within = items.category
// or within(i) = expression (each item's group).
import type * as A from '../../grammar/ast.ts';
import type { PExpr } from '../../spec/plan.ts';
import { needsValue, type PropLowering } from '../../compiler/prop-lowering.ts';
import { suggest } from '../../diagnostics/index.ts';

const rule: PropLowering<'rule'> = {
  lower(cx, p, t) {
    const { ck } = cx;
    const name = p.name.text;
    const v = p.value!;
    const fn = v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : undefined;
    if (!fn || !t.fns.includes(fn)) {
      ck.error(
        'E126',
        v.span,
        `'${name}' must be ${t.fns.map((f) => `${f}(score, count)`).join(' or ')}`,
        fn ? suggest(fn, t.fns) : `e.g. ${name} = lowest(cv, 1)`,
      );
      return;
    }
    const args = (v as Extract<A.Expr, { kind: 'call' }>).args;
    const score = args[0]?.value;
    const scoreName = score?.kind === 'name' ? score.name : undefined;
    if (!scoreName || !t.scores.includes(scoreName)) {
      ck.error(
        'E126',
        score?.span ?? v.span,
        `the score must be one of ${t.scores.join(', ')}`,
        scoreName ? suggest(scoreName, t.scores) : undefined,
      );
      return;
    }
    if (args.length > 2) {
      ck.error('E118', v.span, `${fn} takes a score and a count`);
      return;
    }
    const count = args[1] ? ck.expr(args[1].value, cx.scope) : undefined;
    if (count && args[1]) ck.expectConstNum(count, args[1].value.span);
    cx.out[name] = { expr: { op: 'call', fn, args: [{ op: 'str', v: scoreName }, count?.p ?? { op: 'num', v: 1 }] } };
  },
};

/** within(i) = expression over the items, or within = a data column keyed by item or a parameter indexed by them. */
const perItem: PropLowering<'per-item'> = {
  params: true,
  lower(cx, p, _t, ps) {
    const { ck } = cx;
    const name = p.name.text;
    if (p.params) {
      if (p.params.length !== 1 || !p.value) {
        ck.error('E118', p.span, `${name} takes one parameter: ${name}(i) = expression`);
        return;
      }
      const inner = cx.scope.child({ [p.params[0]!.text]: { k: 'it', set: cx.overSet ?? '#any', numeric: false } });
      cx.out[name] = { expr: ck.expr(p.value, inner).p, params: [p.params[0]!.text] };
      return;
    }
    if (!needsValue(cx, p, ps)) return;
    const v = p.value;
    const c = ck.expr(v, cx.scope);
    const byItem: PExpr[] = [{ op: 'it', name: '#item' }];
    if (c.ty.k === 'column') {
      const d = ck.g.data.get(c.ty.data)!;
      if (d.key.length !== 1) {
        ck.error(
          'E102',
          v.span,
          `'${c.ty.data}' is keyed by ${d.key.length} columns; write ${name}(i) = ${c.ty.data}.${c.ty.column}[i, ...]`,
        );
        return;
      }
      cx.out[name] = { expr: { op: 'col', data: c.ty.data, column: c.ty.column, idx: byItem }, params: ['#item'] };
    } else if (c.ty.k === 'entity' && c.ty.index.length === 1) {
      cx.out[name] = {
        expr: { ...(c.p as Extract<PExpr, { idx: PExpr[] }>), idx: byItem } as PExpr,
        params: ['#item'],
      };
    } else
      ck.error(
        'E104',
        v.span,
        `'${name}' must give each item a group: a data column keyed by item (items.category) or a parameter indexed by the items`,
      );
  },
};

export const screenLowering = { kinds: { rule, 'per-item': perItem } };
