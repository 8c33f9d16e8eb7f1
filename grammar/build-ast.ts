// CST → AST. Runs only on a CST without syntax errors, so every mandatory child is present.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.ts';
import { isConstructKeyword } from '../constructs/registry.ts';

type Kids = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;
const kids = (n: CstNode): Kids => n.children as Kids;
const node = (n: CstNode, label: string, i = 0): CstNode => kids(n)[label]![i] as CstNode;
const nodes = (n: CstNode, label: string): CstNode[] => (kids(n)[label] ?? []) as CstNode[];
const tok = (n: CstNode, label: string, i = 0): IToken => kids(n)[label]![i] as IToken;
const toks = (n: CstNode, label: string): IToken[] => (kids(n)[label] ?? []) as IToken[];
const has = (n: CstNode, label: string): boolean => (kids(n)[label]?.length ?? 0) > 0;

function posOf(t: IToken, end = false): A.Pos {
  if (end)
    return {
      line: t.endLine ?? t.startLine ?? 1,
      col: (t.endColumn ?? t.startColumn ?? 1) + 1,
      offset: (t.endOffset ?? t.startOffset) + 1,
    };
  return { line: t.startLine ?? 1, col: t.startColumn ?? 1, offset: t.startOffset };
}

/** First and last token of any CST element, for source ranges. Memoised per node: spanOf is asked for every
 *  node of nested expressions, and walking each subtree again made building the AST quadratic in depth. */
