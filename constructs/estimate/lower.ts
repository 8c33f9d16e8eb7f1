// Lowering of the property kind only `estimate` uses: durbin = all, or a list of terms of its formula.
import type { PropLowering } from '../../compiler/prop-lowering.ts';
import { formulaText, splitTerms } from '../../compiler/formula.ts';
import { suggest } from '../../diagnostics/index.ts';

const columns: PropLowering<'columns'> = {
  lower(cx, p) {
    const name = p.name.text;
    const v = p.value!;
    if (v.kind === 'name' && v.name === 'all') {
      cx.out[name] = { list: [{ name: '#all' }] };
      return;
    }
    const items = v.kind === 'list' ? v.items : [v];
    // the terms must be terms of the construct's formula
    const f = cx.decl.props.find((q) => q.name.text === 'formula')?.value;
    const terms = f?.kind === 'formula' ? splitTerms(f.rhs).map(formulaText) : undefined;
    for (const it of items) {
      const t = formulaText(it);
      if (terms && !terms.includes(t))
        cx.ck.error(
          'E116',
          it.span,
          `'${t}' is not a term of the formula`,
          suggest(t, terms) ?? `terms: ${terms.join(', ')}`,
        );
    }
    cx.out[name] = { list: items.map((it) => ({ name: formulaText(it) })) };
  },
};

export const estimateLowering = { kinds: { columns } };
