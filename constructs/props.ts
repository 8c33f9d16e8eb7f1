// Typed construct properties. From a spec (constructs/<keyword>/spec.ts) this module derives the TypeScript type
// of the properties its runner reads (PropsOf), and decodes a plan step's lowered properties into that type,
// checking their shape as it goes (a plan is JSON: it may come from a file, not from this compiler). Runners
// therefore read `props.model`, never `step.props['model'] as {...}`.
import type { PExpr, PExprProp, Step } from '../spec/plan.ts';
import { CONSTRUCTS, type ConstructKeyword, type SpecOf } from './registry.ts';
import type { ConstructSpec, MethodSchema, PropKind, PropKindName, RunChangeSchema } from './schema.ts';

export type CallExpr = Extract<PExpr, { op: 'call' }>;
/** A formula term as tables show it (coagg^2, log(pgdp)) and as an expression of one panel row. */
export interface Term {
  name: string;
  expr: PExpr;
}
export interface Formula {
  lhs: Term;
  terms: Term[];
}
/** An expression with parameters: value(S) = ..., gdp(r, y) = ..., lon(u) = ..., within(i) = ... */
export interface Fn {
  expr: PExpr;
  params: string[];
}
export interface Chart {
  id: string;
  call: CallExpr;
}

type Words<T> = T extends { readonly values: readonly (infer W)[] } ? W : never;
type MethodCall<M> = {
  [F in keyof M & string]: { fn: F; args: { [A in M[F] extends MethodSchema ? M[F]['args'][number] : never]?: PExpr } };
}[keyof M & string];
type ChangeValue<C> = C extends { value: 'construct' }
  ? string
  : C extends { value: 'word'; words: readonly (infer W)[] }
    ? W
    : C extends { value: 'numbers' }
      ? PExpr[]
      : C extends { value: 'condition' }
        ? PExpr
        : C extends { value: 'formula' }
          ? Formula
          : never;
/** One robustness run: its heading and what it changes (each change at most once). */
export interface Run<C> {
  name: string;
  changes: { [K in keyof C as C[K] extends { value: 'label' } ? never : K]?: ChangeValue<C[K]> };
}

/** A name (a construct, a formula term) with the label the model gives it: `sar "SAR"`, `log(pcap) "ln capital"`. */
export interface Labelled {
  key: string;
  label?: string;
}
/** Fixed decimals (`digits = 3`) or significant digits (`digits = significant(3)`). */
export type Digits = { digits: number } | { significant: number };

/** The type a runner reads for a property of this kind. */
export type ValueOf<T extends PropKind> = T extends { kind: 'expr' | 'member' }
  ? PExpr
  : T extends { kind: 'fn' | 'per-item' | 'series' | 'unit-fn' }
    ? Fn
    : T extends { kind: 'enum' }
      ? Words<T>
      : T extends { kind: 'enum-list' }
        ? Array<Words<T>>
        : T extends { kind: 'text' | 'ref' | 'construct' | 'data' | 'column' }
          ? string
          : T extends { kind: 'rule'; fns: readonly (infer F)[]; scores: readonly (infer S)[] }
            ? { fn: F; score: S; count: PExpr }
            : T extends { kind: 'chart' }
              ? Chart
              : T extends { kind: 'columns' }
                ? 'all' | string[]
                : T extends { kind: 'method'; fns: infer M }
                  ? MethodCall<M>
                  : T extends { kind: 'formula' }
                    ? Formula
                    : T extends { kind: 'term' }
                      ? Term
                      : T extends { kind: 'terms' }
                        ? Term[]
                        : T extends { kind: 'runs'; changes: infer C }
                          ? Array<Run<C>>
                          : T extends { kind: 'models' | 'labelled' }
                            ? Labelled[]
                            : T extends { kind: 'levels' }
                              ? number[]
                              : T extends { kind: 'digits' }
                                ? Digits
                                : never;

type PropsTable<S extends ConstructSpec> = S['props'];
type Single<S extends ConstructSpec> = {
  [P in keyof PropsTable<S>]: PropsTable<S>[P] extends { repeat: true } ? never : P;
}[keyof PropsTable<S>];
type Repeated<S extends ConstructSpec> = Exclude<keyof PropsTable<S>, Single<S>>;
type Needed<S extends ConstructSpec> = {
  [P in Single<S>]: PropsTable<S>[P] extends { required: true } ? P : never;
}[Single<S>];
type Item<S extends ConstructSpec> = {
  [P in Repeated<S>]: { name: P; value: ValueOf<PropsTable<S>[P]['type']> };
}[Repeated<S>];

/**
 * The decoded properties of a construct: required ones always there, optional ones possibly undefined; `over`
 * (the set's name) for a construct over a set; `items`, in the order written, for repeated properties.
 */
