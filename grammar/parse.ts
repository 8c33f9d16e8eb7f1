// Text → tokens → CST → AST, with every lexical and syntax error collected as a diagnostic.
import type { IRecognitionException, IToken } from 'chevrotain';
import { abateLexer } from './lexer.ts';
import { parser } from './parser.ts';
import { buildModel } from './build-ast.ts';
import type { Model, Span } from './ast.ts';
import { diag, type Diagnostic } from './diagnostics.ts';

export interface ParseResult { model?: Model; diagnostics: Diagnostic[] }

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
    end: { line: t.endLine ?? t.startLine, col: (t.endColumn ?? t.startColumn ?? 1) + 1, offset: (t.endOffset ?? t.startOffset) + 1 },
  };
}

const describe = (t: IToken) => (t.tokenType.name === 'EOF' ? 'end of file' : `'${t.image}'`);

function syntaxDiagnostic(e: IRecognitionException & { previousToken?: IToken }, file: string, source: string): Diagnostic {
  const t = e.token;
  const atEof = t.tokenType.name === 'EOF';
  const span = tokenSpan(atEof ? e.previousToken ?? t : t, source);
  if (atEof && e.previousToken && !Number.isNaN(e.previousToken.startOffset)) {
    span.start = { ...span.end, col: span.end.col, offset: span.end.offset };
    span.end = { ...span.start, col: span.start.col + 1 };
  }
  const stack = e.context.ruleStack;
  const rule = stack.at(-1) ?? 'model';
  const declRule = [...stack].reverse().find((r) => DECL_RULES.has(r)) ?? 'model';
  const inExpr = EXPR_RULES.has(rule);
  const where = RULE_NAMES[declRule] ?? declRule;
  if (atEof) return diag('S003', file, span, `unexpected end of file in ${where}`, 'the declaration is incomplete: check for a missing closing brace, bracket or value');
  if (e.name === 'MismatchedTokenException') {
    const expected = /Expecting token of type --> (\S+) <--/.exec(e.message)?.[1];
    const label = expected ? TOKEN_LABELS[expected] ?? expected : 'something else';
    if (expected === 'EOF') return diag('S002', file, span, `unexpected ${describe(t)}: expected a new declaration`, DECL_HINT);
    return diag('S002', file, span, `expected ${label} in ${where}, found ${describe(t)}`, HINTS[rule] ?? HINTS[declRule]);
  }
  if (inExpr) return diag('S004', file, span, `expected an expression in ${where}, found ${describe(t)}`, HINTS[declRule] ?? 'an expression is a number, a string, a name, a call, or operators combining them');
  if (e.name === 'NotAllInputParsedException') return diag('S002', file, span, `unexpected ${describe(t)}: expected a declaration`, DECL_HINT);
  return diag('S004', file, span, `unexpected ${describe(t)} in ${where}`, HINTS[rule] ?? HINTS[declRule] ?? DECL_HINT);
}

const DECL_HINT = 'a declaration starts with study, data, set, param, problem, result, table, scenario, or a construct such as mac, game, survey, screen, report';
const DECL_RULES = new Set(['studyDecl', 'dataDecl', 'columnDecl', 'setDecl', 'paramDecl', 'resultDecl', 'problemDecl', 'varDecl', 'objective', 'constraint', 'tableDecl', 'tableColumn', 'scenarioDecl', 'gridDimension', 'override', 'blockDecl', 'prop']);
const EXPR_RULES = new Set(['expr', 'orExpr', 'andExpr', 'notExpr', 'cmpExpr', 'rangeExpr', 'addExpr', 'mulExpr', 'unaryExpr', 'powExpr', 'postfixExpr', 'primary']);
const TOKEN_LABELS: Record<string, string> = {
  Identifier: 'a name', StringLit: 'a string', NumberLit: 'a number', LBrace: "'{'", RBrace: "'}'", LParen: "'('",
  RParen: "')'", LBracket: "'['", RBracket: "']'", Eq: "'='", Colon: "':'", Comma: "','", Kw_in: "'in'", Kw_from: "'from'",
  Kw_to: "'to'", Kw_then: "'then'", Kw_else: "'else'",
};
const RULE_NAMES: Record<string, string> = {
  model: 'the model', decl: 'a declaration', studyDecl: 'the study block', dataDecl: 'a data declaration', columnDecl: 'a column declaration',
  setDecl: 'a set declaration', paramDecl: 'a parameter declaration', resultDecl: 'a result declaration', problemDecl: 'a problem',
  varDecl: 'a variable declaration', objective: 'an objective', constraint: 'a constraint', tableDecl: 'a table', tableColumn: 'a table column',
  scenarioDecl: 'a scenario', gridDimension: 'a scenario grid dimension', override: 'a scenario override', blockDecl: 'a construct block',
  prop: 'a property', propBlock: 'a property block', indexSpec: 'an index list', unitExpr: 'a unit', aggregate: 'an aggregate',
  binding: 'an iterator binding', callSuffix: 'a call', argument: 'an argument', primary: 'an expression', expr: 'an expression',
  ifExpr: 'an if-expression', listLiteral: 'a list', setLiteral: 'a set literal', indexSuffix: 'an index',
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
  const lexed = abateLexer.tokenize(source);
  for (const e of lexed.errors) {
    const span: Span = { start: { line: e.line ?? 1, col: e.column ?? 1, offset: e.offset }, end: { line: e.line ?? 1, col: (e.column ?? 1) + Math.max(1, e.length), offset: e.offset + e.length } };
    const ch = source.slice(e.offset, e.offset + e.length);
    diagnostics.push(diag('S001', file, span, `unrecognised character ${JSON.stringify(ch)}`, ch.startsWith("'") ? 'strings use double quotes' : 'remove it or put it inside a string'));
  }
  parser.input = lexed.tokens;
  const cst = parser.model();
  const seen = new Set<number>();
  for (const e of parser.errors) {
    const d = syntaxDiagnostic(e, file, source);
    if (seen.has(d.span.start.offset)) continue; // recovery can report one spot twice
    seen.add(d.span.start.offset);
    diagnostics.push(d);
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { model: buildModel(cst, file), diagnostics };
}
