// The abate grammar as a Chevrotain CST parser with error recovery, so one pass reports several syntax errors.
// Precedence (lowest first): formula ~, or, and, not, comparison (chainable), range .., + -, * /, unary -, ^,
// postfix (. member, [index], (call)).
import { CstParser, type CstNode, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import * as T from './lexer.ts';
import { BLOCK_CONSTRUCT_KEYWORDS } from '../constructs/registry.ts';

const K = T.keywordTokens;
/**
 * Constructs parsed as a generic property block; the compiler validates their properties from the registry. A
 * construct declared through a declaration's header (`table NAME of ...`) is parsed by that declaration.
 */
export const BLOCK_KEYWORDS = BLOCK_CONSTRUCT_KEYWORDS;

// Tokens that never start an aggregate body.
const OPERATOR_STOPPERS = new Set<TokenType>([
  T.RParen,
  T.RBracket,
  T.RBrace,
  T.Comma,
  T.Semi,
  T.Colon,
  T.Plus,
  T.Star,
  T.Slash,
  T.Caret,
  T.Le,
  T.Ge,
  T.Lt,
  T.Gt,
  T.EqEq,
  T.Ne,
  T.Eq,
  T.DotDot,
  T.Tilde,
  K.and,
  K.or,
  K.then,
  K.else,
]);
/** Keywords that start a declaration (or a part of a problem) when they begin a line; block keywords too. */
export const DECLARATION_KEYWORDS = [
  'study',
  'data',
  'set',
  'param',
  'problem',
  'result',
  'table',
  'scenario',
  'var',
  'minimize',
  'maximize',
  'subject',
] as const satisfies readonly T.Keyword[];
// Tokens that cannot start an aggregate body: a declaration keyword, a closing bracket, an operator, end of input.
export const BODY_STOPPERS = new Set<TokenType>([
  ...OPERATOR_STOPPERS,
  ...[...DECLARATION_KEYWORDS, ...BLOCK_KEYWORDS].map((k) => K[k]),
]);

class AbateParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 4,
      skipValidations: process.env['ABATE_VALIDATE_GRAMMAR'] !== '1',
    });
    this.performSelfAnalysis();
  }

  model = this.RULE('model', () => {
    this.MANY(() => this.SUBRULE(this.decl));
  });

  decl = this.RULE('decl', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.studyDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.setDecl) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.problemDecl) },
      { ALT: () => this.SUBRULE(this.resultDecl) },
      { ALT: () => this.SUBRULE(this.tableDecl) },
      { ALT: () => this.SUBRULE(this.scenarioDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semi));
  });

  studyDecl = this.RULE('studyDecl', () => {
    this.CONSUME(K.study);
    this.CONSUME(T.StringLit);
    this.SUBRULE(this.propBlock);
  });

  dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(K.data);
    this.OR5([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.KeywordName, { LABEL: 'Identifier' }) },
    ]);
    this.CONSUME(K.from);
    this.CONSUME(T.StringLit);
    this.OPTION(() => {
      this.CONSUME(K.key);
      this.OR([
        { ALT: () => this.SUBRULE(this.anyName, { LABEL: 'keyCol' }) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.anyName, { LABEL: 'keyCol' }) });
            this.CONSUME(T.RParen);
          },
        },
      ]);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.columnDecl));
    this.CONSUME(T.RBrace);
  });

  columnDecl = this.RULE('columnDecl', () => {
    this.SUBRULE(this.anyName, { LABEL: 'column' });
    this.CONSUME(T.Colon);
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'type' }) },
      { ALT: () => this.CONSUME(K.integer, { LABEL: 'type' }) },
    ]);
    this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]));
  });

  setDecl = this.RULE('setDecl', () => {
    this.CONSUME(K.set);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
  });

  paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(K.param);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexSpec));
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.unitExpr);
    });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
  });

  resultDecl = this.RULE('resultDecl', () => {
    this.CONSUME(K.result);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexSpec));
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.unitExpr);
    });
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
  });

  /** `[region]`, `[r in region]`, `[r in region, y in year]` */
  indexSpec = this.RULE('indexSpec', () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexBinding) });
    this.CONSUME(T.RBracket);
  });

  indexBinding = this.RULE('indexBinding', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(K.in);
      this.CONSUME2(T.Identifier, { LABEL: 'setName' });
    });
  });

  /** Units: `Mt`, `USD/t`, `USD*Mt^-1`, `1`. */
  unitExpr = this.RULE('unitExpr', () => {
    this.SUBRULE(this.unitFactor);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unitFactor);
    });
  });

  unitFactor = this.RULE('unitFactor', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.NumberLit) }]);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.OPTION2(() => this.CONSUME(T.Minus));
      this.CONSUME2(T.NumberLit, { LABEL: 'exponent' });
    });
  });

  problemDecl = this.RULE('problemDecl', () => {
    this.CONSUME(K.problem);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME2(T.Identifier, { LABEL: 'coalition' });
      this.CONSUME(K.in);
      this.CONSUME3(T.Identifier, { LABEL: 'setName' });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.varDecl) },
        { ALT: () => this.SUBRULE(this.objective) },
        { ALT: () => this.SUBRULE(this.constraint) },
      ]);
      this.OPTION2(() => this.CONSUME(T.Semi));
    });
    this.CONSUME(T.RBrace);
  });

  varDecl = this.RULE('varDecl', () => {
    this.CONSUME(K.var);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexSpec));
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.unitExpr);
    });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Ge);
            this.SUBRULE(this.rangeExpr, { LABEL: 'lower' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Le);
            this.SUBRULE2(this.rangeExpr, { LABEL: 'upper' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.in);
            this.CONSUME(T.LBracket);
            this.SUBRULE3(this.expr, { LABEL: 'lower' });
            this.CONSUME(T.Comma);
            this.SUBRULE4(this.expr, { LABEL: 'upper' });
            this.CONSUME(T.RBracket);
          },
        },
        { ALT: () => this.CONSUME(K.integer, { LABEL: 'domain' }) },
        { ALT: () => this.CONSUME(K.binary, { LABEL: 'domain' }) },
      ]);
    });
  });

  objective = this.RULE('objective', () => {
    this.OR([
      { ALT: () => this.CONSUME(K.minimize, { LABEL: 'sense' }) },
      { ALT: () => this.CONSUME(K.maximize, { LABEL: 'sense' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expr);
  });

  constraint = this.RULE('constraint', () => {
    this.CONSUME(K.subject);
    this.CONSUME(K.to);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexSpec));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expr);
  });

  tableDecl = this.RULE('tableDecl', () => {
    this.CONSUME(K.table);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OR([
      // a table of estimates: `of sar "SAR", sem { property = value ... }`
      { ALT: () => this.SUBRULE(this.tableOf) },
      { ALT: () => this.SUBRULE(this.tableBy) },
    ]);
  });

  tableOf = this.RULE('tableOf', () => {
    this.CONSUME(K.of);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'source' });
        this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'head' }));
      },
    });
    this.SUBRULE(this.propBlock);
  });

  tableBy = this.RULE('tableBy', () => {
    this.OPTION2(() => {
      this.CONSUME(K.by);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.binding) });
      this.OPTION4(() => {
        this.CONSUME(T.Colon);
        this.SUBRULE(this.expr, { LABEL: 'filter' });
      });
      this.OPTION3(() => {
        this.CONSUME(K.pivot);
        this.CONSUME2(T.Identifier, { LABEL: 'pivot' });
      });
    });
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.tableColumn));
    this.CONSUME(T.RBrace);
  });

  tableColumn = this.RULE('tableColumn', () => {
    this.SUBRULE(this.anyName, { LABEL: 'column' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]));
  });

  scenarioDecl = this.RULE('scenarioDecl', () => {
    this.CONSUME(K.scenario);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.grid);
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.gridDimension));
          this.CONSUME(T.RBrace);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.scenarioName);
          this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
          this.SUBRULE(this.overrideBlock);
        },
      },
    ]);
  });

  scenarioName = this.RULE('scenarioName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
    ]);
  });

  gridDimension = this.RULE('gridDimension', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.scenarioName);
        this.SUBRULE(this.overrideBlock);
      },
    });
    this.OPTION(() => this.CONSUME(T.Semi));
  });

  overrideBlock = this.RULE('overrideBlock', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.override));
    this.CONSUME(T.RBrace);
  });

  /** `target = 500`, `cap[north] = 40` */
  override = this.RULE('override', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: 'index' }) });
      this.CONSUME(T.RBracket);
    });
    this.CONSUME(T.Eq);
    this.SUBRULE2(this.expr, { LABEL: 'value' });
    this.OPTION2(() => this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]));
  });

  /** `game coop over region { ... }`, `mac m[r in region] = fit(...)`, `report { ... }` */
  blockDecl = this.RULE('blockDecl', () => {
    this.OR(BLOCK_KEYWORDS.map((k) => ({ ALT: () => this.CONSUME(K[k], { LABEL: 'construct' }) })));
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.OPTION2(() => this.SUBRULE(this.indexSpec));
    this.OPTION3(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OPTION4(() => {
      this.CONSUME(K.over);
      this.SUBRULE(this.postfixExpr, { LABEL: 'over' });
    });
    this.OPTION5(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.OPTION6(() => this.SUBRULE(this.propBlock));
  });

  propBlock = this.RULE('propBlock', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.prop));
    this.CONSUME(T.RBrace);
  });

  /** `source = "..."`, `value(S) = expr`, `chart fig1 = line(...)`, `table allocation`, `keep lowest cv` is not allowed: use `keep = lowest(cv)` */
  prop = this.RULE('prop', () => {
    this.SUBRULE(this.anyName, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.Identifier, { LABEL: 'label' }));
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier, { LABEL: 'param' }) });
      this.CONSUME(T.RParen);
    });
    this.OPTION3(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.OPTION4(() => this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]));
  });

  /** An identifier, or a keyword used as a name (after '.', as a property or a named argument). */
  anyName = this.RULE('anyName', () => {
    this.CONSUME(T.AnyName);
  });

  // ---- expressions ----
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'lhs' });
    this.OPTION(() => {
      this.CONSUME(T.Tilde);
      this.SUBRULE2(this.orExpr, { LABEL: 'rhs' });
    });
  });

  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(K.or, { LABEL: 'op' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operand' });
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(K.and, { LABEL: 'op' });
      this.SUBRULE2(this.notExpr, { LABEL: 'operand' });
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.cmpExpr) },
    ]);
  });

  cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.rangeExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Le, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Ge, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Lt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Gt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Ne, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.rangeExpr, { LABEL: 'operand' });
    });
  });

  rangeExpr = this.RULE('rangeExpr', () => {
    this.SUBRULE(this.addExpr, { LABEL: 'operand' });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.addExpr, { LABEL: 'operand' });
    });
  });

  addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.mulExpr, { LABEL: 'operand' });
    });
  });

  mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unaryExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unaryExpr, { LABEL: 'operand' });
    });
  });

  unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.powExpr) },
    ]);
  });

  powExpr = this.RULE('powExpr', () => {
    this.SUBRULE(this.postfixExpr, { LABEL: 'base' });
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unaryExpr, { LABEL: 'exponent' });
    });
  });

  postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot, { LABEL: 'dot' });
            this.SUBRULE(this.anyName, { LABEL: 'member' });
          },
        },
        { ALT: () => this.SUBRULE(this.indexSuffix) },
        { ALT: () => this.SUBRULE(this.callSuffix) },
      ]);
    });
  });

  indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RBracket);
  });

  callSuffix = this.RULE('callSuffix', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  argument = this.RULE('argument', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Eq,
      DEF: () => {
        this.SUBRULE(this.anyName, { LABEL: 'argName' });
        this.CONSUME(T.Eq);
      },
    });
    this.SUBRULE(this.expr);
  });

  // The alternatives are built once (Chevrotain's "cached alternatives"): primary runs for every operand, and
  // rebuilding some forty closures per call made parsing a 5,000-line model take about a second.
  private primaryAlts?: Array<IOrAlt<unknown>>;

  primary = this.RULE('primary', () => {
    this.OR(
      (this.primaryAlts ??= [
        { ALT: () => this.CONSUME(T.NumberLit) },
        { ALT: () => this.CONSUME(T.StringLit) },
        { ALT: () => this.CONSUME(K.true) },
        { ALT: () => this.CONSUME(K.false) },
        { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.aggregate) },
        { ALT: () => this.CONSUME(T.Identifier) },
        // Declaration keywords are ordinary names where an operand is expected (a column called `data` or `mac`).
        // ... but not a keyword that starts a line and looks like the next declaration (`param b[...]`,
        // `report {`): an unfinished expression on the line before is then reported where it is.
        { GATE: () => !this.startsDeclaration(), ALT: () => this.CONSUME(T.KeywordName, { LABEL: 'Identifier' }) },
        { ALT: () => this.SUBRULE(this.ifExpr) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expr);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.listLiteral) },
        { ALT: () => this.SUBRULE(this.setLiteral) },
      ]),
    );
  });

  /** sum(r in region : cond) body; max/min/prod/count likewise; `max(a, b)` is an ordinary call. */
  aggregate = this.RULE('aggregate', () => {
    const fnTok = this.OR([
      { ALT: () => this.CONSUME(K.sum, { LABEL: 'fn' }) },
      { ALT: () => this.CONSUME(K.prod, { LABEL: 'fn' }) },
      { ALT: () => this.CONSUME(K.max, { LABEL: 'fn' }) },
      { ALT: () => this.CONSUME(K.min, { LABEL: 'fn' }) },
      { ALT: () => this.CONSUME(K.count, { LABEL: 'fn' }) },
    ]);
    const isCount = () => fnTok?.tokenType === K.count;
    this.CONSUME(T.LParen);
    this.OR2([
      {
        GATE: () => this.LA(2).tokenType === K.in,
        ALT: () => {
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.binding) });
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.expr, { LABEL: 'filter' });
          });
          this.CONSUME(T.RParen);
          // count(...) has no body; the others need one (the checker says so if it is missing)
          this.OPTION2({
            GATE: () => !isCount() && this.bodyFollows(),
            DEF: () => this.SUBRULE(this.mulExpr, { LABEL: 'body' }),
          });
        },
      },
      {
        ALT: () => {
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.expr, { LABEL: 'arg' }) });
          this.CONSUME2(T.RParen);
        },
      },
    ]);
  });

  /** A keyword first on its line followed by a name, a string or '{': the start of a declaration. */
  private startsDeclaration(): boolean {
    const t = this.LA(1);
    const prev = this.LA(0);
    if (prev.startLine === undefined || t.startLine === undefined || t.startLine <= (prev.endLine ?? prev.startLine))
      return false;
    const next = this.LA(2).tokenType;
    return next === T.Identifier || next === T.StringLit || next === T.LBrace;
  }

  /** Whether the token after an aggregate's ')' can start its body (count has none). */
  private bodyFollows(): boolean {
    const t = this.LA(1).tokenType;
    if (OPERATOR_STOPPERS.has(t)) return false;
    // a keyword used as a name (`panel.coagg[c, y]`) starts a body unless it starts the next declaration
    return !(BODY_STOPPERS.has(t) && this.startsDeclaration());
  }

  binding = this.RULE('binding', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(K.in);
    this.SUBRULE(this.rangeExpr, { LABEL: 'domain' });
  });

  ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expr, { LABEL: 'cond' });
    this.CONSUME(K.then);
    this.SUBRULE2(this.expr, { LABEL: 'then' });
    this.CONSUME(K.else);
    this.SUBRULE3(this.expr, { LABEL: 'else' });
  });

  /** `[a, b]`; an item may carry a label: `[log(pcap) "ln public capital", rho "ρ"]` */
  listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.listItem) });
    this.CONSUME(T.RBracket);
  });

  listItem = this.RULE('listItem', () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
  });

  /** `{north, south}` or `{r in region : E0[r] > 10}` */
  setLiteral = this.RULE('setLiteral', () => {
    this.CONSUME(T.LBrace);
    this.OR([
      {
        GATE: () => this.LA(2).tokenType === K.in,
        ALT: () => {
          this.SUBRULE(this.binding);
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.expr, { LABEL: 'filter' });
          });
        },
      },
      { ALT: () => this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.scenarioName, { LABEL: 'member' }) }) },
    ]);
    this.CONSUME(T.RBrace);
  });
}

export const parser = new AbateParser();
export type { CstNode, IToken, TokenType };
