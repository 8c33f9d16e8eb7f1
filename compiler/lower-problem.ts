// Lowering a problem: its variables with their bounds, the objective and the constraints, each checked for
// linearity (or the one separable convex form the exact solver handles); the solver is chosen from what it finds.
import type * as A from '../grammar/ast.ts';
import type { Step } from '../spec/plan.ts';
import type { Checker, Globals, Scope } from './check.ts';
import { origin } from './prop-lowering.ts';
import { unitFromAnnotation, unitText } from './units.ts';

export function lowerProblem(ck: Checker, d: A.Decl & { kind: 'problem' }, root: Scope, g: Globals): Step | undefined {
  const info = g.problems.get(d.name.text)!;
  let scope = root;
  let coalition: { it: string; set: string } | undefined;
  if (d.coalition) {
    const s = ck.setNamed(d.coalition.set);
    scope = scope.child({ [d.coalition.variable.text]: { k: 'setvar', of: s ? ck.root(s.name) : '#any' } });
    coalition = { it: d.coalition.variable.text, set: d.coalition.set.text };
  }
  // Variables are visible in the objective and constraints, not in their own bounds.
  const boundScope = scope;
  scope = scope.child(Object.fromEntries([...info.vars.values()].map((v) => [v.name, { k: 'var' as const, info: v }])));
  const vars = d.vars.map((v) => {
    const b = ck.bindIndex(v.index, boundScope);
    const bound = (e: A.Expr) => {
      const vs = b.scope.child(
        Object.fromEntries([...info.vars.values()].map((x) => [x.name, { k: 'var' as const, info: x }])),
      );
      const c = ck.expr(e, vs);
      const t = ck.expectNum(c, e.span);
      if (t.deg !== 0)
        ck.error(
          'E121',
          e.span,
          `the bound of '${v.name.text}' depends on a decision variable`,
          'bounds must be constants; write a constraint instead',
        );
      return c.p;
    };
    return {
      name: v.name.text,
      index: b.its,
      lower: v.lower.map(bound),
      upper: v.upper.map(bound),
      domain: v.domain,
      ...(v.unit ? { unit: unitText(unitFromAnnotation(v.unit)) } : {}),
    };
  });
  if (!d.objective) {
    ck.error(
      'E114',
      d.name.span,
      `problem '${d.name.text}' has no objective`,
      'add `minimize name: expression` or `maximize name: expression`',
    );
    return undefined;
  }
  const obj = ck.expr(d.objective.expr, scope);
  const ot = ck.expectNum(obj, d.objective.expr.span);
  let solver: 'lp' | 'milp' | 'separable-convex' = d.vars.some((v) => v.domain !== 'continuous') ? 'milp' : 'lp';
  if (ot.deg === 'sep') {
    if (solver === 'milp')
      ck.error(
        'E127',
        d.objective.span,
        'a separable convex objective with integer variables is not supported',
        'make the variables continuous, or linearise the cost',
      );
    solver = 'separable-convex';
  } else if (ot.deg === 2) {
    ck.error(
      'E105',
      d.objective.expr.span,
      'the objective is not linear in the decision variables',
      'products of variables, variables in denominators or functions of sums of variables are not supported; a curve applied to one variable, cost[r](x[r]), is',
    );
  }
  const constraints = d.constraints.map((c) => {
    const b = ck.bindIndex(c.index, scope);
    const e = ck.expr(c.expr, b.scope);
    if (e.ty.k !== 'bool' && e.ty.k !== 'any')
      ck.error(
        'E106',
        c.expr.span,
        `constraint '${c.name.text}' is not a comparison`,
        'write it as left <= right, left >= right or left == right',
      );
    else if (e.ty.k === 'bool' && (e.ty.deg === 2 || e.ty.deg === 'sep'))
      ck.error(
        'E105',
        c.expr.span,
        `constraint '${c.name.text}' is not linear in the decision variables`,
        'constraints must be linear: constants times variables, summed',
      );
    else if (e.p.op === 'cmp' && e.p.ops.some((o) => o === '!=' || o === '<' || o === '>'))
      ck.error('E106', c.expr.span, `constraint '${c.name.text}' uses a strict or != comparison`, 'use <=, >= or ==');
    return { name: c.name.text, index: b.its, expr: e.p };
  });
  if (solver === 'separable-convex' && d.constraints.length !== 1) {
    ck.error(
      'E127',
      d.objective.span,
      `a separable convex problem needs exactly one linear constraint (it has ${d.constraints.length})`,
      'the exact solver equalises marginal costs under one target constraint Σ a·x >= R and bounds on each variable',
    );
  }
  return {
    kind: 'problem',
    name: d.name.text,
    ...(coalition ? { coalition } : {}),
    solver,
    vars,
    objective: { sense: d.objective.sense, name: info.objectiveName, expr: obj.p },
    constraints,
    origin: origin(d.span),
  };
}
