// The coded error every run-time stage's error type extends (SolverError, ExecutionError, DataError,
// ReportError): a code from the table and its record; the message and hint are rendered from them, and
// callers that know more (which declaration, which model names) add context without rewording.
import { render, type ArgsOf, type Code, type ParamsOf } from './table.ts';

/** What every coded error offers, whatever its stage (for code that handles them all). */
export interface Coded {
  readonly code: Code;
  readonly message: string;
  readonly hint?: string;
  readonly context: readonly string[];
}

export class CodedError<Codes extends Code = Code> extends Error {
  readonly code: Codes;
  readonly params: ParamsOf<Codes>;
  readonly hint?: string;
  /** What was running, outermost first: `["mac 'm'", 'r1']` makes `mac 'm': r1: <message>`. */
  readonly context: string[] = [];
  private readonly base: string;

  constructor(code: Codes, args: ArgsOf<Codes>) {
    const r = render(code, ...args);
    super(r.message);
    this.code = code;
    this.params = args[0] as ParamsOf<Codes>;
    this.base = r.message;
    if (r.hint !== undefined) this.hint = r.hint;
  }

  /** Narrows the code, and with it the record. */
  is<C extends Codes>(code: C): this is this & { code: C; params: ParamsOf<C> } {
    return this.code === code;
  }

  /** The same failure inside `context` (put in front of the message); returns this error, to rethrow. */
  within(...context: string[]): this {
    this.context.unshift(...context);
    this.message = [...this.context, this.base].join(': ');
    return this;
  }
}

/**
 * A stage's error type, constructed as `new XError(code, record)` with the record's type taken from the code
 * (a misspelt code or a wrong field is a type error). A class constructor cannot be generic in TypeScript, so
 * each stage exports its class through this construct signature.
 */
export interface CodedErrorClass<Codes extends Code, E> {
  new <C extends Codes>(code: C, ...args: ArgsOf<C>): E & { code: C; params: ParamsOf<C> };
  prototype: E;
}
