// Lowering of the property kinds only `weights` uses: per-unit coordinates, lon(u) = expression with u over
// the set of `units`, and method = knn(6) (a call of one of the methods in weights/spec.ts). Data sources,
// constructs and column names are passed to the method by name; numbers are evaluated.
import type { PExpr } from '../../spec/plan.ts';
import type { PropLowering } from '../../compiler/prop-lowering.ts';
import { suggest } from '../../diagnostics/index.ts';

const unitFn: PropLowering<'unit-fn'> = {
  params: true,
  lower(cx, p) {
    const { ck } = cx;
    const name = p.name.text;
    const params = p.params ?? [];
    if (params.length !== 1 || !p.value) {
      ck.error('E118', p.span, `${name} takes one parameter, the unit: ${name}(u) = expression`);
      return;
    }
    const unitsProp = cx.decl.props.find((q) => q.name.text === 'units')?.value;
    const unitSet = unitsProp?.kind === 'name' ? unitsProp.name : '#any';
    const inner = cx.scope.child({
      [params[0]!.text]: { k: 'it', set: ck.g.sets.has(unitSet) ? ck.root(unitSet) : '#any', numeric: false },
    });
    const c = ck.expr(p.value, inner);
    ck.expectConstNum(c, p.value.span);
    cx.out[name] = { expr: c.p, params: [params[0]!.text] };
  },
};

const method: PropLowering<'method'> = {
  lower(cx, p, t) {
    const { ck } = cx;
    const name = p.name.text;
    const v = p.value!;
    const fn = v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : v.kind === 'name' ? v.name : undefined;
    const schema = fn && Object.hasOwn(t.fns, fn) ? t.fns[fn] : undefined;
    if (!fn || !schema) {
      ck.error(
        'E126',
        v.span,
        `'${name}' is one of ${Object.entries(t.fns)
          .map(([f, s]) => `${f}(${s.args.join(', ')})`)
          .join(', ')}`,
        fn ? suggest(fn, Object.keys(t.fns)) : undefined,
      );
      return;
    }
    const args = v.kind === 'call' ? v.args : [];
    if (args.length < schema.required || args.length > schema.args.length) {
      ck.error(
        'E118',
        v.span,
        `${fn} takes ${schema.args.join(', ')}${schema.required < schema.args.length ? ` (the first ${schema.required} required)` : ''}`,
      );
      return;
    }
    const named: Record<string, PExpr> = {};
    let bad = false;
    args.forEach((a, i) => {
      const argName = a.name?.text ?? schema.args[i]!;
      if (!schema.args.includes(argName)) {
        ck.error('E107', a.name!.span, `${fn} has no argument '${argName}'`, suggest(argName, schema.args));
        bad = true;
        return;
      }
      const val = a.value;
      // data sources, constructs and columns are passed by name; numbers are evaluated
      if (
        val.kind === 'name' &&
        (ck.g.data.has(val.name) || ck.g.constructs.has(val.name) || !ck.g.declared.has(val.name))
      ) {
        if (ck.g.constructs.has(val.name) || ck.g.data.has(val.name)) ck.deps.add(val.name);
        named[argName] = { op: 'str', v: val.name };
      } else {
        const c = ck.expr(val, cx.scope);
        ck.expectConstNum(c, val.span);
        named[argName] = c.p;
      }
    });
    if (!bad) cx.out[name] = { expr: { op: 'call', fn, args: [], named } };
  },
};

export const weightsLowering = { kinds: { 'unit-fn': unitFn, method } };