const firstMemo = new WeakMap<CstNode, IToken | undefined>();
const lastMemo = new WeakMap<CstNode, IToken | undefined>();
function firstTok(e: CstElement): IToken | undefined {
  if (isToken(e)) return e;
  if (firstMemo.has(e)) return firstMemo.get(e);
  let best: IToken | undefined;
  for (const arr of Object.values(e.children))
    for (const c of arr) {
      const t = firstTok(c);
      if (t && (!best || t.startOffset < best.startOffset)) best = t;
    }
  firstMemo.set(e, best);
  return best;
}
function lastTok(e: CstElement): IToken | undefined {
  if (isToken(e)) return e;
  if (lastMemo.has(e)) return lastMemo.get(e);
  let best: IToken | undefined;
  for (const arr of Object.values(e.children))
    for (const c of arr) {
      const t = lastTok(c);
      if (t && (!best || t.startOffset > best.startOffset)) best = t;
    }
  lastMemo.set(e, best);
  return best;
}
export function spanOf(...elems: CstElement[]): A.Span {
  const firsts = elems.map(firstTok).filter((t): t is IToken => !!t);
  const lasts = elems.map(lastTok).filter((t): t is IToken => !!t);
  const a = firsts.reduce((m, t) => (t.startOffset < m.startOffset ? t : m));
  const b = lasts.reduce((m, t) => (t.startOffset > m.startOffset ? t : m));
  return { start: posOf(a), end: posOf(b, true) };
}
const spanTok = (t: IToken): A.Span => ({ start: posOf(t), end: posOf(t, true) });
const nameOf = (t: IToken): A.Name => ({ text: t.image, span: spanTok(t) });
const anyName = (n: CstNode): A.Name => nameOf(firstTok(n)!);
/** The keyword of a property block: the parser accepts only the registry's keywords. */
function constructName(t: IToken): Extract<A.Decl, { kind: 'block' }>['construct'] {
  if (!isConstructKeyword(t.image)) throw new Error(`internal: '${t.image}' is not a construct keyword`);
  return { text: t.image, span: spanTok(t) };
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

export function parseNumber(text: string): number {
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

export function buildModel(cst: CstNode, file: string): A.Model {
  return { file, decls: nodes(cst, 'decl').map(buildDecl) };
}

function buildDecl(d: CstNode): A.Decl {
  const [inner] = Object.entries(kids(d))
    .filter(([k]) => k !== 'Semi')
    .map(([, v]) => v![0] as CstNode);
  const span = spanOf(inner!);
  const n = inner!;
  switch (n.name) {
    case 'studyDecl':
      return {
        kind: 'study',
        title: unquote(tok(n, 'StringLit').image),
        props: buildProps(node(n, 'propBlock')),
        span,
        nameSpan: spanTok(tok(n, 'StringLit')),
      };
    case 'dataDecl':
      return {
        kind: 'data',
        name: nameOf(tok(n, 'Identifier')),
        path: unquote(tok(n, 'StringLit').image),
        pathSpan: spanTok(tok(n, 'StringLit')),
        key: nodes(n, 'keyCol').map(anyName),
        columns: nodes(n, 'columnDecl').map((c) => ({
          name: anyName(node(c, 'column')),
          type: nameOf(tok(c, 'type')),
          span: spanOf(c),
        })),
        span,
      };
    case 'setDecl':
      return { kind: 'set', name: nameOf(tok(n, 'Identifier')), value: buildExpr(node(n, 'expr')), span };
    case 'paramDecl':
    case 'resultDecl':
      return {
        kind: n.name === 'paramDecl' ? 'param' : 'result',
        name: nameOf(tok(n, 'Identifier')),
        index: has(n, 'indexSpec') ? buildIndexSpec(node(n, 'indexSpec')) : [],
        unit: has(n, 'unitExpr') ? buildUnit(node(n, 'unitExpr')) : undefined,
        value: buildExpr(node(n, 'expr')),
        span,
      };
    case 'problemDecl':
      return buildProblem(n, span);
    case 'tableDecl': {
      const title = has(n, 'title') ? unquote(tok(n, 'title').image) : undefined;
      if (has(n, 'tableOf')) return buildTableOf(n, node(n, 'tableOf'), title, span);
      const b = node(n, 'tableBy');
      return {
        kind: 'table',
        name: nameOf(tok(n, 'Identifier')),
        title,
        by: nodes(b, 'binding').map(buildBinding),
        pivot: has(b, 'pivot') ? nameOf(tok(b, 'pivot')) : undefined,
        filter: has(b, 'filter') ? buildExpr(node(b, 'filter')) : undefined,
        columns: nodes(b, 'tableColumn').map((c) => ({
          name: anyName(node(c, 'column')),
          label: has(c, 'label') ? unquote(tok(c, 'label').image) : undefined,
          value: buildExpr(node(c, 'expr')),
          span: spanOf(c),
        })),
        span,
      };
    }
    case 'scenarioDecl':
      if (has(n, 'Kw_grid')) {
        return {
          kind: 'grid',
          span,
          dimensions: nodes(n, 'gridDimension').map((g) => {
            const names = nodes(g, 'scenarioName');
            const blocks = nodes(g, 'overrideBlock');
            return {
              name: nameOf(tok(g, 'Identifier')),
              span: spanOf(g),
              levels: names.map((nm, i) => ({
                name: scenarioName(nm),
                overrides: buildOverrides(blocks[i]!),
                span: spanOf(nm, blocks[i]!),
              })),
            };
          }),
        };
      }
      return {
        kind: 'scenario',
        name: scenarioName(node(n, 'scenarioName')),
        title: has(n, 'title') ? unquote(tok(n, 'title').image) : undefined,
        overrides: buildOverrides(node(n, 'overrideBlock')),
        span,
      };
    case 'blockDecl':
      return {
        kind: 'block',
        construct: constructName(tok(n, 'construct')),
        name: has(n, 'Identifier') ? nameOf(tok(n, 'Identifier')) : undefined,
        index: has(n, 'indexSpec') ? buildIndexSpec(node(n, 'indexSpec')) : [],
        title: has(n, 'title') ? unquote(tok(n, 'title').image) : undefined,
        over: has(n, 'over') ? buildPostfix(node(n, 'over')) : undefined,
        value: has(n, 'expr') ? buildExpr(node(n, 'expr')) : undefined,
        props: has(n, 'propBlock') ? buildProps(node(n, 'propBlock')) : [],
        span,
      };
    default:
      throw new Error(`internal: unexpected declaration ${n.name}`);
  }
}

/** `table NAME "title" of a "A", b { ... }`: the table-of-estimates construct, its sources as the `of` property. */
function buildTableOf(n: CstNode, of: CstNode, title: string | undefined, span: A.Span): A.Decl {
  const sources = toks(of, 'source');
  const heads = toks(of, 'head');
  // a head belongs to the source just before it
  const labelOf = (i: number) => {
    const next = sources[i + 1]?.startOffset ?? Infinity;
    const h = heads.find((t) => t.startOffset > sources[i]!.startOffset && t.startOffset < next);
    return h ? { text: unquote(h.image), span: spanTok(h) } : undefined;
  };
  const items: A.Expr[] = sources.map((t) => ({ kind: 'name', name: t.image, span: spanTok(t) }));
  const ofProp: A.Prop = {
    name: { text: 'of', span: spanTok(tok(of, 'Kw_of')) },
    value: { kind: 'list', items, labels: sources.map((_, i) => labelOf(i)), span: spanOf(of) },
    span: spanOf(of),
  };
  return {
    kind: 'block',
    construct: constructName(tok(n, 'Kw_table')),
    name: nameOf(tok(n, 'Identifier')),
    index: [],
    title,
    props: [ofProp, ...buildProps(node(of, 'propBlock'))],
    span,
  };
}

function scenarioName(n: CstNode): A.Name {
  const t = firstTok(n)!;
  return { text: t.tokenType.name === 'StringLit' ? unquote(t.image) : t.image, span: spanTok(t) };
}

function buildOverrides(block: CstNode): A.Override[] {
  return nodes(block, 'override').map((o) => ({
    target: nameOf(tok(o, 'Identifier')),
    indices: nodes(o, 'index').map(buildExpr),
    value: buildExpr(node(o, 'value')),
    span: spanOf(o),
  }));
}

function buildProps(block: CstNode): A.Prop[] {
  return nodes(block, 'prop').map((p) => ({
    name: anyName(node(p, 'name')),
    label: has(p, 'label') ? nameOf(tok(p, 'label')) : undefined,
    params: has(p, 'LParen') ? toks(p, 'param').map(nameOf) : undefined,
    value: has(p, 'expr') ? buildExpr(node(p, 'expr')) : undefined,
    span: spanOf(p),
  }));
}

function buildIndexSpec(n: CstNode): A.IndexBinding[] {
  return nodes(n, 'indexBinding').map((b) =>
    has(b, 'setName')
      ? { variable: nameOf(tok(b, 'Identifier')), set: nameOf(tok(b, 'setName')), span: spanOf(b) }
      : { set: nameOf(tok(b, 'Identifier')), span: spanOf(b) },
  );
}

function buildUnit(n: CstNode): A.UnitAnnotation {
  const factors = nodes(n, 'unitFactor');
  const ops = [...toks(n, 'Star'), ...toks(n, 'Slash')].sort((a, b) => a.startOffset - b.startOffset);
  return {
    span: spanOf(n),
    factors: factors.flatMap((f, i) => {
      const base = firstTok(f)!;
      let power = has(f, 'exponent') ? parseNumber(tok(f, 'exponent').image) : 1;
      if (has(f, 'Minus')) power = -power;
      if (i > 0 && ops[i - 1]!.image === '/') power = -power;
      if (base.tokenType.name === 'NumberLit') return [];
      return [{ name: base.image, power, span: spanOf(f) }];
    }),
  };
}

function buildProblem(n: CstNode, span: A.Span): A.Decl {
  const vars: A.VarDecl[] = nodes(n, 'varDecl').map((v) => {
    const domainTok = has(v, 'domain') ? tok(v, 'domain').image : 'continuous';
    return {
      name: nameOf(tok(v, 'Identifier')),
      index: has(v, 'indexSpec') ? buildIndexSpec(node(v, 'indexSpec')) : [],
      unit: has(v, 'unitExpr') ? buildUnit(node(v, 'unitExpr')) : undefined,
      lower: nodes(v, 'lower').map(buildBound),
      upper: nodes(v, 'upper').map(buildBound),
      domain: domainTok as A.VarDecl['domain'],
      span: spanOf(v),
    };
  });
  const objs = nodes(n, 'objective');
  const o = objs[0];
  return {
    kind: 'problem',
    name: nameOf(tok(n, 'Identifier')),
    coalition: has(n, 'coalition')
      ? { variable: nameOf(tok(n, 'coalition')), set: nameOf(tok(n, 'setName')) }
      : undefined,
    vars,
    objective: o
      ? {
          sense: tok(o, 'sense').image as 'minimize' | 'maximize',
          name: has(o, 'Identifier') ? nameOf(tok(o, 'Identifier')) : undefined,
          expr: buildExpr(node(o, 'expr')),
          span: spanOf(o),
        }
      : undefined,
    constraints: nodes(n, 'constraint').map((c) => ({
      name: nameOf(tok(c, 'Identifier')),
      index: has(c, 'indexSpec') ? buildIndexSpec(node(c, 'indexSpec')) : [],
      expr: buildExpr(node(c, 'expr')),
      span: spanOf(c),
    })),
    span,
  };
}

const buildBound = (n: CstNode): A.Expr => (n.name === 'rangeExpr' ? buildRange(n) : buildExpr(n));

function buildBinding(b: CstNode): A.Binding {
  return { variable: nameOf(tok(b, 'Identifier')), domain: buildRange(node(b, 'domain')), span: spanOf(b) };
}

// ---- expressions ----
export function buildExpr(n: CstNode): A.Expr {
  const lhs = buildOr(node(n, 'lhs'));
  if (!has(n, 'rhs')) return lhs;
  return { kind: 'formula', lhs, rhs: buildOr(node(n, 'rhs')), span: spanOf(n) };
}

function leftAssoc(n: CstNode, sub: (c: CstNode) => A.Expr): A.Expr {
  const operands = nodes(n, 'operand');
  const ops = toks(n, 'op');
  let acc = sub(operands[0]!);
  for (let i = 0; i < ops.length; i++) {
    const right = sub(operands[i + 1]!);
    acc = {
      kind: 'binary',
      op: ops[i]!.image as A.BinaryOp,
      left: acc,
      right,
      span: { start: acc.span.start, end: right.span.end },
    };
  }
  return acc;
}

const buildOr = (n: CstNode): A.Expr => leftAssoc(n, buildAnd);
const buildAnd = (n: CstNode): A.Expr => leftAssoc(n, buildNot);

function buildNot(n: CstNode): A.Expr {
  if (has(n, 'Kw_not')) return { kind: 'unary', op: 'not', operand: buildNot(node(n, 'notExpr')), span: spanOf(n) };
  return buildCmp(node(n, 'cmpExpr'));
}

function buildCmp(n: CstNode): A.Expr {
  const operands = nodes(n, 'operand').map(buildRange);
  if (operands.length === 1) return operands[0]!;
  const ops = toks(n, 'op').map((t) => t.image as A.CompareOp);
  return { kind: 'compare', ops, operands, span: spanOf(n) };
}

function buildRange(n: CstNode): A.Expr {
  const operands = nodes(n, 'operand');
  if (operands.length === 1) return buildAdd(operands[0]!);
  return { kind: 'range', from: buildAdd(operands[0]!), to: buildAdd(operands[1]!), span: spanOf(n) };
}

const buildAdd = (n: CstNode): A.Expr => leftAssoc(n, buildMul);
const buildMul = (n: CstNode): A.Expr => leftAssoc(n, buildUnary);

function buildUnary(n: CstNode): A.Expr {
  if (has(n, 'Minus')) {
    const operand = buildUnary(node(n, 'unaryExpr'));
    if (operand.kind === 'num') return { ...operand, value: -operand.value, text: `-${operand.text}`, span: spanOf(n) };
    return { kind: 'unary', op: '-', operand, span: spanOf(n) };
  }
  const p = node(n, 'powExpr');
  const base = buildPostfix(node(p, 'base'));
  if (!has(p, 'exponent')) return base;
  const exponent = buildUnary(node(p, 'exponent'));
  return { kind: 'binary', op: '^', left: base, right: exponent, span: spanOf(p) };
}

function buildPostfix(n: CstNode): A.Expr {
  let acc = buildPrimary(node(n, 'primary'));
  // Suffixes in source order.
  const suffixes: CstElement[] = [...toks(n, 'dot'), ...nodes(n, 'indexSuffix'), ...nodes(n, 'callSuffix')];
  suffixes.sort((a, b) => firstTok(a)!.startOffset - firstTok(b)!.startOffset);
  const members = nodes(n, 'member');
  let m = 0;
  for (const s of suffixes) {
    if (isToken(s)) {
      const member = anyName(members[m++]!);
      acc = { kind: 'member', object: acc, member, span: { start: acc.span.start, end: member.span.end } };
    } else if (s.name === 'indexSuffix') {
      acc = {
        kind: 'index',
        object: acc,
        indices: nodes(s, 'expr').map(buildExpr),
        span: { start: acc.span.start, end: spanOf(s).end },
      };
    } else {
      const args: A.Arg[] = nodes(s, 'argument').map((a) => ({
        name: has(a, 'argName') ? anyName(node(a, 'argName')) : undefined,
        value: buildExpr(node(a, 'expr')),
        span: spanOf(a),
      }));
      acc = { kind: 'call', callee: acc, args, span: { start: acc.span.start, end: spanOf(s).end } };
    }
  }
  return acc;
}

function buildPrimary(n: CstNode): A.Expr {
  const span = spanOf(n);
  if (has(n, 'NumberLit')) {
    const t = tok(n, 'NumberLit');
    return { kind: 'num', value: parseNumber(t.image), text: t.image, span };
  }
  if (has(n, 'StringLit')) return { kind: 'str', value: unquote(tok(n, 'StringLit').image), span };
  if (has(n, 'Kw_true')) return { kind: 'bool', value: true, span };
  if (has(n, 'Kw_false')) return { kind: 'bool', value: false, span };
  if (has(n, 'Identifier')) return { kind: 'name', name: tok(n, 'Identifier').image, span };
  if (has(n, 'expr')) return buildExpr(node(n, 'expr'));
  if (has(n, 'aggregate')) {
    const a = node(n, 'aggregate');
    const fnTok = tok(a, 'fn');
    const fn = fnTok.image as A.AggregateFn;
    if (has(a, 'binding')) {
      return {
        kind: 'aggregate',
        fn,
        bindings: nodes(a, 'binding').map(buildBinding),
        filter: has(a, 'filter') ? buildExpr(node(a, 'filter')) : undefined,
        body: has(a, 'body') ? buildMul(node(a, 'body')) : { kind: 'num', value: 1, text: '1', span },
        span,
        ...(has(a, 'body') ? {} : { noBody: true }),
      } as A.Expr;
    }
    return {
      kind: 'call',
      callee: { kind: 'name', name: fn, span: spanTok(fnTok) },
      args: nodes(a, 'arg').map((e) => {
        const v = buildExpr(e);
        return { value: v, span: v.span };
      }),
      span,
    };
  }
  if (has(n, 'ifExpr')) {
    const f = node(n, 'ifExpr');
    return {
      kind: 'if',
      cond: buildExpr(node(f, 'cond')),
      then: buildExpr(node(f, 'then')),
      else: buildExpr(node(f, 'else')),
      span,
    };
  }
  if (has(n, 'listLiteral')) {
    const items = nodes(node(n, 'listLiteral'), 'listItem');
    const labels = items.map((it) =>
      has(it, 'label') ? { text: unquote(tok(it, 'label').image), span: spanTok(tok(it, 'label')) } : undefined,
    );
    return {
      kind: 'list',
      items: items.map((it) => buildExpr(node(it, 'expr'))),
      ...(labels.some((l) => l) ? { labels } : {}),
      span,
    };
  }
  const s = node(n, 'setLiteral');
  if (has(s, 'binding'))
    return {
      kind: 'setBuilder',
      binding: buildBinding(node(s, 'binding')),
      filter: has(s, 'filter') ? buildExpr(node(s, 'filter')) : undefined,
      span,
    };
  return { kind: 'setLiteral', members: nodes(s, 'member').map(scenarioName), span };
}
