// The canonical layout of a .model file (`abate fmt`, and the editor's "format document").
//
// Like gofmt, it works on the token stream rather than reprinting the syntax tree: every token and every
// comment stays, in order, and every line break stays (runs of blank lines become one), so only spaces change
// and a formatted file always means what the original meant. The syntax tree tells each token its role (a
// unary or a binary minus, a declaration colon or a filter colon, a block brace or a set brace), and the
// layout follows from that:
// - two spaces per level of indentation: one per bracket opened on an earlier line, one more for the
//   continuation line of a declaration or property;
// - one space around binary operators, `=` and `~`; none around `.`, `..`, `^` and inside a unit (`MUSD/Mt`);
//   none inside `( )`, `[ ]` and set braces `{north, south}`, one inside block braces `{ of = m1 }`;
// - two spaces between declarations or properties that share a line (`{ data = panel  unit = city }`);
// - trailing comments of consecutive lines aligned two spaces after the longest line;
// - no blank line at the start of the file, after an opening or before a closing brace; one newline at the end.
// As a guard the result is parsed again and must give the same syntax tree and the same comments.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { parseModel } from '../grammar/parse.ts';
import type { Diagnostic } from '../diagnostics/index.ts';

export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

/** Nodes whose first token starts a statement: a declaration, a property, a column, a part of a problem. */
const STATEMENT_RULES = new Set([
  'decl',
  'columnDecl',
  'prop',
  'tableColumn',
  'override',
  'gridDimension',
  'varDecl',
  'objective',
  'constraint',
]);
/** Rules whose ':' introduces a filter (`sum(r in region : cond)`), spaced on both sides; elsewhere `name: type`. */
const FILTER_COLON_RULES = new Set(['aggregate', 'setLiteral', 'tableBy']);
/** Rules whose '(' follows a name without a space: calls, aggregates, `value(S)`, `problem p(S in region)`. */
const TIGHT_PAREN_RULES = new Set(['callSuffix', 'aggregate', 'prop', 'problemDecl']);
const OPENERS = new Set(['LParen', 'LBracket', 'LBrace']);
const CLOSERS = new Set(['RParen', 'RBracket', 'RBrace']);
const INDENT = 2;

interface Role {
  rule: string;
}

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;
const isComment = (t: IToken) => t.tokenType.name === 'LineComment' || t.tokenType.name === 'BlockComment';

/** Each token's rule, and the tokens that start a statement. */
function roles(cst: CstNode): { role: Map<IToken, Role>; starts: Set<IToken> } {
  const role = new Map<IToken, Role>();
  const starts = new Set<IToken>();
  const walk = (n: CstNode): IToken | undefined => {
    let first: IToken | undefined;
    for (const elems of Object.values(n.children))
      for (const e of elems) {
        const f = isToken(e) ? e : walk(e);
        if (isToken(e)) role.set(e, { rule: n.name });
        if (f && (!first || f.startOffset < first.startOffset)) first = f;
      }
    if (first && STATEMENT_RULES.has(n.name)) starts.add(first);
    return first;
  };
  walk(cst);
  return { role, starts };
}

interface Line {
  items: IToken[];
  blankBefore: boolean;
  indent: number;
}

export function formatSource(source: string, file: string): FormatResult {
  const parsed = parseModel(source, file);
  if (!parsed.model) return { ok: false, diagnostics: parsed.diagnostics };
  const text = layout(source, parsed.tokens, parsed.comments, parsed.cst);
  const again = parseModel(text, file);
  if (!again.model || !sameMeaning(parsed, again))
    throw new Error(`the formatter would change the meaning of ${file}; the file is left as it is`);
  return { ok: true, text };
}

function layout(source: string, tokens: IToken[], comments: IToken[], cst: CstNode): string {
  const { role, starts } = roles(cst);
  const all = [...tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
  const lines = splitLines(source, all);
  indentLines(lines, role, starts);
  const code = lines.map((l) => lineText(l, role, starts));
  alignTrailingComments(lines, code);
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.blankBefore) out.push('');
    out.push(code[i]!.text);
  });
  return out.length ? `${out.join('\n')}\n` : '';
}

const newlines = (s: string) => s.split('\n').length - 1;

/** Tokens grouped by the line they start on; a blank line before a line is kept (one) unless it follows an opener or precedes a closer. */
function splitLines(source: string, all: IToken[]): Line[] {
  const lines: Line[] = [];
  let prevEnd = -1;
  for (const t of all) {
    const breaks = prevEnd < 0 ? -1 : newlines(source.slice(prevEnd, t.startOffset));
    if (breaks !== 0) {
      const prev = lines.at(-1);
      const lastCode = prev?.items.filter((x) => !isComment(x)).at(-1);
      const afterOpener = !prev || (lastCode !== undefined && OPENERS.has(lastCode.tokenType.name));
      lines.push({ items: [t], blankBefore: breaks >= 2 && !afterOpener && !CLOSERS.has(t.tokenType.name), indent: 0 });
    } else lines.at(-1)!.items.push(t);
    prevEnd = (t.endOffset ?? t.startOffset) + 1;
  }
  return lines;
}

