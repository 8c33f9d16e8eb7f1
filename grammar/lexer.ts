// Tokens of the abate language. Keywords come from one table (KEYWORDS): the language's own words, then the
// construct keywords of the registry (constructs/registry.ts), so a new construct needs no edit here.
import { createToken, Lexer, type ILexingResult, type TokenType } from 'chevrotain';
import { CONSTRUCT_KEYWORDS, type ConstructKeyword } from '../constructs/registry.ts';

// Token categories (no pattern of their own): any name, and the keywords that are names where an operand is
// expected. They keep the parser's lookahead small (one alternative instead of one per keyword), which makes
// the grammar's start-up analysis several times faster.
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });
export const KeywordName = createToken({ name: 'KeywordName', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName] });

/** Keywords that are not names inside expressions; every other keyword is (a column called `data` or `mac`). */
export const EXPRESSION_KEYWORDS = new Set([
  'in',
  'sum',
  'prod',
  'max',
  'min',
  'count',
  'if',
  'then',
  'else',
  'and',
  'or',
  'not',
  'true',
  'false',
]);

/** Words of the language's own declarations and expressions; construct keywords are added from the registry. */
const LANGUAGE_KEYWORDS = [
  'study',
  'data',
  'from',
  'key',
  'set',
  'param',
  'var',
  'problem',
  'minimize',
  'maximize',
  'subject',
  'to',
  'result',
  'table',
  'scenario',
  'grid',
  'in',
  'by',
  'sum',
  'prod',
  'max',
  'min',
  'count',
  'if',
  'then',
  'else',
  'and',
  'or',
  'not',
  'true',
  'false',
  'integer',
  'binary',
  'over',
  'pivot',
  'of',
] as const;

/** Reserved words. Each becomes a token that also matches as an Identifier prefix is excluded. */
// `table` is both a declaration of the language and the keyword of the table of estimates declared by it
export const KEYWORDS: readonly Keyword[] = [...new Set<Keyword>([...LANGUAGE_KEYWORDS, ...CONSTRUCT_KEYWORDS])];
export type Keyword = (typeof LANGUAGE_KEYWORDS)[number] | ConstructKeyword;

export const keywordTokens: Record<Keyword, TokenType> = Object.fromEntries(
  // Keywords have no pattern: the lexer reads every word as an Identifier and `tokenize` below retypes the
  // reserved ones from this table (a map lookup per word instead of one regular expression per keyword).
  KEYWORDS.map((k) => [
    k,
    createToken({
      name: `Kw_${k}`,
      pattern: Lexer.NA,
      categories: EXPRESSION_KEYWORDS.has(k) ? [AnyName] : [AnyName, KeywordName],
    }),
  ]),
) as Record<Keyword, TokenType>;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
// Comments are kept in a token group of their own (not seen by the parser) so the formatter and the editor
// tools can put each one back where it was.
export const COMMENTS = 'comments';
export const LineComment = createToken({ name: 'LineComment', pattern: /(\/\/|#)[^\n]*/, group: COMMENTS });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: COMMENTS,
  line_breaks: true,
});
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
  AnyName,
  KeywordName,
  WhiteSpace,
  BlockComment,
  LineComment,
  StringLit,
  UnterminatedString,
  NumberLit,
  ...KEYWORDS.map((k) => keywordTokens[k]),
  Identifier,
  DotDot,
  Dot,
  Comma,
  Semi,
  Colon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Arrow,
  Le,
  Ge,
  EqEq,
  Ne,
  Lt,
  Gt,
  Eq,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Tilde,
  Pipe,
];

const abateLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
  skipValidations: process.env['ABATE_VALIDATE_GRAMMAR'] !== '1',
});
const byImage = new Map<string, TokenType>(KEYWORDS.map((k) => [k, keywordTokens[k]]));

/** Tokenize, turning identifiers that are keywords into keyword tokens. */
export function tokenize(text: string): ILexingResult {
  const r = abateLexer.tokenize(text);
  for (const t of r.tokens) {
    if (t.tokenType !== Identifier) continue;
    const kw = byImage.get(t.image);
    if (kw) {
      t.tokenType = kw;
      t.tokenTypeIdx = kw.tokenTypeIdx!;
    }
  }
  return r;
}
