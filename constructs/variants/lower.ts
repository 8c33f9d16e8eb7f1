// Lowering of the property kind only `variants` uses: runs = [model(sem), weights(W2) + fixed(individual), ...].
// Each run is one change or several joined with +; what each change takes is in variants/spec.ts.
import type * as A from '../../grammar/ast.ts';
import type { PExpr } from '../../spec/plan.ts';
import type { RunChangeSchema } from '../schema.ts';
import type { PropContext, PropLowering } from '../../compiler/prop-lowering.ts';
import { dataOf, formulaTerm, formulaText, splitTerms } from '../../compiler/formula.ts';
import { suggest } from '../../diagnostics/index.ts';
import { spatialModel } from '../../spec/spatial-models.ts';

/** A change lowered to a call of the plan, or the run's label; undefined when it was reported. */
type Lowered = { change: PExpr } | { label: string } | undefined;
type ChangeLowering<V extends RunChangeSchema['value']> = (
  cx: PropContext,
  fn: string,
  args: A.Arg[],
  schema: Extract<RunChangeSchema, { value: V }>,
) => Lowered;

const CHANGES: { readonly [V in RunChangeSchema['value']]: ChangeLowering<V> } = {
  construct: (cx, fn, args, schema) => {
    const { ck } = cx;
    const a0 = args[0]!.value;
    if (a0.kind !== 'name' || ck.g.constructs.get(a0.name)?.construct !== schema.of) {
      const names = [...ck.g.constructs.values()].filter((c) => c.construct === schema.of).map((c) => c.name);
      ck.error(
        'E100',
        a0.span,
        `${fn}(...) takes ${schema.takes}`,
        a0.kind === 'name' ? suggest(a0.name, names) : undefined,
      );
      return undefined;
    }
    ck.deps.add(a0.name);
    return { change: { op: 'call', fn, args: [{ op: 'str', v: a0.name }] } };
  },
  word: (cx, fn, args, schema) => {
    const a0 = args[0]!.value;
    const w = a0.kind === 'name' ? a0.name : '';
    if (!schema.words.includes(w)) {
      cx.ck.error('E126', a0.span, `${fn}(...) is one of ${schema.words.join(', ')}`, suggest(w, schema.words));
      return undefined;
    }
    return { change: { op: 'call', fn, args: [{ op: 'str', v: w }] } };
  },
  numbers: (cx, fn, args) => {
    const values = args.map((a) => cx.ck.expr(a.value, cx.scope));
    values.forEach((c, i) => cx.ck.expectConstNum(c, args[i]!.value.span));
    return { change: { op: 'call', fn, args: values.map((c) => c.p) } };
  },
  // subset(condition): evaluated for each unit of the panel, which the condition calls `unit`
  condition: (cx, fn, args) => {
    const a0 = args[0]!.value;
    const c = cx.ck.expr(a0, cx.scope.child({ unit: { k: 'it', set: '#any', numeric: false } }));
    cx.ck.expectConstBool(c, a0.span);
    return { change: { op: 'call', fn, args: [c.p] } };
  },
  formula: (cx, fn, args) => {
    const a0 = args[0]!.value;
    if (a0.kind !== 'formula') {
      cx.ck.error('E104', a0.span, 'formula(...) takes a formula: y ~ x1 + x2');
      return undefined;
    }
    const dn = dataOf(cx.ck, cx.decl, 'panel');
    const cols = dn ? cx.ck.g.data.get(dn)?.columns : undefined;
    const terms = [a0.lhs, ...splitTerms(a0.rhs)];
    return {
      change: {
        op: 'call',
        fn,
        args: terms.map((t) => formulaTerm(cx.ck, t, cols, dn)),
        named: Object.fromEntries(terms.map((t, i) => [`t${i}`, { op: 'str', v: formulaText(t) } as PExpr])),
      },
    };
  },
  label: (cx, _fn, args) => {
    const a0 = args[0]!.value;
    if (a0.kind === 'str') return { label: a0.value };
    cx.ck.error('E104', a0.span, "label(...) takes a string: the run's column heading");
    return undefined;
  },
};

const arity = (s: RunChangeSchema) => (s.value === 'numbers' ? s.args : 1);

/** One run: its changes lowered in order, named by its label or by how it was written. */
function lowerRun(cx: PropContext, run: A.Expr, changes: Readonly<Record<string, RunChangeSchema>>) {
  const lowered: PExpr[] = [];
  let label: string | undefined;
  for (const ch of splitTerms(run)) {
    const fn = ch.kind === 'call' && ch.callee.kind === 'name' ? ch.callee.name : undefined;
    const args = ch.kind === 'call' ? ch.args : [];
    const schema = fn && Object.hasOwn(changes, fn) ? changes[fn] : undefined;
    if (!fn || !schema || args.length !== arity(schema)) {
      cx.ck.error(
        'E126',
        ch.span,
        'a run changes weights(W), model(m), fixed(f), winsorise(low, high), subset(condition) or formula(y ~ x)',
        fn ? suggest(fn, Object.keys(changes)) : undefined,
      );
      continue;
    }
    const r = (CHANGES[schema.value] as ChangeLowering<RunChangeSchema['value']>)(cx, fn, args, schema);
    if (r && 'label' in r) label = r.label;
    else if (r) lowered.push(r.change);
  }
  return {
    name: label ?? describeRun(splitTerms(run)),
    expr: { op: 'call', fn: 'run', args: lowered } as PExpr,
  };
}

const FIXED_WORDS: Readonly<Record<string, string>> = {
  individual: 'unit FE',
  time: 'time FE',
  twoways: 'two-way FE',
  none: 'no FE',
};

/** A run's default head, in words: `SEM, unit FE`, `winsorised 1–99 %`, `weights W_egd`. */
function describeRun(changes: A.Expr[]): string {
  const percent = (e: A.Expr | undefined) => (e?.kind === 'num' ? `${+(e.value * 100).toPrecision(6)}` : '?');
  return changes
    .map((ch) => {
      const fn = ch.kind === 'call' && ch.callee.kind === 'name' ? ch.callee.name : '';
      const args = ch.kind === 'call' ? ch.args.map((a) => a.value) : [];
      const a0 = args[0];
      const word = a0?.kind === 'name' ? a0.name : '';
      switch (fn) {
        case 'model':
          return spatialModel(word)?.label ?? word;
        case 'fixed':
          return FIXED_WORDS[word] ?? word;
        case 'weights':
          return `weights ${word}`;
        case 'winsorise':
          return `winsorised ${percent(a0)}–${percent(args[1])} %`;
        case 'subset':
          return `subsample: ${a0 ? formulaText(a0) : ''}`;
        default:
          return formulaText(ch);
      }
    })
    .join(', ');
}

const runs: PropLowering<'runs'> = {
  lower(cx, p, t) {
    const name = p.name.text;
    const v = p.value!;
    if (v.kind !== 'list') {
      cx.ck.error('E104', v.span, `'${name}' is a list of runs: [model(sem), weights(W2)]`);
      return;
    }
    const est = cx.decl.props.find((q) => q.name.text === 'of')?.value;
    if (est?.kind !== 'name' || cx.ck.g.constructs.get(est.name)?.construct !== 'estimate') return; // reported by `of`
    cx.out[name] = { list: v.items.map((run) => lowerRun(cx, run, t.changes)) };
  },
};

export const variantsLowering = { kinds: { runs } };
