// Lowering of the property kinds only `game` uses: value(S) = ... (a function of a coalition of `over`) and
// focus = player (a member of `over`, bare or quoted).
import type { PropLowering } from '../../compiler/prop-lowering.ts';
import { suggest } from '../../diagnostics/index.ts';

const fn: PropLowering<'fn'> = {
  params: true,
  lower(cx, p, t) {
    const { ck } = cx;
    const name = p.name.text;
    const params = p.params ?? [];
    if (params.length !== t.params) {
      ck.error('E118', p.span, `${name} takes ${t.params} parameter(s): write ${name}(S) = ...`);
      return;
    }
    if (!p.value) {
      ck.error('E108', p.span, `${name}(...) needs a value`);
      return;
    }
    const inner = cx.scope.child(
      Object.fromEntries(params.map((q) => [q.text, { k: 'setvar' as const, of: cx.overSet ?? '#any' }])),
    );
    const c = ck.expr(p.value, inner);
    ck.expectConstNum(c, p.value.span);
    cx.out[name] = { expr: c.p, params: params.map((q) => q.text) };
  },
};

const member: PropLowering<'member'> = {
  lower(cx, p) {
    const { ck, scope, overSet } = cx;
    const v = p.value!;
    // a bare word that names nothing is the member's name; anything else is an expression giving it
    const m =
      v.kind === 'name' && !scope.get(v.name) && !ck.g.declared.has(v.name)
        ? v.name
        : v.kind === 'str'
          ? v.value
          : undefined;
    if (m === undefined) {
      cx.out[p.name.text] = { expr: ck.expr(v, scope).p };
      return;
    }
    const lit = overSet ? ck.g.sets.get(overSet)?.literalMembers : undefined;
    if (lit && !lit.includes(m)) {
      ck.error(
        'E100',
        v.span,
        `'${m}' is not a member of '${overSet}'`,
        suggest(m, lit) ?? `members: ${lit.join(', ')}`,
      );
      return;
    }
    cx.out[p.name.text] = { expr: { op: 'str', v: m } };
  },
};

export const gameLowering = { kinds: { fn, member } };
