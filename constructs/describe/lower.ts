// Lowering of the property kind only `describe` uses: a list of formula terms, [carbon, coagg, log(pgdp)], each
// a column of the panel's data or a function of columns.
import type { PropLowering } from '../../compiler/prop-lowering.ts';
import { dataOf, formulaTerm, formulaText } from '../../compiler/formula.ts';

const terms: PropLowering<'terms'> = {
  lower(cx, p) {
    const v = p.value!;
    const dn = dataOf(cx.ck, cx.decl, 'panel');
    const cols = dn ? cx.ck.g.data.get(dn)?.columns : undefined;
    const items = v.kind === 'list' ? v.items : [v];
    cx.out[p.name.text] = {
      list: items.map((it) => ({ name: formulaText(it), expr: formulaTerm(cx.ck, it, cols, dn) })),
    };
  },
};

export const describeLowering = { kinds: { terms } };
