// Tokens of the abate language. Keywords come from one table (KEYWORDS): adding a keyword is one row.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Reserved words. Each becomes a token that also matches as an Identifier prefix is excluded. */
export const KEYWORDS = [
  'study', 'data', 'from', 'key', 'set', 'param', 'var', 'problem', 'minimize', 'maximize', 'subject', 'to',
  'result', 'table', 'scenario', 'grid', 'in', 'by', 'sum', 'prod', 'max', 'min', 'count', 'if', 'then', 'else',
  'and', 'or', 'not', 'true', 'false', 'integer', 'binary', 'over', 'pivot',
  // constructs implemented behind a generic property block (their schemas live in compiler/constructs.ts)
  'curve', 'mac', 'game', 'survey', 'screen', 'report', 'panel', 'weights', 'moran', 'estimate', 'effects', 'variants', 'tests',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const keywordTokens: Record<Keyword, TokenType> = Object.fromEntries(
  KEYWORDS.map((k) => [k, createToken({ name: `Kw_${k}`, pattern: new RegExp(`${k}\\b`), longer_alt: Identifier })]),
) as Record<Keyword, TokenType>;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /(\/\/|#)[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\.)*"/ });
/** A string that reaches the end of its line without a closing quote (reported as S001 by parse.ts). */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n]|\\.)*/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?%?/ });

const punct = (name: string, pattern: RegExp | string, label?: string) => createToken({ name, pattern, label });
export const DotDot = punct('DotDot', '..', "'..'");
export const Dot = punct('Dot', '.', "'.'");
export const Comma = punct('Comma', ',', "','");
export const Semi = punct('Semi', ';', "';'");
export const Colon = punct('Colon', ':', "':'");
export const LParen = punct('LParen', '(', "'('");
export const RParen = punct('RParen', ')', "')'");
export const LBracket = punct('LBracket', '[', "'['");
export const RBracket = punct('RBracket', ']', "']'");
export const LBrace = punct('LBrace', '{', "'{'");
export const RBrace = punct('RBrace', '}', "'}'");
export const Arrow = punct('Arrow', '->', "'->'");
export const Le = punct('Le', '<=', "'<='");
export const Ge = punct('Ge', '>=', "'>='");
export const EqEq = punct('EqEq', '==', "'=='");
export const Ne = punct('Ne', '!=', "'!='");
export const Lt = punct('Lt', '<', "'<'");
export const Gt = punct('Gt', '>', "'>'");
export const Eq = punct('Eq', '=', "'='");
export const Plus = punct('Plus', '+', "'+'");
export const Minus = punct('Minus', '-', "'-'");
export const Star = punct('Star', '*', "'*'");
export const Slash = punct('Slash', '/', "'/'");
export const Caret = punct('Caret', '^', "'^'");
export const Tilde = punct('Tilde', '~', "'~'");
export const Pipe = punct('Pipe', '|', "'|'");

export const allTokens: TokenType[] = [
  WhiteSpace, BlockComment, LineComment, StringLit, UnterminatedString, NumberLit,
  ...KEYWORDS.map((k) => keywordTokens[k]),
  Identifier,
  DotDot, Dot, Comma, Semi, Colon, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Arrow, Le, Ge, EqEq, Ne, Lt, Gt, Eq, Plus, Minus, Star, Slash, Caret, Tilde, Pipe,
];

export const abateLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
