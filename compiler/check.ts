// Name resolution, type/index/unit checks and lowering of expressions to plan expressions, in one pass.
// Every problem is reported as a diagnostic with a source range; checking goes on after an error (the
// offending expression gets type `any`) so several errors are reported at once.
import type * as A from '../grammar/ast.ts';
import { diag, suggest, type Diagnostic, type CodeOf } from '../diagnostics/index.ts';
import type { PExpr } from '../spec/plan.ts';
import { BUILTINS, isBuiltin } from '../spec/builtins.ts';
import { ANY, BOOL, NUM, degMax, describeTy, type Degree, type Ty } from './types.ts';
import { unitEqual, unitMul, unitPow, unitText, type Unit } from './units.ts';

export interface SetInfo {
  name: string;
  parent?: string;
  numeric: boolean;
  literalMembers?: string[];
}
export interface EntityInfo {
  kind: 'param' | 'result' | 'curve';
  name: string;
  index: string[];
  unit?: Unit;
  type: 'number' | 'string' | 'bool';
  span: A.Span;
}
export interface VarInfo {
  name: string;
  index: string[];
  unit?: Unit;
  problem: string;
}
export interface ProblemInfo {
  name: string;
  coalitionSet?: string;
  vars: Map<string, VarInfo>;
  constraints: Map<string, { index: string[] }>;
  objectiveName: string;
}
export interface DataInfo {
  name: string;
  key: string[];
  columns: Map<string, string>;
}
/** A construct's outputs that expressions may read, e.g. game `coop.shapley[r]`. */
export interface ConstructOutputs {
  construct: string;
  name: string;
  outputs: Map<string, { index: string[]; type: Ty }>;
  /** a panel's data source */ data?: string;
}

export interface Globals {
  sets: Map<string, SetInfo>;
  entities: Map<string, EntityInfo>;
  data: Map<string, DataInfo>;
  problems: Map<string, ProblemInfo>;
  constructs: Map<string, ConstructOutputs>;
  /** every declared name with its declaration span, for duplicates and did-you-mean */
  declared: Map<string, A.Span>;
}

export type ScopeEntry =
  | { k: 'it'; set: string; numeric: boolean }
  | { k: 'setvar'; of: string } // a coalition or value(S) parameter
  | { k: 'var'; info: VarInfo };

export class Scope {
  constructor(
    private readonly entries: Map<string, ScopeEntry> = new Map(),
    private readonly parent?: Scope,
  ) {}
  get(name: string): ScopeEntry | undefined {
    return this.entries.get(name) ?? this.parent?.get(name);
  }
  child(add: Record<string, ScopeEntry> = {}): Scope {
    return new Scope(new Map(Object.entries(add)), this);
  }
  names(): string[] {
    return [...this.entries.keys(), ...(this.parent?.names() ?? [])];
  }
}

