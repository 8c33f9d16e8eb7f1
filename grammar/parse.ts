// Text → tokens → CST → AST, with every lexical and syntax error collected as a diagnostic.
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { tokenize, COMMENTS, StringLit, UnterminatedString } from './lexer.ts';
import { parser } from './parser.ts';
import { buildModel } from './build-ast.ts';
import type { Model, Span } from './ast.ts';
import { diag, type Diagnostic } from '../diagnostics/index.ts';

export interface ParseResult {
  model?: Model;
  diagnostics: Diagnostic[];
  /** the tokens the parser read, the comments beside them, and the syntax tree (for the formatter and editor tools) */
  tokens: IToken[];
  comments: IToken[];
  cst: CstNode;
}

function tokenSpan(t: IToken, source: string): Span {
  if (Number.isNaN(t.startOffset) || t.startLine === undefined || Number.isNaN(t.startLine)) {
    // End of input: point just past the last character.
    const lines = source.split(/\r?\n/);
    const line = lines.length;
    const col = (lines[line - 1]?.length ?? 0) + 1;
    return { start: { line, col, offset: source.length }, end: { line, col: col + 1, offset: source.length } };
  }
  return {
    start: { line: t.startLine, col: t.startColumn ?? 1, offset: t.startOffset },
    end: {
      line: t.endLine ?? t.startLine,
      col: (t.endColumn ?? t.startColumn ?? 1) + 1,
      offset: (t.endOffset ?? t.startOffset) + 1,
    },
  };
}

const describe = (t: IToken) => (t.tokenType.name === 'EOF' ? 'end of file' : `'${t.image}'`);

function syntaxDiagnostic(
  e: IRecognitionException & { previousToken?: IToken },
  file: string,
  source: string,
  unclosed?: () => IToken | undefined,
): Diagnostic {
  const t = e.token;
  const atEof = t.tokenType.name === 'EOF';
  const prev = e.previousToken && !Number.isNaN(e.previousToken.startOffset) ? e.previousToken : undefined;
  // A token on a later line than the previous one: the problem is at the end of the previous line (an
  // unfinished expression, a missing bracket), so point just after the previous token and say where the
  // unexpected token is.
  const nextLine = !atEof && prev && (t.startLine ?? 0) > (prev.endLine ?? prev.startLine ?? 0);
  const span = tokenSpan(atEof || nextLine ? (prev ?? t) : t, source);
  if ((atEof || nextLine) && prev) {
    span.start = { ...span.end, col: span.end.col, offset: span.end.offset };
    span.end = { ...span.start, col: span.start.col + 1 };
  }
  const found = nextLine ? `${describe(t)} on line ${t.startLine}` : describe(t);
  const after = nextLine && prev ? ` after '${prev.image}'` : '';
  const stack = e.context.ruleStack;
  const rule = stack.at(-1) ?? 'model';
  const declRule = [...stack].reverse().find((r) => DECL_RULES.has(r)) ?? 'model';
  const inExpr = EXPR_RULES.has(rule);
  const where = RULE_NAMES[declRule] ?? declRule;
  if (atEof) {
    const open = unclosed?.();
    if (open)
      return diag('S003', file, span, {
        message: `unexpected end of file in ${where}: the '${open.image}' on line ${open.startLine} is not closed`,
        hint: `add the closing '${CLOSERS[open.image]}', or complete the declaration`,
      });
    return diag('S003', file, span, {
      message: `unexpected end of file in ${where}`,
      hint: 'the declaration is incomplete: check for a missing closing brace, bracket or value',
    });
  }
  if (e.name === 'MismatchedTokenException') {
    // Chevrotain: "Expecting --> ')' <-- but found ..." (the token's label, or its name when it has none)
    const expected = /Expecting(?: token of type)? --> (.+?) <--/.exec(e.message)?.[1];
    const label = expected
      ? (TOKEN_LABELS[expected] ?? (expected.startsWith('Kw_') ? `'${expected.slice(3)}'` : expected))
      : 'something else';
    if (expected === 'EOF')
      return diag('S002', file, span, { message: `unexpected ${found}: expected a new declaration`, hint: DECL_HINT });
    return diag('S002', file, span, {
      message: `expected ${label}${after} in ${where}, found ${found}`,
      hint: HINTS[rule] ?? HINTS[declRule],
    });
  }
  if (inExpr)
    return diag('S004', file, span, {
      message: `expected an expression${after} in ${where}, found ${found}`,
      hint: HINTS[declRule] ?? 'an expression is a number, a string, a name, a call, or operators combining them',
    });
  if (e.name === 'NotAllInputParsedException')
    return diag('S002', file, span, { message: `unexpected ${found}: expected a declaration`, hint: DECL_HINT });
  return diag('S004', file, span, {
    message: `unexpected ${found}${after} in ${where}`,
    hint: HINTS[rule] ?? HINTS[declRule] ?? DECL_HINT,
  });
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** The innermost bracket never closed (for a message at the end of the file). */
function innermostUnclosed(tokens: IToken[]): IToken | undefined {
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (CLOSERS[t.image] && t.tokenType.name !== 'StringLit') stack.push(t);
    else if (stack.length && t.image === CLOSERS[stack.at(-1)!.image]) stack.pop();
  }
  return stack.at(-1);
}

const DECL_HINT =
  'a declaration starts with study, data, set, param, problem, result, table, scenario, or a construct such as mac, game, survey, screen, report';
