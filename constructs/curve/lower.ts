// `curve` is not a property block: `curve cost[r in region] = cubic(a[r], b[r], c[r])` declares an indexed
// entity (problems apply it to one variable, cost[r](x[r])) and lowers to a `curve` plan step of its own.
import { origin, type ConstructLowering } from '../../compiler/prop-lowering.ts';

export const curveLowering = {
  declare(ck, d, name) {
    ck.g.entities.set(name.text, {
      kind: 'curve',
      name: name.text,
      index: d.index.map((b) => b.set.text),
      type: 'number',
      span: name.span,
    });
  },
  lower(ck, d, b) {
    if (!d.value) {
      ck.error('E108', d.span, `curve '${d.name!.text}' needs a value: curve ${d.name!.text}[...] = cubic(a, b, c)`);
      return undefined;
    }
    const c = ck.expr(d.value, b.scope);
    if (c.ty.k !== 'curve' && c.ty.k !== 'any')
      ck.error(
        'E104',
        d.value.span,
        `expected a curve, found a ${c.ty.k === 'num' ? 'number' : c.ty.k}`,
        'build it with poly(c0, c1, ...) or cubic(a, b, c)',
      );
    if (d.props.length) ck.error('E107', d.props[0]!.name.span, 'a curve takes no properties');
    return { kind: 'curve', name: d.name!.text, index: b.its, value: c.p, origin: origin(d.span) };
  },
} satisfies ConstructLowering;
