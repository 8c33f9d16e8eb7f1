// Construct blocks (`game coop over region { ... }`, `report { ... }`, `curve c[r in region] = ...`): declared in
// the first pass (their names, outputs and tables), lowered in the second against their spec
// (constructs/<keyword>/spec.ts), one property at a time by the lowering of its kind (constructs/lowerings.ts).
import type * as A from '../grammar/ast.ts';
import type { PExprProp, Step } from '../spec/plan.ts';
import type { ConstructSpec } from '../constructs/schema.ts';
import { CONSTRUCTS } from '../constructs/registry.ts';
import { CONSTRUCT_LOWERINGS, PROP_LOWERINGS } from '../constructs/lowerings.ts';
import { suggest } from '../diagnostics/index.ts';
import type { Checker, Scope } from './check.ts';
import { BOOL, NUM, type Ty } from './types.ts';
import { needsValue, origin, type BlockDecl, type PropContext, type PropLowering } from './prop-lowering.ts';
import type { OutputType, PropKindName } from '../constructs/schema.ts';

/** The compiler's type of each kind of construct output. */
export const OUTPUT_TYPES: Record<OutputType, Ty> = { num: NUM, bool: BOOL, curve: { k: 'curve' } };

/** The tables a report or a chart may name, and the column keys of those whose columns are known. */
export interface KnownTables {
  tables: Set<string>;
  tableColumns: Map<string, Set<string>>;
}

/** First pass: the construct's name, the tables it writes and the outputs expressions may read. */
export function declareBlock(ck: Checker, d: BlockDecl, declare: (n: A.Name) => boolean, known: KnownTables): void {
  const spec: ConstructSpec = CONSTRUCTS[d.construct.text];
  if (spec.named && !d.name) {
    ck.error('E108', d.construct.span, `a ${d.construct.text} needs a name`, `write ${d.construct.text} NAME ...`);
    return;
  }
  if (!d.name || !declare(d.name)) return;
  const own = CONSTRUCT_LOWERINGS[d.construct.text].declare;
  if (own) return own(ck, d, d.name);
  for (const [suffix, cols] of Object.entries(spec.tables ?? {})) {
    known.tables.add(`${d.name.text}${suffix}`);
    if (cols) known.tableColumns.set(`${d.name.text}${suffix}`, new Set(cols));
  }
  const overSet = d.over?.kind === 'name' ? d.over.name : undefined;
  // a construct with a data-source property (a panel) gives its data to the constructs that use it
  const dataProp = Object.entries(spec.props).find(([, p]) => p.type.kind === 'data')?.[0];
  const data = d.props.find((p) => p.name.text === dataProp)?.value;
  ck.g.constructs.set(d.name.text, {
    construct: d.construct.text,
    name: d.name.text,
    ...(data?.kind === 'name' ? { data: data.name } : {}),
    outputs: new Map(
      Object.entries(spec.outputs).map(([k, o]) => [
        k,
        { index: o.index.map(() => overSet ?? '#any'), type: OUTPUT_TYPES[o.type] },
      ]),
    ),
  });
}

/** Second pass: the block checked against its spec and lowered to a plan step. */
export function lowerBlock(ck: Checker, d: BlockDecl, root: Scope, known: KnownTables): Step | undefined {
  const spec: ConstructSpec = CONSTRUCTS[d.construct.text];
  const b = ck.bindIndex(d.index, root);
  const own = CONSTRUCT_LOWERINGS[d.construct.text].lower;
  if (own) return own(ck, d, b);
  let overSet: string | undefined;
  if (spec.over) {
    if (!d.over) {
      ck.error(
        'E108',
        d.construct.span,
        `${d.construct.text} '${d.name?.text}' needs 'over SET'`,
        `write ${d.construct.text} ${d.name?.text} over region { ... }`,
      );
      return undefined;
    }
    if (d.over.kind !== 'name') {
      ck.error('E104', d.over.span, 'over takes the name of a set');
      return undefined;
    }
    overSet = ck.setNamed({ text: d.over.name, span: d.over.span })?.name;
  } else if (d.over) ck.error('E107', d.over.span, `${d.construct.text} takes no 'over'`);
  if (d.value) ck.error('E107', d.value.span, `${d.construct.text} takes a property block, not '= value'`);
  const props = lowerProps({ ck, decl: d, spec, overSet, scope: b.scope, ...known, out: {}, items: [] });
  if (overSet) props['over'] = { expr: { op: 'set', name: overSet } };
  return {
    kind: 'construct',
    construct: d.construct.text,
    name: d.name?.text ?? d.construct.text,
    index: b.its,
    ...(d.title ? { title: d.title } : {}),
    props,
    origin: origin(d.span),
  };
}

/** The property kinds whose list items may carry a label in quotes: `of = [sar "SAR", sem]`. */
const LABELLED_KINDS: ReadonlySet<PropKindName> = new Set(['models', 'labelled']);

/** Each property by the lowering of its kind, then the required ones that are missing. */
function lowerProps(cx: PropContext): Record<string, PExprProp> {
  const { ck, decl, spec } = cx;
  const seen = new Map<string, A.Prop>();
  for (const p of decl.props) {
    const name = p.name.text;
    const ps = Object.hasOwn(spec.props, name) ? spec.props[name] : undefined;
    if (!ps) {
      ck.error(
        'E107',
        p.name.span,
        `${decl.construct.text} has no property '${name}'`,
        suggest(name, Object.keys(spec.props)) ??
          `its properties are: ${Object.keys(spec.props).join(', ') || '(none)'}`,
      );
      continue;
    }
    if (seen.has(name) && !ps.repeat) ck.error('E101', p.name.span, `property '${name}' is set twice`, 'keep one');
    seen.set(name, p);
    const label = p.value?.kind === 'list' ? p.value.labels?.find((l) => l) : undefined;
    if (label && !LABELLED_KINDS.has(ps.type.kind)) {
      ck.error(
        'E104',
        label.span,
        `the items of '${name}' take no label in quotes`,
        'labels go in the lists of tables of estimates and in the report block (of, terms, labels)',
      );
      continue;
    }
    const lowering = PROP_LOWERINGS[ps.type.kind] as PropLowering<PropKindName>;
    if (!lowering.params && p.params) {
      ck.error('E118', p.span, `property '${name}' takes no parameters`);
      continue;
    }
    if (!lowering.params && !lowering.valueOptional && !needsValue(cx, p, ps)) continue;
    lowering.lower(cx, p, ps.type as never, ps);
  }
  for (const [name, ps] of Object.entries(spec.props)) {
    if (ps.required && !seen.has(name))
      ck.error(
        'E108',
        decl.construct.span,
        `${decl.construct.text} '${decl.name?.text ?? ''}' needs the property '${name}'`,
        ps.doc,
      );
  }
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((g) => seen.has(g));
    if (given.length > 1)
      ck.error(
        'E126',
        seen.get(given[1]!)!.name.span,
        `give one of ${group.join(', ')}, not ${given.join(' and ')}`,
        `keep ${given[0]} = ... or ${given[1]} = ...`,
      );
  }
  if (cx.items.length) cx.out['items'] = { list: cx.items };
  return cx.out;
}