export interface Checked {
  ty: Ty;
  p: PExpr;
}

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  /** global names referenced while lowering the current declaration (its dependencies) */
  deps = new Set<string>();

  constructor(
    readonly file: string,
    readonly g: Globals,
  ) {}

  error(code: CodeOf<'compile'>, span: A.Span, message: string, hint?: string): Checked {
    this.diagnostics.push(diag(code, this.file, span, { message, hint }));
    return { ty: ANY, p: { op: 'num', v: Number.NaN } };
  }

  private visibleNames(scope: Scope): string[] {
    return [...scope.names(), ...this.g.declared.keys()];
  }

  /** Resolve a set reference by name (for index specs, problem coalitions, game players). */
  setNamed(name: A.Name): SetInfo | undefined {
    const s = this.g.sets.get(name.text);
    if (!s) {
      const kind = this.g.declared.has(name.text) ? `'${name.text}' is not a set` : `unknown set '${name.text}'`;
      this.error(
        'E100',
        name.span,
        kind,
        suggest(name.text, this.g.sets.keys()) ?? 'declare it with `set name = {...}`',
      );
      return undefined;
    }
    this.deps.add(name.text);
    return s;
  }

  /** Base set whose members a subset's members are (region for {r in region : ...}). */
  root(set: string): string {
    let s = this.g.sets.get(set);
    while (s?.parent) s = this.g.sets.get(s.parent);
    return s?.name ?? set;
  }

  /** Scope entries for `[r in region, y in year]`; an anonymous `[region]` binds the set's own name. */
  bindIndex(
    index: A.IndexBinding[],
    scope: Scope,
  ): { scope: Scope; sets: string[]; its: Array<{ it: string; set: string }> } {
    const add: Record<string, ScopeEntry> = {};
    const sets: string[] = [];
    const its: Array<{ it: string; set: string }> = [];
    for (const b of index) {
      // A coalition parameter (problem p(S in region) { var x[r in S] ... }) is a set too.
      const local = scope.get(b.set.text);
      const s = local?.k === 'setvar' ? { name: local.of, numeric: false } : this.setNamed(b.set);
      const it = b.variable?.text ?? b.set.text;
      if (b.variable && this.g.declared.has(it) && !this.g.sets.has(it)) {
        this.error(
          'E122',
          b.variable.span,
          `the iterator '${it}' hides the declaration of the same name`,
          'pick another iterator name',
        );
      }
      if (add[it])
        this.error(
          'E101',
          (b.variable ?? b.set).span,
          `'${it}' is bound twice in this index`,
          'give each index its own iterator, e.g. [r in region, s in region]',
        );
      add[it] = { k: 'it', set: s ? this.root(s.name) : b.set.text, numeric: s?.numeric ?? false };
      sets.push(b.set.text);
      its.push({ it, set: b.set.text });
    }
    return { scope: scope.child(add), sets, its };
  }

  // ---------------------------------------------------------------- expressions
  expr(e: A.Expr, scope: Scope): Checked {
    switch (e.kind) {
      case 'num':
        return { ty: NUM, p: { op: 'num', v: e.value } };
      case 'str':
        return { ty: { k: 'str' }, p: { op: 'str', v: e.value } };
      case 'bool':
        return { ty: BOOL, p: { op: 'bool', v: e.value } };
      case 'name':
        return this.name(e, scope);
      case 'member':
        return this.member(e, scope);
      case 'index':
        return this.index(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'unary': {
        const a = this.expr(e.operand, scope);
        if (e.op === 'not') {
          this.expectBool(a, e.operand.span);
          return { ty: a.ty.k === 'bool' ? a.ty : BOOL, p: { op: 'not', a: a.p } };
        }
        const n = this.expectNum(a, e.operand.span);
        return { ty: { k: 'num', deg: n.deg, unit: n.unit }, p: { op: 'neg', a: a.p } };
      }
      case 'binary':
        return this.binary(e, scope);
      case 'compare':
        return this.compare(e, scope);
      case 'range': {
        const a = this.expr(e.from, scope);
        const b = this.expr(e.to, scope);
        this.expectConstNum(a, e.from.span);
        this.expectConstNum(b, e.to.span);
        return { ty: { k: 'set', of: '#range', numeric: true }, p: { op: 'range', from: a.p, to: b.p } };
      }
      case 'aggregate':
        return this.aggregate(e, scope);
      case 'if': {
        const c = this.expr(e.cond, scope);
        this.expectBool(c, e.cond.span);
        if (c.ty.k === 'bool' && c.ty.deg !== 0)
          this.error(
            'E105',
            e.cond.span,
            'the condition of an if-expression cannot depend on decision variables',
            'use a constraint instead',
          );
        const t = this.expr(e.then, scope);
        const f = this.expr(e.else, scope);
        return { ty: this.joinBranches(t, f, e.else.span), p: { op: 'if', cond: c.p, then: t.p, else: f.p } };
      }
      case 'list': {
        const label = e.labels?.find((l) => l);
        if (label)
          this.error(
            'E104',
            label.span,
            'a label in quotes is allowed only in the lists of tables of estimates and of the report (of, terms, labels)',
            'remove the string, or join it with a comma if it is an item',
          );
        const items = e.items.map((i) => this.expr(i, scope));
        return { ty: { k: 'list' }, p: { op: 'call', fn: 'list', args: items.map((i) => i.p) } };
      }
      case 'setLiteral': {
        const members = e.members.map((m) => m.text);
        const dup = e.members.find((m, i) => members.indexOf(m.text) !== i);
        if (dup) this.error('E125', dup.span, `'${dup.text}' is listed twice`, 'remove the repeated member');
        return {
          ty: { k: 'set', of: '#literal', numeric: members.every((m) => m !== '' && Number.isFinite(Number(m))) },
          p: { op: 'setlit', set: '#literal', members },
        };
      }
      case 'setBuilder': {
        const dom = this.expr(e.binding.domain, scope);
        const set = this.expectSet(dom, e.binding.domain.span);
        const inner = scope.child({ [e.binding.variable.text]: { k: 'it', set: set.of, numeric: set.numeric } });
        const f = e.filter ? this.expr(e.filter, inner) : undefined;
        if (f && e.filter) this.expectConstBool(f, e.filter.span);
        return {
          ty: { k: 'set', of: set.of, numeric: set.numeric },
          p: { op: 'setbuild', it: e.binding.variable.text, domain: dom.p, ...(f ? { filter: f.p } : {}) },
        };
      }
      case 'formula': {
        return {
          ty: { k: 'formula' },
          p: { op: 'call', fn: 'formula', args: [this.formulaSide(e.lhs), this.formulaSide(e.rhs)] },
        };
      }
    }
  }

  /** Formula sides are kept symbolic (names of variables); the estimator constructs interpret them. */
  private formulaSide(e: A.Expr): PExpr {
    const text = (x: A.Expr): string => {
      switch (x.kind) {
        case 'name':
          return x.name;
        case 'num':
          return x.text;
        case 'binary':
          return `${text(x.left)} ${x.op} ${text(x.right)}`;
        case 'call':
          return `${text(x.callee)}(${x.args.map((a) => text(a.value)).join(', ')})`;
        case 'member':
          return `${text(x.object)}.${x.member.text}`;
        default:
          return '?';
      }
    };
    return { op: 'str', v: text(e) };
  }

  private joinBranches(t: Checked, f: Checked, span: A.Span): Ty {
    if (t.ty.k === 'any') return f.ty;
    if (f.ty.k === 'any') return t.ty;
    if (t.ty.k === 'num' && f.ty.k === 'num') {
      if (t.ty.unit && f.ty.unit && !unitEqual(t.ty.unit, f.ty.unit))
        this.error(
          'E109',
          span,
          `the branches have different units: ${unitText(t.ty.unit)} and ${unitText(f.ty.unit)}`,
        );
      return { k: 'num', deg: degMax(t.ty.deg, f.ty.deg), unit: t.ty.unit ?? f.ty.unit };
    }
    // A number in one branch and text in the other is allowed (a table cell showing '-' where there is no value).
    const scalar = (k: string) => ['num', 'str', 'member', 'bool'].includes(k);
    if (t.ty.k !== f.ty.k && !(scalar(t.ty.k) && scalar(f.ty.k)))
      this.error('E104', span, `the branches of the if-expression differ: ${describeTy(t.ty)} and ${describeTy(f.ty)}`);
    return t.ty.k === f.ty.k ? t.ty : ANY;
  }

  private name(e: Extract<A.Expr, { kind: 'name' }>, scope: Scope): Checked {
    const local = scope.get(e.name);
    if (local) {
      if (local.k === 'it')
        return { ty: { k: 'member', set: local.set, numeric: local.numeric }, p: { op: 'it', name: e.name } };
      if (local.k === 'setvar')
        return { ty: { k: 'set', of: local.of, numeric: false }, p: { op: 'it', name: e.name } };
      const v = local.info;
      if (v.index.length > 0)
        return {
          ty: { k: 'entity', what: 'var', name: v.name, index: v.index, elem: { k: 'num', deg: 1, unit: v.unit } },
          p: { op: 'var', name: v.name, idx: [] },
        };
      return { ty: { k: 'num', deg: 1, unit: v.unit }, p: { op: 'var', name: v.name, idx: [] } };
    }
    const g = this.g;
    if (g.sets.has(e.name)) {
      this.deps.add(e.name);
      const s = g.sets.get(e.name)!;
      return { ty: { k: 'set', of: this.root(e.name), numeric: s.numeric }, p: { op: 'set', name: e.name } };
    }
    const ent = g.entities.get(e.name);
    if (ent) {
      this.deps.add(e.name);
      const elem: Ty =
        ent.kind === 'curve'
          ? { k: 'curve' }
          : ent.type === 'string'
            ? { k: 'str' }
            : ent.type === 'bool'
              ? BOOL
              : { k: 'num', deg: 0, unit: ent.unit };
      if (ent.index.length > 0)
        return {
          ty: { k: 'entity', what: ent.kind, name: e.name, index: ent.index, elem },
          p: { op: 'param', name: e.name, idx: [] },
        };
      return { ty: elem, p: { op: 'param', name: e.name, idx: [] } };
    }
    if (g.data.has(e.name)) {
      this.deps.add(e.name);
      return { ty: { k: 'data', name: e.name }, p: { op: 'str', v: e.name } };
    }
    const prob = g.problems.get(e.name);
    if (prob) {
      this.deps.add(e.name);
      return {
        ty: { k: 'problem', name: e.name, coalitionSet: prob.coalitionSet },
        p: { op: 'solve', problem: e.name },
      };
    }
    const c = g.constructs.get(e.name);
    if (c) {
      this.deps.add(e.name);
      return { ty: { k: 'construct', name: e.name, construct: c.construct }, p: { op: 'str', v: e.name } };
    }
    for (const p of g.problems.values()) {
      if (p.vars.has(e.name))
        return this.error(
          'E115',
          e.span,
          `the decision variable '${e.name}' belongs to problem '${p.name}'`,
          `read its solution as ${p.name}.${e.name}`,
        );
    }
    if (isBuiltin(e.name)) return this.error('E104', e.span, `'${e.name}' is a function`, `call it: ${e.name}(...)`);
    return this.error(
      'E100',
      e.span,
      `unknown name '${e.name}'`,
      suggest(e.name, this.visibleNames(scope)) ??
        'check the spelling, or declare it (declarations may come in any order)',
    );
  }

  private member(e: Extract<A.Expr, { kind: 'member' }>, scope: Scope): Checked {
    const obj = this.expr(e.object, scope);
    const m = e.member.text;
    const t = obj.ty;
    if (t.k === 'any') return { ty: ANY, p: obj.p };
    if (t.k === 'data') {
      const d = this.g.data.get(t.name)!;
      const type = d.columns.get(m);
      if (!type)
        return this.error(
          'E116',
          e.member.span,
          `data source '${t.name}' has no column '${m}'`,
          suggest(m, d.columns.keys()) ?? `its columns are: ${[...d.columns.keys()].join(', ')}`,
        );
      return { ty: { k: 'column', data: t.name, column: m, type }, p: { op: 'col', data: t.name, column: m, idx: [] } };
    }
    if (t.k === 'problem') {
      if (t.coalitionSet)
        return this.error(
          'E118',
          e.span,
          `problem '${t.name}' takes a coalition: solve it with ${t.name}(S)`,
          `e.g. ${t.name}(${t.coalitionSet}).${m}`,
        );
      return this.solutionField(t.name, obj.p, e.member);
    }
    if (t.k === 'solution') return this.solutionField(t.problem, obj.p, e.member);
    if (t.k === 'construct') {
      const c = this.g.constructs.get(t.name)!;
      const out = c.outputs.get(m);
      if (!out)
        return this.error(
          'E116',
          e.member.span,
          `${c.construct} '${t.name}' has no output '${m}'`,
          suggest(m, c.outputs.keys()) ?? `its outputs are: ${[...c.outputs.keys()].join(', ')}`,
        );
      const p: PExpr = { op: 'ref', name: t.name, field: m, idx: [] };
      if (out.index.length > 0)
        return { ty: { k: 'entity', what: 'output', name: `${t.name}.${m}`, index: out.index, elem: out.type }, p };
      return { ty: out.type, p };
    }
    return this.error(
      'E116',
      e.member.span,
      `${describeTy(t)} has no member '${m}'`,
      'members are read from data sources (data.column), solutions (problem.variable) and constructs (game.shapley)',
    );
  }

  private solutionField(problem: string, of: PExpr, member: A.Name): Checked {
    const p = this.g.problems.get(problem)!;
    const m = member.text;
    if (m === 'objective' || m === p.objectiveName)
      return { ty: NUM, p: { op: 'field', of, name: 'objective', idx: [] } };
    if (m === 'status') return { ty: { k: 'str' }, p: { op: 'field', of, name: 'status', idx: [] } };
    const v = p.vars.get(m);
    if (v) {
      const p2: PExpr = { op: 'field', of, name: m, idx: [] };
      if (v.index.length > 0)
        return {
          ty: {
            k: 'entity',
            what: 'solution-var',
            name: `${problem}.${m}`,
            index: v.index,
            elem: { k: 'num', deg: 0, unit: v.unit },
          },
          p: p2,
        };
      return { ty: { k: 'num', deg: 0, unit: v.unit }, p: p2 };
    }
    const c = p.constraints.get(m);
    if (c) {
      // The value of a constraint's name is its dual (shadow price).
      const p2: PExpr = { op: 'field', of, name: `dual:${m}`, idx: [] };
      if (c.index.length > 0)
        return { ty: { k: 'entity', what: 'solution-var', name: `${problem}.${m}`, index: c.index, elem: NUM }, p: p2 };
      return { ty: NUM, p: p2 };
    }
    const names = ['objective', 'status', ...p.vars.keys(), ...p.constraints.keys()];
    return this.error(
      'E116',
      member.span,
      `problem '${problem}' has no variable or constraint '${m}'`,
      suggest(m, names) ?? `it has: ${names.join(', ')}`,
    );
  }

  private index(e: Extract<A.Expr, { kind: 'index' }>, scope: Scope): Checked {
    const obj = this.expr(e.object, scope);
    const t = obj.ty;
    if (t.k === 'any') return { ty: ANY, p: obj.p }; // the object already has an error: don't cascade
    let expected: string[] | undefined;
    let elem: Ty;
    if (t.k === 'entity') {
      expected = t.index;
      elem = t.elem;
    } else if (t.k === 'column') {
      const d = this.g.data.get(t.data)!;
      expected = d.key.map(() => '');
      elem = t.type === 'string' ? { k: 'str' } : t.type === 'bool' ? BOOL : NUM;
    } else {
      return this.error('E102', e.span, `${describeTy(t)} is not indexed`, 'remove the [ ]');
    }
    if (e.indices.length !== expected.length) {
      return this.error(
        'E102',
        e.span,
        `'${exprName(e.object)}' takes ${expected.length} ${expected.length === 1 ? 'index' : 'indices'}, got ${e.indices.length}`,
        expected.some((s) => s)
          ? `it is indexed by [${expected.join(', ')}]`
          : `the key of '${t.k === 'column' ? t.data : ''}' has ${expected.length} column(s)`,
      );
    }
    const idx = e.indices.map((ie, i) => this.indexArg(ie, expected![i]!, scope));
    const p = { ...(obj.p as Extract<PExpr, { idx: PExpr[] }>), idx } as PExpr;
    return { ty: elem, p };
  }

  /** One index: an iterator/member of the expected set, or a literal member name (string or bare name). */
  private indexArg(ie: A.Expr, expectedSet: string, scope: Scope): PExpr {
    if (ie.kind === 'name' && !scope.get(ie.name) && !this.g.declared.has(ie.name)) {
      const s = expectedSet ? this.g.sets.get(expectedSet) : undefined;
      const lit =
        s?.literalMembers ?? (s?.parent ? this.g.sets.get(this.root(expectedSet))?.literalMembers : undefined);
      if (lit?.includes(ie.name)) return { op: 'member', set: expectedSet, v: ie.name };
      const candidates = [...scope.names(), ...(lit ?? [])];
      this.error(
        'E100',
        ie.span,
        `unknown name '${ie.name}' in an index${expectedSet ? ` of set '${expectedSet}'` : ''}`,
        suggest(ie.name, candidates) ??
          (lit
            ? `members of '${expectedSet}' are: ${lit.join(', ')}`
            : `to name a member of a set read from data, quote it: "${ie.name}"`),
      );
      return { op: 'num', v: Number.NaN };
    }
    const c = this.expr(ie, scope);
    if (c.ty.k === 'any' || c.ty.k === 'str') return c.p;
    if (c.ty.k === 'num' && c.ty.deg === 0) return c.p; // numeric members (years)
    if (c.ty.k !== 'member') {
      this.error(
        'E104',
        ie.span,
        `an index must be a set member, found ${describeTy(c.ty)}`,
        'index with an iterator (r), a member name or a string',
      );
      return c.p;
    }
    if (expectedSet && !this.sameFamily(c.ty.set, expectedSet)) {
      this.error(
        'E103',
        ie.span,
        `'${exprName(ie)}' is a member of '${c.ty.set}', but this position is indexed by '${expectedSet}'`,
        'check the order of the indices, or iterate over the right set',
      );
    }
    return c.p;
  }

  private sameFamily(a: string, b: string): boolean {
    if (a.startsWith('#') || b.startsWith('#')) return true;
    if (!this.g.sets.has(a) || !this.g.sets.has(b)) return true; // an unknown set is reported where it is named
    return this.root(a) === this.root(b);
  }

  private call(e: Extract<A.Expr, { kind: 'call' }>, scope: Scope): Checked {
    // A builtin by name (not shadowed by a declaration).
    if (e.callee.kind === 'name' && !scope.get(e.callee.name) && !this.g.declared.has(e.callee.name)) {
      const fn = e.callee.name;
      const special = this.specialForm(fn, e, scope);
      if (special) return special;
      const b = isBuiltin(fn) ? BUILTINS[fn] : undefined;
      if (!b)
        return this.error(
          'E117',
          e.callee.span,
          `unknown function '${fn}'`,
          suggest(fn, [...Object.keys(BUILTINS), 'concat', 'fallback', 'slope']) ??
            `built-in functions: ${[...Object.keys(BUILTINS), 'concat', 'fallback', 'slope'].join(', ')}`,
        );
      const args = e.args.map((a) => this.expr(a.value, scope));
      if (args.length < b.minArgs || args.length > b.maxArgs) {
        return this.error(
          'E118',
          e.span,
          `${fn} takes ${b.minArgs === b.maxArgs ? b.minArgs : `${b.minArgs} to ${b.maxArgs === Infinity ? 'any number of' : b.maxArgs}`} argument(s), got ${args.length}`,
          b.doc,
        );
      }
      const named = e.args.find((a) => a.name);
      if (named?.name) return this.error('E118', named.name.span, `${fn} takes no named arguments`, b.doc);
      let deg: Degree = 0;
      args.forEach((a, i) => {
        if (fn === 'card') {
          this.expectSet(a, e.args[i]!.span);
          return;
        }
        const t = this.expectNum(a, e.args[i]!.span);
        deg = degMax(deg, t.deg);
      });
      if (deg !== 0)
        return this.error(
          'E105',
          e.span,
          `${fn}(...) of decision variables is not linear`,
          'linear problems allow only sums of constants times variables',
        );
      const first = args[0]?.ty;
      const unit =
        b.returns === 'same-unit' && first?.k === 'num'
          ? first.unit
          : b.returns === 'dimensionless'
            ? new Map()
            : undefined;
      const ty: Ty = b.returns === 'curve' ? { k: 'curve' } : { k: 'num', deg: 0, unit };
      return { ty, p: { op: 'call', fn, args: args.map((a) => a.p) } };
    }
    const callee = this.expr(e.callee, scope);
    const t = callee.ty;
    if (t.k === 'any') return { ty: ANY, p: callee.p };
    if (t.k === 'problem') {
      if (!t.coalitionSet)
        return this.error('E118', e.span, `problem '${t.name}' takes no coalition`, `read it as ${t.name}.objective`);
      if (e.args.length !== 1)
        return this.error(
          'E118',
          e.span,
          `problem '${t.name}' takes one coalition argument`,
          `e.g. ${t.name}(${t.coalitionSet})`,
        );
      const a = this.expr(e.args[0]!.value, scope);
      const s = this.expectSet(a, e.args[0]!.span);
      if (s.of !== '#any' && !this.sameFamily(s.of, t.coalitionSet))
        this.error(
          'E103',
          e.args[0]!.span,
          `the coalition must be a subset of '${t.coalitionSet}', found a set of '${s.of}'`,
        );
      return { ty: { k: 'solution', problem: t.name }, p: { op: 'solve', problem: t.name, coalition: a.p } };
    }
    if (t.k === 'curve') {
      if (e.args.length !== 1) return this.error('E118', e.span, 'a curve takes one argument', 'e.g. cost[r](P[r])');
      const a = this.expr(e.args[0]!.value, scope);
      const n = this.expectNum(a, e.args[0]!.span);
      const curveP = callee.p;
      let deg: Degree = n.deg === 0 ? 0 : n.deg === 1 ? 'sep' : 2;
      if (n.deg === 1 && !(a.p.op === 'var')) deg = 2; // separable terms must apply a curve to one variable
      const p: PExpr =
        curveP.op === 'param'
          ? { op: 'curve', name: curveP.name, idx: curveP.idx, arg: a.p }
          : { op: 'call', fn: 'apply', args: [curveP, a.p] };
      return { ty: { k: 'num', deg }, p };
    }
    if (t.k === 'entity')
      return this.error(
        'E102',
        e.span,
        `'${t.name}' is indexed by [${t.index.join(', ')}]: index it before calling`,
        `e.g. ${t.name}[${t.index[0]}](...)`,
      );
    return this.error('E104', e.callee.span, `${describeTy(t)} cannot be called`);
  }

  /** Functions whose arguments are not all numbers: concat(...) joins text; fallback(x, y) is y where x has no data. */
  private specialForm(fn: string, e: Extract<A.Expr, { kind: 'call' }>, scope: Scope): Checked | undefined {
    if (fn === 'concat') {
      const args = e.args.map((a) => this.expr(a.value, scope));
      args.forEach((a, i) => {
        if (!['str', 'num', 'member', 'any'].includes(a.ty.k) || (a.ty.k === 'num' && a.ty.deg !== 0))
          this.error('E104', e.args[i]!.span, `concat joins text and numbers, found ${describeTy(a.ty)}`);
      });
      return { ty: { k: 'str' }, p: { op: 'call', fn: 'concat', args: args.map((a) => a.p) } };
    }
    if (fn === 'slope') {
      if (e.args.length !== 2) return this.error('E118', e.span, 'slope takes a curve and a point: slope(RC[r], 0.5)');
      const c = this.expr(e.args[0]!.value, scope);
      const x = this.expr(e.args[1]!.value, scope);
      if (c.ty.k !== 'curve' && c.ty.k !== 'any')
        this.error('E104', e.args[0]!.span, `slope needs a curve, found ${describeTy(c.ty)}`);
      this.expectConstNum(x, e.args[1]!.span);
      return { ty: NUM, p: { op: 'call', fn: 'slope', args: [c.p, x.p] } };
    }
    if (fn === 'fallback') {
      if (e.args.length !== 2)
        return this.error(
          'E118',
          e.span,
          'fallback takes two arguments: fallback(value, used_if_the_data_has_no_such_row)',
        );
      const a = this.expr(e.args[0]!.value, scope);
      const b = this.expr(e.args[1]!.value, scope);
      return { ty: a.ty.k === 'any' ? b.ty : a.ty, p: { op: 'call', fn: 'fallback', args: [a.p, b.p] } };
    }
    return undefined;
  }

  private binary(e: Extract<A.Expr, { kind: 'binary' }>, scope: Scope): Checked {
    const a = this.expr(e.left, scope);
    const b = this.expr(e.right, scope);
    if (e.op === 'and' || e.op === 'or') {
      this.expectBool(a, e.left.span);
      this.expectBool(b, e.right.span);
      return { ty: BOOL, p: { op: 'bin', fn: e.op, a: a.p, b: b.p } };
    }
    const ta = this.expectNum(a, e.left.span);
    const tb = this.expectNum(b, e.right.span);
    if (a.ty.k === 'any' || b.ty.k === 'any') return { ty: ANY, p: { op: 'bin', fn: e.op, a: a.p, b: b.p } };
    let deg: Degree;
    let unit: Unit | undefined;
    switch (e.op) {
      case '+':
      case '-':
        deg = degMax(ta.deg, tb.deg);
        if (ta.unit && tb.unit && !unitEqual(ta.unit, tb.unit))
          this.error(
            'E109',
            e.span,
            `cannot ${e.op === '+' ? 'add' : 'subtract'} ${unitText(tb.unit)} ${e.op === '+' ? 'to' : 'from'} ${unitText(ta.unit)}`,
            'convert one side, or fix the unit annotations',
          );
        unit = ta.unit ?? tb.unit;
        break;
      case '*':
        deg = ta.deg === 0 ? tb.deg : tb.deg === 0 ? ta.deg : 2;
        unit = unitMul(ta.unit, tb.unit);
        break;
      case '/':
        deg = tb.deg !== 0 ? 2 : ta.deg;
        unit = unitMul(ta.unit, tb.unit, -1);
        break;
      case '^': {
        const lit = e.right.kind === 'num' ? e.right.value : undefined;
        deg = ta.deg === 0 && tb.deg === 0 ? 0 : lit === 1 ? ta.deg : lit === 0 ? 0 : 2;
        unit = lit !== undefined ? unitPow(ta.unit, lit) : undefined;
        break;
      }
    }
    return { ty: { k: 'num', deg, unit }, p: { op: 'bin', fn: e.op, a: a.p, b: b.p } };
  }

  private compare(e: Extract<A.Expr, { kind: 'compare' }>, scope: Scope): Checked {
    const args = e.operands.map((o) => this.expr(o, scope));
    let deg: Degree = 0;
    let unit: Unit | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.ty.k === 'any') continue;
      if (a.ty.k === 'str' || a.ty.k === 'member') {
        if (e.ops.some((o) => o !== '==' && o !== '!=')) {
          if (a.ty.k === 'str') this.error('E104', e.operands[i]!.span, 'strings can only be compared with == and !=');
        }
        continue;
      }
      if (a.ty.k === 'bool') {
        if (e.ops.some((o) => o !== '==' && o !== '!='))
          this.error('E104', e.operands[i]!.span, 'conditions can only be compared with == and !=');
        continue;
      }
      const t = this.expectNum(a, e.operands[i]!.span);
      deg = degMax(deg, t.deg);
      if (t.unit) {
        if (unit && !unitEqual(unit, t.unit))
          this.error(
            'E109',
            e.operands[i]!.span,
            `comparing ${unitText(unit)} with ${unitText(t.unit)}`,
            'both sides of a comparison must have the same unit',
          );
        unit ??= t.unit;
      }
    }
    return { ty: { k: 'bool', deg }, p: { op: 'cmp', ops: e.ops, args: args.map((a) => a.p) } };
  }

  private aggregate(e: Extract<A.Expr, { kind: 'aggregate' }>, scope: Scope): Checked {
    let inner = scope;
    const its: Array<{ name: string; domain: PExpr }> = [];
    for (const b of e.bindings) {
      const dom = this.expr(b.domain, inner);
      const s = this.expectSet(dom, b.domain.span);
      if (this.g.declared.has(b.variable.text) && !this.g.sets.has(b.variable.text)) {
        this.error(
          'E122',
          b.variable.span,
          `the iterator '${b.variable.text}' hides the declaration of the same name`,
          'pick another iterator name',
        );
      }
      inner = inner.child({ [b.variable.text]: { k: 'it', set: s.of, numeric: s.numeric } });
      its.push({ name: b.variable.text, domain: dom.p });
    }
    const f = e.filter ? this.expr(e.filter, inner) : undefined;
    if (f && e.filter) this.expectConstBool(f, e.filter.span);
    if (e.fn === 'count')
      return {
        ty: { k: 'num', deg: 0, unit: new Map() },
        p: { op: 'agg', fn: 'count', its, ...(f ? { filter: f.p } : {}), body: { op: 'num', v: 1 } },
      };
    if (e.noBody)
      return this.error(
        'E118',
        e.span,
        `${e.fn}(...) needs an expression after the closing parenthesis`,
        `e.g. ${e.fn}(r in region) x[r]`,
      );
    const body = this.expr(e.body, inner);
    const t = this.expectNum(body, e.body.span);
    if ((e.fn === 'max' || e.fn === 'min' || e.fn === 'prod') && t.deg !== 0)
      this.error(
        'E105',
        e.span,
        `${e.fn}(...) over decision variables is not linear`,
        'linear problems allow sums of constants times variables',
      );
    const unit = e.fn === 'prod' ? undefined : t.unit;
    return {
      ty: { k: 'num', deg: t.deg, unit },
      p: { op: 'agg', fn: e.fn, its, ...(f ? { filter: f.p } : {}), body: body.p },
    };
  }

  // ---------------------------------------------------------------- expectations
  expectNum(c: Checked, span: A.Span): { deg: Degree; unit?: Unit } {
    const t = c.ty;
    if (t.k === 'num') return t;
    if (t.k === 'any') return { deg: 0 };
    if (t.k === 'member' && t.numeric) return { deg: 0 };
    if (t.k === 'entity')
      this.error(
        'E102',
        span,
        `'${t.name}' is indexed by [${t.index.join(', ')}]: give ${t.index.length === 1 ? 'an index' : 'its indices'}`,
        `e.g. ${t.name}[${t.index.map((s) => s.charAt(0)).join(', ')}] inside sum(${t.index[0]!.charAt(0)} in ${t.index[0]}) ...`,
      );
    else if (t.k === 'column')
      this.error(
        'E102',
        span,
        `the column '${t.data}.${t.column}' needs a key: ${t.data}.${t.column}[...]`,
        'or assign the whole column to an indexed parameter: param p[set] = data.column',
      );
    else if (t.k === 'problem')
      this.error(
        'E104',
        span,
        `the problem '${t.name}' is not a number`,
        `use ${t.name}.objective or ${t.name}.<variable>[...]`,
      );
    else this.error('E104', span, `expected a number, found ${describeTy(t)}`);
    return { deg: 0 };
  }

  expectConstNum(c: Checked, span: A.Span): void {
    const t = this.expectNum(c, span);
    if (t.deg !== 0) this.error('E121', span, 'this value cannot depend on decision variables');
  }

  expectBool(c: Checked, span: A.Span): void {
    if (c.ty.k !== 'bool' && c.ty.k !== 'any')
      this.error('E104', span, `expected a condition, found ${describeTy(c.ty)}`, 'write a comparison such as x > 0');
  }

  expectConstBool(c: Checked, span: A.Span): void {
    this.expectBool(c, span);
    if (c.ty.k === 'bool' && c.ty.deg !== 0) this.error('E105', span, 'a filter cannot depend on decision variables');
  }

  expectSet(c: Checked, span: A.Span): { of: string; numeric: boolean } {
    if (c.ty.k === 'set') return c.ty;
    if (c.ty.k === 'any') return { of: '#any', numeric: false };
    if (c.ty.k === 'column') return { of: '#any', numeric: c.ty.type !== 'string' };
    this.error(
      'E104',
      span,
      `expected a set, found ${describeTy(c.ty)}`,
      'iterate over a declared set, a subset {r in set : condition} or a range a..b',
    );
    return { of: '#any', numeric: false };
  }
}

export function exprName(e: A.Expr): string {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'member':
      return `${exprName(e.object)}.${e.member.text}`;
    case 'index':
      return exprName(e.object);
    case 'call':
      return exprName(e.callee);
    case 'str':
      return JSON.stringify(e.value);
    case 'num':
      return e.text;
    default:
      return 'expression';
  }
}
