// Formulas of the spatial constructs (y ~ x1 + x2^2 + log(x3)): their terms as tables show them, and each term
// as an expression of one panel row, checked against the columns of the panel's data.
import type * as A from '../grammar/ast.ts';
import type { PExpr } from '../spec/plan.ts';
import { suggest } from '../diagnostics/index.ts';
import type { Checker } from './check.ts';

/** The data source behind a construct: its own `data` prop, or the data of the panel its `panel` prop names. */
export function dataOf(
  ck: Checker,
  decl: Extract<A.Decl, { kind: 'block' }>,
  of: 'data' | 'panel',
): string | undefined {
  const v = decl.props.find((p) => p.name.text === of)?.value;
  if (of === 'data') return v?.kind === 'name' ? v.name : undefined;
  if (v?.kind === 'name') return ck.g.constructs.get(v.name)?.data;
  // a construct about an estimate (turning, effects) uses the estimate's panel
  const est = decl.props.find((p) => p.name.text === 'of')?.value;
  return est?.kind === 'name' ? ck.g.constructs.get(est.name)?.data : undefined;
}

/** The summands of a + b + c: a formula's terms, or the changes of a robustness run. */
export function splitTerms(e: A.Expr): A.Expr[] {
  return e.kind === 'binary' && e.op === '+' ? [...splitTerms(e.left), ...splitTerms(e.right)] : [e];
}

/** The text of a formula term, as tables show it (coagg^2, log(pgdp), a*b). */
export function formulaText(e: A.Expr): string {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'num':
      return e.text;
    case 'str':
      return e.value;
    case 'unary':
      return e.op === 'not' ? `not ${formulaText(e.operand)}` : `-${formulaText(e.operand)}`;
    case 'member':
      return `${formulaText(e.object)}.${e.member.text}`;
    case 'index':
      return `${formulaText(e.object)}[${e.indices.map(formulaText).join(', ')}]`;
    case 'compare':
      return e.operands.map(formulaText).reduce((a, b, i) => `${a} ${e.ops[i - 1]} ${b}`);
    case 'bool':
      return String(e.value);
    case 'binary':
      return `${formulaText(e.left)}${e.op === '*' || e.op === '^' || e.op === '/' ? e.op : ` ${e.op} `}${formulaText(e.right)}`;
    case 'call':
      return `${formulaText(e.callee)}(${e.args.map((a) => formulaText(a.value)).join(', ')})`;
    case 'formula':
      return `${formulaText(e.lhs)} ~ ${formulaText(e.rhs)}`;
    default:
      return '?';
  }
}

/** A formula term as an expression of one panel row: columns become data reads at (#unit, #time). */
export function formulaTerm(
  ck: Checker,
  e: A.Expr,
  cols: Map<string, string> | undefined,
  data: string | undefined,
): PExpr {
  switch (e.kind) {
    case 'num':
      return { op: 'num', v: e.value };
    case 'name': {
      if (cols && !cols.has(e.name)) {
        ck.error(
          'E116',
          e.span,
          `the panel's data '${data}' has no column '${e.name}'`,
          suggest(e.name, cols.keys()) ?? `its columns: ${[...cols.keys()].join(', ')}`,
        );
        return { op: 'num', v: 0 };
      }
      return {
        op: 'col',
        data: data ?? '?',
        column: e.name,
        idx: [
          { op: 'it', name: '#unit' },
          { op: 'it', name: '#time' },
        ],
      };
    }
    case 'unary':
      return { op: 'neg', a: formulaTerm(ck, e.operand, cols, data) };
    case 'binary':
      if (e.op === 'and' || e.op === 'or') {
        ck.error('E104', e.span, 'a formula term is arithmetic');
        return { op: 'num', v: 0 };
      }
      return { op: 'bin', fn: e.op, a: formulaTerm(ck, e.left, cols, data), b: formulaTerm(ck, e.right, cols, data) };
    case 'call': {
      const fn = e.callee.kind === 'name' ? e.callee.name : '';
      const allowed = ['log', 'ln', 'exp', 'sqrt', 'abs'];
      if (!allowed.includes(fn) || e.args.length !== 1) {
        ck.error(
          'E117',
          e.callee.span,
          `a formula term may use ${allowed.join(', ')} of one argument`,
          suggest(fn, allowed),
        );
        return { op: 'num', v: 0 };
      }
      return { op: 'call', fn, args: [formulaTerm(ck, e.args[0]!.value, cols, data)] };
    }
    default:
      ck.error('E104', e.span, 'a formula term is a column, a number, or arithmetic and log/exp/sqrt/abs of them');
      return { op: 'num', v: 0 };
  }
}