export type PropsOf<S extends ConstructSpec> = {
  [P in Needed<S>]: ValueOf<PropsTable<S>[P]['type']>;
} & { [P in Exclude<Single<S>, Needed<S>>]?: ValueOf<PropsTable<S>[P]['type']> } & (S extends { over: true }
    ? { over: string }
    : unknown) &
  ([Repeated<S>] extends [never] ? unknown : { items: Array<Item<S>> });

export type ConstructProps<K extends ConstructKeyword> = PropsOf<SpecOf<K>>;

// ---- decoding

/** A decoding failure: the plan's property does not have the shape its spec gives it. */
export class PropShapeError extends Error {
  constructor(
    readonly prop: string,
    problem: string,
  ) {
    super(`property '${prop}' ${problem}`);
    this.name = 'PropShapeError';
  }
}

type ListItem = Extract<PExprProp, { list: unknown }>['list'][number];
interface Decoder<K extends PropKindName> {
  /** a property given once: its lowered value */
  prop?: (raw: PExprProp, fail: (problem: string) => never, t: Extract<PropKind, { kind: K }>) => unknown;
  /** a repeated property: one item of the `items` list */
  item?: (raw: ListItem, fail: (problem: string) => never, t: Extract<PropKind, { kind: K }>) => unknown;
}

const exprOf = (raw: PExprProp, fail: (p: string) => never): PExpr => ('expr' in raw ? raw.expr : fail('is a list'));
const listOf = (raw: PExprProp, fail: (p: string) => never): ListItem[] =>
  'list' in raw ? raw.list : fail('is not a list');
const strOf = (e: PExpr | undefined, fail: (p: string) => never): string =>
  e?.op === 'str' ? e.v : fail(`is not a name or a word (${e?.op ?? 'nothing'})`);
const callOf = (e: PExpr, fail: (p: string) => never): CallExpr => (e.op === 'call' ? e : fail('is not a call'));
const wordOf = (w: string, values: readonly string[], fail: (p: string) => never): string =>
  values.includes(w) ? w : fail(`is '${w}', not one of ${values.join(', ')}`);
const fnOf = (raw: PExprProp, fail: (p: string) => never): Fn =>
  'expr' in raw && Array.isArray(raw.params) ? { expr: raw.expr, params: raw.params } : fail('has no parameters');
const termOf = (it: ListItem, fail: (p: string) => never): Term =>
  it.expr ? { name: it.name, expr: it.expr } : fail(`has no expression for '${it.name}'`);
const name = (raw: PExprProp, fail: (p: string) => never) => strOf(exprOf(raw, fail), fail);
const text = (it: ListItem, fail: (p: string) => never) => it.label ?? fail('has no text');

/** A run of `variants`: its changes, decoded by what each change's schema says its arguments are. */
function decodeRun(it: ListItem, changes: Readonly<Record<string, RunChangeSchema>>, fail: (p: string) => never) {
  const out: Record<string, unknown> = {};
  for (const c of callOf(it.expr ?? fail('has a run without changes'), fail).args) {
    const call = callOf(c, fail);
    const schema = Object.hasOwn(changes, call.fn) ? changes[call.fn]! : fail(`has an unknown change ${call.fn}`);
    const a0 = call.args[0];
    switch (schema.value) {
      case 'construct':
        out[call.fn] = strOf(a0, fail);
        break;
      case 'word':
        out[call.fn] = wordOf(strOf(a0, fail), schema.words, fail);
        break;
      case 'numbers':
        out[call.fn] = call.args.length === schema.args ? call.args : fail(`has ${call.fn} of ${call.args.length}`);
        break;
      case 'condition':
        out[call.fn] = a0 ?? fail(`has ${call.fn}() without a condition`);
        break;
      case 'formula': {
        const [lhs, ...terms] = call.args.map((e, i) => ({ name: strOf(call.named?.[`t${i}`], fail), expr: e }));
        out[call.fn] = { lhs: lhs ?? fail('has an empty formula'), terms };
        break;
      }
      case 'label':
        break;
    }
  }
  return { name: it.name, changes: out };
}

