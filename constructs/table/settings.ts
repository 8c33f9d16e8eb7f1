// The presentation settings of a table of estimates, or of the report block for the whole study, from their
// decoded properties (constructs/table/spec.ts, PRESENTATION_PROPS).
import type { Evaluator } from '../../execute/evaluate.ts';
import type { TableSettings } from '../../execute/model-table.ts';
import type { ConstructProps } from '../props.ts';

type Presentation = Pick<
  ConstructProps<'table'>,
  'under' | 'beside' | 'digits' | 'p_digits' | 'stars' | 'stats' | 'indicators' | 'numbers'
>;

export function settingsOf(props: Presentation, ev: Evaluator, what: string): TableSettings {
  const out: TableSettings = {};
  if (props.under) out.under = props.under;
  if (props.beside) out.beside = props.beside;
  if (props.digits) Object.assign(out, props.digits);
  if (props.p_digits) out.pDigits = ev.num(props.p_digits, new Map(), `${what}.p_digits`);
  if (props.stars) out.stars = props.stars;
  if (props.stats) out.stats = props.stats;
  if (props.indicators) out.indicators = props.indicators;
  if (props.numbers) out.numbers = props.numbers === 'yes';
  return out;
}
