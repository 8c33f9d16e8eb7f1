// Lowering construct properties, one function per property kind (constructs/schema.ts PropKind). The kinds
// several constructs use are here; a kind only one construct uses is lowered in that construct's lower.ts, and
// constructs/lowerings.ts puts the two together into one table typed over every kind.
import type * as A from '../grammar/ast.ts';
import type { Origin, PExpr, PExprProp, Step } from '../spec/plan.ts';
import type { ConstructSpec, PropKind, PropKindName, PropSpec } from '../constructs/schema.ts';
import { suggest } from '../diagnostics/index.ts';
import type { Checker, Scope } from './check.ts';
import { dataOf, formulaTerm, formulaText, splitTerms } from './formula.ts';

export type BlockDecl = Extract<A.Decl, { kind: 'block' }>;

/** Where a plan step comes from in the model. */
export const origin = (s: A.Span): Origin => ({ line: s.start.line, col: s.start.col });

/** What lowering one property of a block sees, and where it writes. */
export interface PropContext {
  ck: Checker;
  decl: BlockDecl;
  spec: ConstructSpec;
  /** the resolved set of `over`, if the construct has one */
  overSet: string | undefined;
  scope: Scope;
  /** every table a report may name, and the column keys of those whose columns are known */
  tables: Set<string>;
  tableColumns: Map<string, Set<string>>;
  /** the lowered properties, by name */
  out: Record<string, PExprProp>;
  /** repeated properties, lowered in order into the `items` list */
  items: Array<{ expr?: PExpr; label?: string; name: string }>;
}

export interface PropLowering<K extends PropKindName> {
  /** the kind takes parameters (value(S) = ..., gdp(r, y) = ...): its lowering checks them and the value */
  params?: boolean;
  /** the property may stand without `= value` (report's `table NAME`) */
  valueOptional?: boolean;
  lower(cx: PropContext, p: A.Prop, t: Extract<PropKind, { kind: K }>, ps: PropSpec): void;
}

export type PropLowerings = { readonly [K in PropKindName]: PropLowering<K> };

/** A construct's own lowering (its lower.ts): the property kinds only it uses, and what it does differently. */
export interface ConstructLowering {
  kinds?: Partial<PropLowerings>;
  /** declare a named construct other than as a construct with outputs (a curve is an indexed entity) */
  declare?: (ck: Checker, d: BlockDecl, name: A.Name) => void;
  /** lower a construct that is not a property block, to a plan step of its own (a curve: `= value`) */
  lower?: (ck: Checker, d: BlockDecl, index: ReturnType<Checker['bindIndex']>) => Step | undefined;
}

/** The property's value, or error E108 (a property that is not a flag needs `= value`). */
export function needsValue(cx: PropContext, p: A.Prop, ps: PropSpec): p is A.Prop & { value: A.Expr } {
  if (p.value) return true;
  const name = p.name.text;
  cx.ck.error('E108', p.span, `property '${name}' needs a value: ${name} = ...`, ps.doc);
  return false;
}

/** A bare word or a string: `model = sdm`, `model = "sdm"`. */
export const wordOf = (e: A.Expr): string | undefined =>
  e.kind === 'name' ? e.name : e.kind === 'str' ? e.value : undefined;

/** The columns of the data behind a construct's panel (for formula terms), if known. */
function panelColumns(cx: PropContext) {
  const dn = dataOf(cx.ck, cx.decl, 'panel');
  return { dn, cols: dn ? cx.ck.g.data.get(dn)?.columns : undefined };
}

type ListProp = Extract<PExprProp, { list: unknown }>;

/** The items of a list value (or the one value), each with the label in quotes that follows it. */
export const itemsOf = (v: A.Expr): Array<{ e: A.Expr; label?: A.Name | undefined }> =>
  v.kind === 'list' ? v.items.map((e, i) => ({ e, label: v.labels?.[i] })) : [{ e: v }];

/** `terms = [log(pcap) "ln public capital", rho]`: names or formula terms, each with an optional label. */
function lowerLabelled(cx: PropContext, name: string, v: A.Expr): ListProp {
  const list: ListProp['list'] = [];
  for (const { e, label } of itemsOf(v)) {
    if (e.kind === 'str' || e.kind === 'num' || e.kind === 'list') {
      cx.ck.error(
        'E104',
        e.span,
        `'${name}' lists names or terms, each followed by its label: [log(pcap) "ln public capital", rho]`,
        e.kind === 'str' ? 'a label follows the name it labels, without a comma' : undefined,
      );
      continue;
    }
    const text = formulaText(e);
    if (list.some((x) => x.name === text)) {
      cx.ck.error('E101', e.span, `'${text}' is listed twice in '${name}'`, 'list each once');
      continue;
    }
    list.push({ name: text, ...(label ? { label: label.text } : {}) });
  }
  return { list };
}

/** `stars = [0.1, 0.05, 0.01]` (decreasing, in (0, 1), at most three) or `stars = none`. */
function lowerLevels(cx: PropContext, name: string, v: A.Expr): ListProp | undefined {
  if (v.kind === 'name' && v.name === 'none') return { list: [] };
  const levels: number[] = [];
  for (const e of v.kind === 'list' ? v.items : [v]) {
    const x = e.kind === 'num' ? e.value : NaN;
    if (!(x > 0 && x < 1) || (levels.length > 0 && x >= levels[levels.length - 1]!)) {
      cx.ck.error(
        'E126',
        e.span,
        `'${name}' are decreasing significance levels between 0 and 1`,
        `e.g. ${name} = [0.1, 0.05, 0.01] for *, **, ***, or ${name} = none`,
      );
      return undefined;
    }
    levels.push(x);
  }
  if (levels.length > 3) {
    cx.ck.error('E126', v.span, `'${name}' has at most three levels (*, **, ***)`, `e.g. ${name} = [0.1, 0.05, 0.01]`);
    return undefined;
  }
  return { list: levels.map((x) => ({ name: String(x), expr: { op: 'num', v: x } })) };
}

