// The vocabulary construct specs (constructs/<keyword>/spec.ts) are written in: plain data that the front end
// (lexer, parser, compiler) and the runtime both read. This module imports nothing, so a spec never drags a
// later pipeline stage into the grammar.

/** What a property's value is, and so how the compiler lowers it and what type its runner reads. */
export type PropKind =
  | { kind: 'expr'; const?: boolean } // any constant expression
  | { kind: 'fn'; params: number; paramSet: 'over' } // value(S) = ...: S ranges over subsets of `over`
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enum-list'; values: readonly string[] }
  | { kind: 'text' } // a string literal
  | { kind: 'ref'; what: 'table' | 'any' } // a declared name (report items)
  | { kind: 'construct'; of: string } // the name of another construct (screen → survey)
  | { kind: 'rule'; fns: readonly string[]; scores: readonly string[] } // keep = lowest(cv, 1)
  | { kind: 'per-item' } // within = items.category, or within(i) = expr
  | { kind: 'chart'; charts: Readonly<Record<string, ChartSchema>> } // chart fig1 = line(table, x = P, y = mac, ...)
  | { kind: 'series'; yearsProp: string } // gdp(r, y) = data.gdp[r, y]: r over the construct's set, y over the years
  | { kind: 'data' } // the name of a data source
  | { kind: 'column'; of: 'data' | 'panel' } // a column of the data named by the `data` prop, or of the panel's data
  | { kind: 'columns'; of: 'panel' } // a list of columns: [a, b] or all
  | { kind: 'unit-fn' } // lon(u) = cities.lon[u]: u over the set of the `units` prop
  | { kind: 'method'; fns: Readonly<Record<string, MethodSchema>> } // method = knn(6)
  | { kind: 'formula' } // carbon ~ coagg + coagg^2 + log(pgdp)
  | { kind: 'term' } // one formula term: a column or log(gsp)
  | { kind: 'member' } // a member of the construct's set, by name
  | { kind: 'terms' } // a list of formula terms: [carbon, coagg, log(pgdp)]
  | { kind: 'runs'; changes: Readonly<Record<string, RunChangeSchema>> } // variants: [weights(W2), model(sem)]
  | { kind: 'models'; of: readonly string[] } // constructs of these keywords, each with a head: [sar "SAR", sem]
  | { kind: 'labelled' } // names or formula terms, each with an optional label: [log(pcap) "ln capital", rho]
  | { kind: 'levels' } // decreasing significance levels in (0, 1): [0.1, 0.05, 0.01], or none
  | { kind: 'digits' }; // decimals (3) or significant digits (significant(3))

export type PropKindName = PropKind['kind'];

/** A function a `method` property may call: its argument names in order, the first `required` of them needed. */
export interface MethodSchema {
  args: readonly string[];
  required: number;
}

/** A chart kind a report can draw from a table: which named arguments name columns, titles or other tables. */
export interface ChartSchema {
  columns: readonly string[];
  required: readonly string[];
  titles: readonly string[];
  tables: readonly string[];
  words?: Readonly<Record<string, readonly string[]>>;
}

/** One change a robustness run may make (weights(W2), model(sem), ...): what its arguments are. */
export type RunChangeSchema =
  | { value: 'construct'; of: string; takes: string } // weights(W2): another construct of kind `of`
  | { value: 'word'; words: readonly string[] } // model(sem): one of the words
  | { value: 'numbers'; args: number } // winsorise(0.01, 0.99): constant numbers
  | { value: 'condition' } // subset(cities.coastal[unit]): a condition on each `unit` of the panel
  | { value: 'formula' } // formula(y ~ x1 + x2)
  | { value: 'label' }; // label("heading"): the run's column heading, not a change

export interface PropSpec {
  type: PropKind;
  required?: boolean;
  /** may be given several times; repeated properties are lowered, in order, into one list named `items` */
  repeat?: boolean;
  doc: string;
}

/** The type of a construct output, in plain words the compiler maps to its own types. */
export type OutputType = 'num' | 'bool' | 'curve';

export interface ConstructSpec {
  keyword: string;
  doc: string;
  named: boolean;
  over?: boolean;
  /** the plan step the construct lowers to: a generic `construct` step (default) or a step kind of its own */
  step?: 'construct' | 'curve';
  /**
   * declared through the language's `table` declaration (`table NAME "title" of a, b { ... }`, the sources
   * becoming the `of` property) rather than as a block of its own keyword
   */
  header?: 'table';
  /** an input of the model rather than an output: declared but never used is warning W200 */
  input?: boolean;
  props: Readonly<Record<string, PropSpec>>;
  /** groups of properties of which at most one may be given (under or beside) */
  exclusive?: readonly (readonly string[])[];
  /**
   * tables the construct writes, by suffix of its name ('' is the name itself), with their column keys so charts
   * on them are checked before a run (null: the columns depend on the run, as for variants' one column per run)
   */
  tables?: Readonly<Record<string, readonly string[] | null>>;
  /** outputs readable as name.output[...]; `over` stands for the set the construct ranges over */
  outputs: Readonly<Record<string, { index: readonly 'over'[]; type: OutputType }>>;
}
