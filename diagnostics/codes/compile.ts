// Compile-time codes: syntax (grammar/), names, types and structure (compiler/), overrides (compiler/scenarios.ts).
import { defineCodes } from '../define.ts';

/** A message written at the call site (the form every compile-time code had before the table). */
export interface Prose {
  message: string;
  hint?: string | undefined;
}
const prose = (p: Prose) => p;

export const SYNTAX = defineCodes('syntax', {
  S001: { title: 'unrecognised character (e.g. a single quote: strings use double quotes)', format: prose },
  S002: { title: 'unexpected token: something else was expected here (the message says what)', format: prose },
  S003: { title: 'unexpected end of file (close the brace, bracket or declaration)', format: prose },
  S004: { title: 'no valid continuation (e.g. a missing expression)', format: prose },
});

export const COMPILE = defineCodes('compile', {
  E100: { title: 'unknown name (with a did-you-mean)', format: prose },
  E101: { title: 'duplicate declaration (or a property, column, iterator given twice)', format: prose },
  E102: { title: 'wrong number of indices, or an indexed value used without its index', format: prose },
  E103: { title: 'index from the wrong set (`E0[y]` with `y in year` where `E0` is over `region`)', format: prose },
  E104: { title: 'type mismatch (a string in arithmetic, a set where a number is needed, …)', format: prose },
  E105: { title: 'non-linear term in a linear problem, or a filter/condition on decision variables', format: prose },
  E106: { title: 'a constraint that is not a `<=`, `>=` or `==` comparison', format: prose },
  E107: { title: 'unknown property of a construct or the study block', format: prose },
  E108: { title: 'missing property (or a missing study block, or a construct without a name)', format: prose },
  E109: { title: 'unit mismatch', format: prose },
  E110: { title: 'unknown column type', format: prose },
  E111: { title: "key column not declared among a data source's columns", format: prose },
  E112: { title: 'a scenario overrides something that is not a parameter', format: prose },
  E113: { title: 'override indices do not match the parameter', format: prose },
  E114: { title: 'problem without an objective', format: prose },
  E115: { title: 'decision variable used outside its problem', format: prose },
  E116: { title: 'unknown member (a data column, a problem variable, a construct output)', format: prose },
  E117: { title: 'unknown function', format: prose },
  E118: { title: 'wrong arguments (arity, named arguments, a coalition argument)', format: prose },
  E119: { title: 'duplicate scenario or grid level', format: prose },
  E120: { title: 'unknown scenario (`--scenario`)', format: prose },
  E121: { title: 'a bound (or range end) depends on a decision variable', format: prose },
  E122: { title: 'an iterator hides a declaration of the same name', format: prose },
  E124: { title: 'circular definition', format: prose },
  E125: { title: 'duplicate member in a set literal', format: prose },
  E126: { title: 'invalid value for a property (e.g. an unknown solution method)', format: prose },
  E127: {
    title: 'an objective no solver supports (e.g. a curve objective with integer variables, or several constraints)',
    format: prose,
  },
  W200: { title: 'unused declaration', format: prose },
});

export const OVERRIDES = defineCodes('overrides', {
  Y300: { title: 'the override file is not valid YAML', format: prose },
  Y301: { title: 'unknown parameter in an override file (with a did-you-mean)', format: prose },
  Y302: {
    title: 'an override value of the wrong shape (a list, a nested value where a scalar is needed)',
    format: prose,
  },
  Y303: { title: 'a malformed `--set` argument, or `--set` naming an unknown parameter', format: prose },
});