interface Frame {
  block: boolean;
  lineIndent: number;
}

/** Indentation from the brackets still open at the start of each line, plus one level for a continuation line. */
function indentLines(lines: Line[], role: Map<IToken, Role>, starts: Set<IToken>) {
  const stack: Frame[] = [];
  for (const l of lines) {
    const first = l.items[0]!;
    const top = stack.at(-1);
    if (CLOSERS.has(first.tokenType.name)) l.indent = top?.lineIndent ?? 0;
    else {
      const base = top ? top.lineIndent + INDENT : 0;
      const continuation = (!top || top.block) && !isComment(first) && !starts.has(first);
      l.indent = base + (continuation ? INDENT : 0);
    }
    for (const t of l.items) {
      const name = t.tokenType.name;
      if (OPENERS.has(name))
        stack.push({ block: name === 'LBrace' && role.get(t)?.rule !== 'setLiteral', lineIndent: l.indent });
      else if (CLOSERS.has(name)) stack.pop();
    }
  }
}

/** The text of a line without its trailing line comment, and that comment. */
function lineText(l: Line, role: Map<IToken, Role>, starts: Set<IToken>): { text: string; trailing?: string } {
  const last = l.items.at(-1)!;
  const trailing = l.items.length > 1 && last.tokenType.name === 'LineComment' ? commentText(last) : undefined;
  const items = trailing === undefined ? l.items : l.items.slice(0, -1);
  let text = ' '.repeat(l.indent);
  items.forEach((t, i) => {
    if (i > 0) text += gap(items[i - 1]!, t, role, starts);
    text += isComment(t) ? commentText(t) : t.image;
  });
  return trailing === undefined ? { text } : { text, trailing };
}

const commentText = (t: IToken) => (t.tokenType.name === 'LineComment' ? t.image.trimEnd() : t.image);

/** The spaces between two tokens on one line. */
function gap(a: IToken, b: IToken, role: Map<IToken, Role>, starts: Set<IToken>): string {
  if (isComment(a) || isComment(b)) return ' ';
  const A = a.tokenType.name;
  const B = b.tokenType.name;
  const ra = role.get(a)?.rule;
  const rb = role.get(b)?.rule;
  if (starts.has(b)) return A === 'LBrace' || A === 'Semi' || A === 'Comma' ? ' ' : '  ';
  if (A === 'LBrace' && B === 'RBrace') return '';
  if (A === 'LBrace') return ra === 'setLiteral' ? '' : ' ';
  if (B === 'RBrace') return rb === 'setLiteral' ? '' : ' ';
  if (A === 'LParen' || A === 'LBracket' || B === 'RParen' || B === 'RBracket') return '';
  if (B === 'Comma' || B === 'Semi') return '';
  if (A === 'Dot' || B === 'Dot' || A === 'DotDot' || B === 'DotDot') return '';
  if (A === 'Caret' || B === 'Caret') return '';
  if (B === 'Colon') return rb !== undefined && FILTER_COLON_RULES.has(rb) ? ' ' : '';
  if ((A === 'Star' || A === 'Slash') && ra === 'unitExpr') return '';
  if ((B === 'Star' || B === 'Slash') && rb === 'unitExpr') return '';
  if (A === 'Minus' && (ra === 'unaryExpr' || ra === 'unitFactor')) return '';
  if (B === 'LParen' && rb !== undefined && TIGHT_PAREN_RULES.has(rb)) return '';
  if (B === 'LBracket' && (rb === 'indexSuffix' || rb === 'indexSpec' || rb === 'override')) return '';
  return ' ';
}

/** Consecutive lines with trailing comments put them in one column, two spaces after the longest line. */
function alignTrailingComments(lines: Line[], code: Array<{ text: string; trailing?: string }>) {
  const single = (i: number) => code[i]!.trailing !== undefined && !code[i]!.text.includes('\n');
  for (let i = 0; i < code.length;) {
    if (!single(i)) {
      if (code[i]!.trailing !== undefined) code[i]!.text += `  ${code[i]!.trailing}`;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < code.length && single(j) && !lines[j]!.blankBefore) j++;
    const column = Math.max(...code.slice(i, j).map((c) => c.text.length)) + 2;
    for (let k = i; k < j; k++) code[k]!.text = `${code[k]!.text.padEnd(column)}${code[k]!.trailing}`;
    i = j;
  }
}

/** The same syntax tree (ignoring source positions) and the same comments. */
function sameMeaning(a: ReturnType<typeof parseModel>, b: ReturnType<typeof parseModel>): boolean {
  const strip = (_k: string, v: unknown) => (_k === 'span' || _k === 'nameSpan' || _k === 'pathSpan' ? undefined : v);
  const comments = (r: ReturnType<typeof parseModel>) => r.comments.map(commentText).join('\n');
  return JSON.stringify(a.model?.decls, strip) === JSON.stringify(b.model?.decls, strip) && comments(a) === comments(b);
}
