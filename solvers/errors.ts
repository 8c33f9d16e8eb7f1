// The one error type of the solvers: a code from the diagnostics table (R5xx–R9xx, spec/diagnostics.md) and its
// record; the message and hint come from the table's formatter. Solvers know nothing of the model; the executor
// adds which declaration was running.
import { CodedError, type ArgsOf, type CodeOf, type CodedErrorClass } from '../diagnostics/index.ts';

export type SolverCode = Extract<CodeOf<'solvers'>, `R${string}`>;

class SolverFailure extends CodedError<SolverCode> {
  constructor(code: SolverCode, ...args: ArgsOf<SolverCode>) {
    super(code, args);
    this.name = 'SolverError';
  }
}

/** `new SolverError('R626', { target, maxReduction, shortfall })`: the record's type follows the code. */
export const SolverError = SolverFailure as unknown as CodedErrorClass<SolverCode, SolverFailure>;
export type SolverError = SolverFailure;
