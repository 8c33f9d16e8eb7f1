// Lowering of the property kind only `table` uses: of = [sar "SAR", sem, robust]: the constructs whose columns
// the table sets side by side, each with an optional head in quotes.
import type { PropContext, PropLowering } from '../../compiler/prop-lowering.ts';
import { itemsOf } from '../../compiler/prop-lowering.ts';
import { suggest } from '../../diagnostics/index.ts';

const models: PropLowering<'models'> = {
  lower(cx: PropContext, p, t) {
    const { ck } = cx;
    const name = p.name.text;
    const list: Array<{ name: string; label?: string }> = [];
    for (const { e, label } of itemsOf(p.value!)) {
      const target = e.kind === 'name' ? e.name : undefined;
      const c = target ? ck.g.constructs.get(target) : undefined;
      if (!target || !c || !t.of.includes(c.construct)) {
        const names = [...ck.g.constructs.values()].filter((x) => t.of.includes(x.construct)).map((x) => x.name);
        ck.error(
          target && !ck.g.declared.has(target) ? 'E100' : 'E104',
          e.span,
          target && c
            ? `'${target}' is a ${c.construct}; '${name}' lists ${t.of.join(', ')} constructs`
            : target
              ? `unknown name '${target}': '${name}' lists ${t.of.join(', ')} constructs`
              : `'${name}' lists ${t.of.join(', ')} constructs by name`,
          (target && suggest(target, names)) ??
            (names.length ? `candidates: ${names.join(', ')}` : `declare an estimate first`),
        );
        continue;
      }
      if (list.some((x) => x.name === target)) {
        ck.error('E101', e.span, `'${target}' is listed twice`, 'each model is one column; list it once');
        continue;
      }
      ck.deps.add(target);
      list.push({ name: target, ...(label ? { label: label.text } : {}) });
    }
    cx.out[name] = { list };
  },
};

export const tableLowering = { kinds: { models } };