const DECODERS: { readonly [K in PropKindName]: Decoder<K> } = {
  expr: { prop: exprOf },
  member: { prop: exprOf },
  fn: { prop: fnOf },
  'per-item': { prop: fnOf },
  series: { prop: fnOf },
  'unit-fn': { prop: fnOf },
  enum: { prop: (raw, fail, t) => wordOf(name(raw, fail), t.values, fail) },
  'enum-list': { prop: (raw, fail, t) => listOf(raw, fail).map((it) => wordOf(it.name, t.values, fail)) },
  text: { prop: name, item: text },
  construct: { prop: name },
  data: { prop: name },
  column: { prop: name },
  ref: { item: text },
  chart: {
    item: (it, fail) => ({ id: text(it, fail), call: callOf(it.expr ?? fail('has no call'), fail) }),
  },
  rule: {
    prop: (raw, fail, t) => {
      const call = callOf(exprOf(raw, fail), fail);
      return {
        fn: wordOf(call.fn, t.fns, fail),
        score: wordOf(strOf(call.args[0], fail), t.scores, fail),
        count: call.args[1] ?? fail('has no count'),
      };
    },
  },
  columns: {
    prop: (raw, fail) => {
      const list = listOf(raw, fail);
      return list[0]?.name === '#all' ? 'all' : list.map((it) => it.name);
    },
  },
  method: {
    prop: (raw, fail, t) => {
      const call = callOf(exprOf(raw, fail), fail);
      const schema = Object.hasOwn(t.fns, call.fn) ? t.fns[call.fn]! : fail(`calls an unknown method ${call.fn}`);
      for (const a of Object.keys(call.named ?? {}))
        if (!schema.args.includes(a)) fail(`passes ${call.fn} an unknown argument ${a}`);
      return { fn: call.fn, args: call.named ?? {} };
    },
  },
  formula: {
    prop: (raw, fail) => {
      const [lhs, ...terms] = listOf(raw, fail).map((it) => termOf(it, fail));
      return { lhs: lhs ?? fail('is an empty formula'), terms };
    },
  },
  term: {
    prop: (raw, fail) => ({
      name: ('label' in raw ? raw.label : undefined) ?? fail('has no label'),
      expr: exprOf(raw, fail),
    }),
  },
  terms: { prop: (raw, fail) => listOf(raw, fail).map((it) => termOf(it, fail)) },
  runs: { prop: (raw, fail, t) => listOf(raw, fail).map((it) => decodeRun(it, t.changes, fail)) },
  models: { prop: (raw, fail) => listOf(raw, fail).map(labelled) },
  labelled: { prop: (raw, fail) => listOf(raw, fail).map(labelled) },
  levels: {
    prop: (raw, fail) =>
      listOf(raw, fail).map((it) => (it.expr?.op === 'num' ? it.expr.v : fail(`has a level that is not a number`))),
  },
  digits: {
    prop: (raw, fail) => {
      const e = exprOf(raw, fail);
      if (e.op === 'num') return { digits: e.v };
      const call = callOf(e, fail);
      const n = call.fn === 'significant' ? call.args[0] : undefined;
      return n?.op === 'num' ? { significant: n.v } : fail('is neither a number of decimals nor significant(n)');
    },
  },
};

function labelled(it: ListItem): Labelled {
  return it.label !== undefined ? { key: it.name, label: it.label } : { key: it.name };
}

/** Decode one property with the decoder of its kind (the table above is typed per kind). */
function decodeOne(t: PropKind, how: 'prop' | 'item', raw: PExprProp | ListItem, fail: (p: string) => never) {
  const d = DECODERS[t.kind] as Decoder<PropKindName>;
  const f = d[how] as ((r: unknown, fail: (p: string) => never, t: PropKind) => unknown) | undefined;
  return f ? f(raw, fail, t) : fail(how === 'item' ? 'is not a repeated property' : 'is repeated only');
}

/** A construct step's properties, decoded and checked against its spec. */
export function decodeProps<K extends ConstructKeyword>(
  keyword: K,
  props: Extract<Step, { kind: 'construct' }>['props'],
) {
  const spec: ConstructSpec = CONSTRUCTS[keyword];
  const out: Record<string, unknown> = {};
  const failFor =
    (prop: string) =>
    (problem: string): never => {
      throw new PropShapeError(prop, problem);
    };
  for (const [prop, raw] of Object.entries(props)) {
    const fail = failFor(prop);
    if (prop === 'over' && spec.over) out['over'] = strOrSet(raw, fail);
    else if (prop === 'items') {
      out['items'] = listOf(raw, fail).map((it) => {
        const ps = Object.hasOwn(spec.props, it.name) ? spec.props[it.name]! : undefined;
        if (!ps?.repeat) return failFor(it.name)('is not a repeated property');
        return { name: it.name, value: decodeOne(ps.type, 'item', it, failFor(it.name)) };
      });
    } else {
      const ps = Object.hasOwn(spec.props, prop) ? spec.props[prop]! : fail(`is not a property of ${keyword}`);
      out[prop] = decodeOne(ps.type, 'prop', raw, fail);
    }
  }
  for (const [prop, ps] of Object.entries(spec.props))
    if (ps.required && !ps.repeat && out[prop] === undefined) failFor(prop)('is missing');
  if (spec.over && out['over'] === undefined) failFor('over')('is missing');
  if (Object.values(spec.props).some((p) => p.repeat)) out['items'] ??= [];
  return out as ConstructProps<K>;
}

const strOrSet = (raw: PExprProp, fail: (p: string) => never): string => {
  const e = exprOf(raw, fail);
  return e.op === 'set' ? e.name : fail('is not a set');
};
