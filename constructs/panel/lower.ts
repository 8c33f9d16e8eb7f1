// Lowering of the property kinds only `panel` uses: data = a data source, and unit / time = its columns.
import type { PropLowering } from '../../compiler/prop-lowering.ts';
import { wordOf } from '../../compiler/prop-lowering.ts';
import { dataOf } from '../../compiler/formula.ts';
import { suggest } from '../../diagnostics/index.ts';

const data: PropLowering<'data'> = {
  lower(cx, p) {
    const { ck } = cx;
    const v = p.value!;
    const dn = v.kind === 'name' ? v.name : undefined;
    if (!dn || !ck.g.data.has(dn)) {
      ck.error(
        'E100',
        v.span,
        `'${p.name.text}' must name a data source`,
        (dn && suggest(dn, ck.g.data.keys())) ?? `data sources: ${[...ck.g.data.keys()].join(', ') || '(none)'}`,
      );
      return;
    }
    ck.deps.add(dn);
    cx.out[p.name.text] = { expr: { op: 'str', v: dn } };
  },
};

const column: PropLowering<'column'> = {
  lower(cx, p, t) {
    const { ck } = cx;
    const name = p.name.text;
    const v = p.value!;
    const col = wordOf(v);
    if (!col) {
      ck.error('E104', v.span, `'${name}' names a column`);
      return;
    }
    const dn = dataOf(ck, cx.decl, t.of);
    const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
    if (cols && !cols.has(col)) {
      ck.error(
        'E116',
        v.span,
        `data source '${dn}' has no column '${col}'`,
        suggest(col, cols.keys()) ?? `its columns: ${[...cols.keys()].join(', ')}`,
      );
      return;
    }
    cx.out[name] = { expr: { op: 'str', v: col } };
  },
};

export const panelLowering = { kinds: { data, column } };
