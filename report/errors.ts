// The report stage's error: a code from the diagnostics table (R8xx) and its record.
import { CodedError, type ArgsOf, type CodeOf, type CodedErrorClass } from '../diagnostics/index.ts';

export type ReportCode = CodeOf<'report'>;

class ReportFailure extends CodedError<ReportCode> {
  constructor(code: ReportCode, ...args: ArgsOf<ReportCode>) {
    super(code, args);
    this.name = 'ReportError';
  }
}

export const ReportError = ReportFailure as unknown as CodedErrorClass<ReportCode, ReportFailure>;
export type ReportError = ReportFailure;
