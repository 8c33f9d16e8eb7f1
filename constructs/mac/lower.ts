// Lowering of the property kind only `mac` uses: a yearly series per member, gdp(r, y) = expression, with r
// over the construct's set and y over the years.
import type { PropLowering } from '../../compiler/prop-lowering.ts';

const series: PropLowering<'series'> = {
  params: true,
  lower(cx, p) {
    const { ck } = cx;
    const name = p.name.text;
    const params = p.params ?? [];
    if (params.length !== 2 || !p.value) {
      ck.error('E118', p.span, `${name} takes two parameters, a member and a year: ${name}(r, y) = expression`);
      return;
    }
    const inner = cx.scope.child({
      [params[0]!.text]: { k: 'it', set: cx.overSet ?? '#any', numeric: false },
      [params[1]!.text]: { k: 'it', set: '#any', numeric: true },
    });
    const c = ck.expr(p.value, inner);
    ck.expectConstNum(c, p.value.span);
    cx.out[name] = { expr: c.p, params: params.map((q) => q.text) };
  },
};

export const macLowering = { kinds: { series } };