/** `digits = 3` (decimals) or `digits = significant(3)`. */
function lowerDigits(cx: PropContext, name: string, v: A.Expr): { expr: PExpr } | undefined {
  const sig = v.kind === 'call' && v.callee.kind === 'name' && v.callee.name === 'significant';
  const n = sig ? (v as Extract<A.Expr, { kind: 'call' }>).args[0]?.value : v;
  const ok = (x: A.Expr | undefined, lo: number): x is Extract<A.Expr, { kind: 'num' }> =>
    x?.kind === 'num' &&
    Number.isInteger(x.value) &&
    x.value >= lo &&
    x.value <= 15 &&
    (!sig || v.kind !== 'call' || v.args.length === 1);
  if (!ok(n, sig ? 1 : 0)) {
    cx.ck.error(
      'E126',
      v.span,
      `'${name}' is a number of decimals from 0 to 15, or significant(n) with n from 1 to 15`,
      `e.g. ${name} = 3 or ${name} = significant(3)`,
    );
    return undefined;
  }
  return {
    expr: sig ? { op: 'call', fn: 'significant', args: [{ op: 'num', v: n.value }] } : { op: 'num', v: n.value },
  };
}

/** The kinds shared by several constructs. */
export const SHARED_PROP_LOWERINGS = {
  expr: {
    lower(cx, p) {
      const c = cx.ck.expr(p.value!, cx.scope);
      if (c.ty.k === 'num') cx.ck.expectConstNum(c, p.value!.span);
      cx.out[p.name.text] = { expr: c.p };
    },
  },
  enum: {
    lower(cx, p, t) {
      const name = p.name.text;
      const v = p.value!;
      const word = wordOf(v);
      if (!word || !t.values.includes(word)) {
        cx.ck.error(
          'E126',
          v.span,
          `'${name}' must be one of ${t.values.join(', ')}`,
          word ? suggest(word, t.values) : undefined,
        );
        return;
      }
      cx.out[name] = { expr: { op: 'str', v: word } };
    },
  },
  'enum-list': {
    lower(cx, p, t) {
      const name = p.name.text;
      const v = p.value!;
      const words: Array<{ name: string }> = [];
      for (const it of v.kind === 'list' ? v.items : [v]) {
        const word = wordOf(it);
        if (!word || !t.values.includes(word))
          cx.ck.error(
            'E126',
            it.span,
            `'${name}' items must be among ${t.values.join(', ')}`,
            word ? suggest(word, t.values) : undefined,
          );
        else words.push({ name: word });
      }
      cx.out[name] = { list: words };
    },
  },
  text: {
    lower(cx, p, _t, ps) {
      const name = p.name.text;
      const v = p.value!;
      if (v.kind !== 'str') {
        cx.ck.error('E104', v.span, `'${name}' must be a string`, `write ${name} = "..."`);
        return;
      }
      if (ps.repeat) cx.items.push({ name, label: v.value });
      else cx.out[name] = { expr: { op: 'str', v: v.value } };
    },
  },
  construct: {
    lower(cx, p, t) {
      const { ck } = cx;
      const name = p.name.text;
      const v = p.value!;
      const target = v.kind === 'name' ? v.name : undefined;
      const c = target ? ck.g.constructs.get(target) : undefined;
      if (!target || !c || c.construct !== t.of) {
        const names = [...ck.g.constructs.values()].filter((x) => x.construct === t.of).map((x) => x.name);
        ck.error(
          target && !ck.g.declared.has(target) ? 'E100' : 'E104',
          v.span,
          `'${name}' must name a ${t.of}`,
          (target && suggest(target, names)) ??
            (names.length ? `${t.of}s: ${names.join(', ')}` : `declare one with \`${t.of} NAME over SET { ... }\``),
        );
        return;
      }
      ck.deps.add(target);
      cx.out[name] = { expr: { op: 'str', v: target } };
    },
  },
  formula: {
    lower(cx, p) {
      const { ck } = cx;
      const name = p.name.text;
      const v = p.value!;
      if (v.kind !== 'formula') {
        ck.error('E104', v.span, `'${name}' must be a formula: y ~ x1 + x2`);
        return;
      }
      const { dn, cols } = panelColumns(cx);
      const lhs = formulaTerm(ck, v.lhs, cols, dn);
      const terms = splitTerms(v.rhs).map((term) => ({
        name: formulaText(term),
        expr: formulaTerm(ck, term, cols, dn),
      }));
      const dup = terms.find((x, i) => terms.findIndex((y) => y.name === x.name) !== i);
      if (dup) ck.error('E101', v.rhs.span, `the term ${dup.name} appears twice in the formula`);
      cx.out[name] = { list: [{ name: formulaText(v.lhs), expr: lhs }, ...terms] };
    },
  },
  term: {
    lower(cx, p) {
      const { dn, cols } = panelColumns(cx);
      cx.out[p.name.text] = { expr: formulaTerm(cx.ck, p.value!, cols, dn), label: formulaText(p.value!) };
    },
  },
  labelled: {
    lower(cx, p) {
      cx.out[p.name.text] = lowerLabelled(cx, p.name.text, p.value!);
    },
  },
  levels: {
    lower(cx, p) {
      const r = lowerLevels(cx, p.name.text, p.value!);
      if (r) cx.out[p.name.text] = r;
    },
  },
  digits: {
    lower(cx, p) {
      const r = lowerDigits(cx, p.name.text, p.value!);
      if (r) cx.out[p.name.text] = r;
    },
  },
} satisfies Partial<PropLowerings>;