const DECL_RULES = new Set([
  'studyDecl',
  'dataDecl',
  'columnDecl',
  'setDecl',
  'paramDecl',
  'resultDecl',
  'problemDecl',
  'varDecl',
  'objective',
  'constraint',
  'tableDecl',
  'tableColumn',
  'scenarioDecl',
  'gridDimension',
  'override',
  'blockDecl',
  'prop',
]);
const EXPR_RULES = new Set([
  'expr',
  'orExpr',
  'andExpr',
  'notExpr',
  'cmpExpr',
  'rangeExpr',
  'addExpr',
  'mulExpr',
  'unaryExpr',
  'powExpr',
  'postfixExpr',
  'primary',
]);
const TOKEN_LABELS: Record<string, string> = {
  Identifier: 'a name',
  StringLit: 'a string',
  NumberLit: 'a number',
  LBrace: "'{'",
  RBrace: "'}'",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Eq: "'='",
  Colon: "':'",
  Comma: "','",
  Kw_in: "'in'",
  Kw_from: "'from'",
  Kw_to: "'to'",
  Kw_then: "'then'",
  Kw_else: "'else'",
};
const RULE_NAMES: Record<string, string> = {
  model: 'the model',
  decl: 'a declaration',
  studyDecl: 'the study block',
  dataDecl: 'a data declaration',
  columnDecl: 'a column declaration',
  setDecl: 'a set declaration',
  paramDecl: 'a parameter declaration',
  resultDecl: 'a result declaration',
  problemDecl: 'a problem',
  varDecl: 'a variable declaration',
  objective: 'an objective',
  constraint: 'a constraint',
  tableDecl: 'a table',
  tableColumn: 'a table column',
  scenarioDecl: 'a scenario',
  gridDimension: 'a scenario grid dimension',
  override: 'a scenario override',
  blockDecl: 'a construct block',
  prop: 'a property',
  propBlock: 'a property block',
  indexSpec: 'an index list',
  unitExpr: 'a unit',
  aggregate: 'an aggregate',
  binding: 'an iterator binding',
  callSuffix: 'a call',
  argument: 'an argument',
  primary: 'an expression',
  expr: 'an expression',
  ifExpr: 'an if-expression',
  listLiteral: 'a list',
  setLiteral: 'a set literal',
  indexSuffix: 'an index',
};
const HINTS: Record<string, string> = {
  paramDecl: 'write `param name[set] : unit = value`',
  dataDecl: 'write `data name from "file.csv" key column { column: type ... }`',
  columnDecl: 'each column is `name: type` with type number, integer, string or bool',
  varDecl: 'write `var x[r in region] >= lower <= upper` or `var x in [lower, upper]`',
  constraint: 'write `subject to name[r in set]: expression >= expression`',
  override: 'write `name = value` or `name[member] = value`',
  tableColumn: 'write `column "Label" = expression`',
  prop: 'write `name = value`',
  aggregate: 'write `sum(r in set : condition) expression`',
};

export function parseModel(source: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lexed = tokenize(source);
  const closingQuotes = new Set<number>();
  for (const e of lexed.errors) {
    if (closingQuotes.has(e.offset)) continue;
    const ch = source.slice(e.offset, e.offset + e.length);
    let length = Math.max(1, e.length);
    let hint = 'remove it or put it inside a string';
    if (ch.startsWith("'")) {
      // 'text': one diagnostic for the single-quoted string, not one per quote
      const close = source.slice(e.offset + 1).search(/['\n]/);
      if (close >= 0 && source[e.offset + 1 + close] === "'") {
        closingQuotes.add(e.offset + 1 + close);
        length = close + 2;
        hint = `strings use double quotes: write ${JSON.stringify(source.slice(e.offset + 1, e.offset + 1 + close))}`;
      } else hint = 'strings use double quotes';
    }
    const span: Span = {
      start: { line: e.line ?? 1, col: e.column ?? 1, offset: e.offset },
      end: { line: e.line ?? 1, col: (e.column ?? 1) + length, offset: e.offset + length },
    };
    diagnostics.push(
      diag('S001', file, span, { message: `unrecognised character ${JSON.stringify(ch.slice(0, 1))}`, hint: hint }),
    );
  }
  // A string without its closing quote is reported once and then parsed as a string, so the rest of the
  // line does not produce a cascade of syntax errors.
  for (const t of lexed.tokens) {
    if (t.tokenType !== UnterminatedString) continue;
    diagnostics.push(
      diag('S001', file, tokenSpan(t, source), {
        message: 'this string has no closing quote',
        hint: 'add the closing " (a string ends on the line where it starts)',
      }),
    );
    t.tokenType = StringLit;
    t.tokenTypeIdx = StringLit.tokenTypeIdx!;
  }
  parser.input = lexed.tokens;
  const cst = parser.model();
  const seen = new Set<number>();
  for (const e of parser.errors) {
    const d = syntaxDiagnostic(e, file, source, () => innermostUnclosed(lexed.tokens));
    if (seen.has(d.span.start.offset)) continue; // recovery can report one spot twice
    seen.add(d.span.start.offset);
    diagnostics.push(d);
  }
  const comments = lexed.groups[COMMENTS] ?? [];
  if (diagnostics.length > 0) return { diagnostics, tokens: lexed.tokens, comments, cst };
  return { model: buildModel(cst, file), diagnostics, tokens: lexed.tokens, comments, cst };
}
