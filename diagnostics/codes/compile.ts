// Compile-time codes: syntax (grammar/), names, types and structure (compiler/), overrides (compiler/scenarios.ts).
import { defineCodes } from '../define.ts';

/** A message written at the call site (the form every compile-time code had before the table). */
export interface Prose {
  message: string;
  hint?: string | undefined;
}
const prose = (p: Prose) => p;

export const SYNTAX = defineCodes('syntax', {
  S001: { title: 'unrecognised character', format: prose },
  S002: { title: 'unexpected token', format: prose },
  S003: { title: 'unexpected end of file', format: prose },
  S004: { title: 'no valid continuation', format: prose },
});

export const COMPILE = defineCodes('compile', {
  E100: { title: 'unknown name', format: prose },
  E101: { title: 'duplicate declaration', format: prose },
  E102: { title: 'wrong number of indices', format: prose },
  E103: { title: 'index from the wrong set', format: prose },
  E104: { title: 'type mismatch', format: prose },
  E105: { title: 'non-linear term in a linear problem', format: prose },
  E106: { title: 'constraint is not a comparison', format: prose },
  E107: { title: 'unknown property', format: prose },
  E108: { title: 'missing property', format: prose },
  E109: { title: 'unit mismatch', format: prose },
  E110: { title: 'unknown column type', format: prose },
  E111: { title: 'key column not declared', format: prose },
  E112: { title: 'unknown override target', format: prose },
  E113: { title: 'override indices do not match the parameter', format: prose },
  E114: { title: 'problem without an objective', format: prose },
  E115: { title: 'decision variable outside its problem', format: prose },
  E116: { title: 'unknown member', format: prose },
  E117: { title: 'unknown function', format: prose },
  E118: { title: 'wrong arguments', format: prose },
  E119: { title: 'duplicate scenario', format: prose },
  E120: { title: 'unknown scenario', format: prose },
  E121: { title: 'bound depends on a decision variable', format: prose },
  E122: { title: 'name shadows a declaration', format: prose },
  E124: { title: 'circular definition', format: prose },
  E125: { title: 'duplicate set member', format: prose },
  E126: { title: 'invalid value', format: prose },
  E127: { title: 'objective is not supported by any solver', format: prose },
  W200: { title: 'unused declaration', format: prose },
});

export const OVERRIDES = defineCodes('overrides', {
  Y300: { title: 'override file is not valid YAML', format: prose },
  Y301: { title: 'unknown parameter in overrides', format: prose },
  Y302: { title: 'override value has the wrong type', format: prose },
  Y303: { title: 'bad --set argument', format: prose },
});
