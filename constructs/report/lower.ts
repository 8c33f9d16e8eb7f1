// Lowering of the property kinds only `report` uses: `table NAME` (a declared or construct table) and
// `chart ID = kind(TABLE, arg = ..., ...)`, whose arguments are checked against the chart kind's schema in
// report/spec.ts (columns of the charted table, titles, other tables, words) before anything runs.
import type * as A from '../../grammar/ast.ts';
import type { PExpr } from '../../spec/plan.ts';
import type { ChartSchema } from '../schema.ts';
import { wordOf, type PropContext, type PropLowering } from '../../compiler/prop-lowering.ts';
import { suggest } from '../../diagnostics/index.ts';

const ref: PropLowering<'ref'> = {
  valueOptional: true,
  lower(cx, p) {
    const name = p.name.text;
    const target = p.label?.text ?? (p.value?.kind === 'name' ? p.value.name : undefined);
    const span = p.label?.span ?? p.value?.span ?? p.span;
    if (!target) {
      cx.ck.error('E108', p.span, `'${name}' needs the name of a table`, `write ${name} NAME`);
      return;
    }
    if (!cx.tables.has(target)) {
      cx.ck.error(
        'E100',
        span,
        `unknown table '${target}'`,
        suggest(target, cx.tables) ?? 'declare it with `table NAME by ... { ... }`',
      );
      return;
    }
    cx.items.push({ name, label: target });
  },
};

/** A chart call being checked: its kind's schema, the charted table and all its arguments. */
interface ChartCall {
  cx: PropContext;
  fn: string;
  schema: ChartSchema;
  table: string;
  args: A.Arg[];
}

const chart: PropLowering<'chart'> = {
  lower(cx, p, t) {
    const { ck } = cx;
    const v = p.value!;
    const id = p.label?.text;
    if (!id) {
      ck.error('E108', p.name.span, 'a chart needs an id: chart fig1 = line(...)');
      return;
    }
    const fn = v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : undefined;
    const schema = fn && Object.hasOwn(t.charts, fn) ? t.charts[fn] : undefined;
    if (!fn || !schema) {
      ck.error(
        'E126',
        v.span,
        `a chart is one of ${Object.keys(t.charts).join(', ')}, called on a table`,
        fn ? suggest(fn, Object.keys(t.charts)) : 'e.g. chart fig1 = line(mac_table, x = P, y = mac, series = r)',
      );
      return;
    }
    const args = (v as Extract<A.Expr, { kind: 'call' }>).args;
    const table = chartedTable(cx, fn, schema, args, v.span);
    if (!table) return;
    const call: ChartCall = { cx, fn, schema, table, args };
    const named: Record<string, PExpr> = {};
    let bad = false;
    for (const a of args.slice(1)) {
      const lowered = chartArgument(call, a);
      if (lowered) named[a.name!.text] = lowered;
      else bad = true;
    }
    const given = new Set(args.map((a) => a.name?.text));
    const missing = schema.required.filter((r) => !named[r] && !given.has(r));
    if (missing.length) {
      ck.error('E108', v.span, `${fn}(...) needs ${missing.map((m) => `${m} = column`).join(', ')}`);
      bad = true;
    }
    if (!bad)
      cx.items.push({ name: 'chart', label: id, expr: { op: 'call', fn, args: [{ op: 'str', v: table }], named } });
  },
};

/** The chart's first, positional argument: a table the report knows. */
function chartedTable(cx: PropContext, fn: string, schema: ChartSchema, args: A.Arg[], span: A.Span) {
  const first = args[0];
  const table = first && !first.name && first.value.kind === 'name' ? first.value.name : undefined;
  if (!table) {
    cx.ck.error(
      'E118',
      span,
      `${fn}(...) takes the table to draw as its first argument`,
      `e.g. ${fn}(my_table, ${schema.required.map((r) => `${r} = column`).join(', ')})`,
    );
    return undefined;
  }
  if (!cx.tables.has(table)) {
    cx.ck.error(
      'E100',
      first!.value.span,
      `unknown table '${table}'`,
      suggest(table, cx.tables) ?? 'charts draw declared tables or construct tables',
    );
    return undefined;
  }
  return table;
}

type ArgClass = 'columns' | 'titles' | 'tables' | 'words';
/** How each class of named argument of the chart schema is checked and lowered (undefined: reported). */
const ARGUMENTS: Record<ArgClass, (c: ChartCall, k: string, val: A.Expr) => PExpr | undefined> = {
  columns: (c, k, val) => {
    if (val.kind !== 'name' && val.kind !== 'str') {
      c.cx.ck.error('E104', val.span, `${k} names a column of '${c.table}'`);
      return undefined;
    }
    const col = wordOf(val)!;
    // node_* columns belong to the `nodes` table of a graph, the others to the charted table
    const nodesArg = c.args.find((x) => x.name?.text === 'nodes')?.value;
    const owner = k.startsWith('node_') && nodesArg?.kind === 'name' ? nodesArg.name : c.table;
    const cols = c.cx.tableColumns.get(owner);
    if (cols && !cols.has(col)) {
      c.cx.ck.error(
        'E116',
        val.span,
        `table '${owner}' has no column '${col}'`,
        suggest(col, cols) ?? `its columns: ${[...cols].join(', ')}`,
      );
      return undefined;
    }
    return { op: 'str', v: col };
  },
  titles: (c, k, val) => {
    if (val.kind === 'str') return { op: 'str', v: val.value };
    c.cx.ck.error('E104', val.span, `${k} must be a string`);
    return undefined;
  },
  tables: (c, k, val) => {
    const { ck, tables, tableColumns } = c.cx;
    if (val.kind !== 'name' || !tables.has(val.name)) {
      ck.error('E100', val.span, `${k} must name a table`, val.kind === 'name' ? suggest(val.name, tables) : undefined);
      return undefined;
    }
    // the marks of a line chart are read from the same x and y columns as the lines
    const mcols = k === 'marks' ? tableColumns.get(val.name) : undefined;
    let ok = true;
    for (const axis of ['x', 'y']) {
      const colName = c.args.find((x) => x.name?.text === axis)?.value;
      const cn = colName ? wordOf(colName) : undefined;
      if (mcols && cn && !mcols.has(cn)) {
        ck.error(
          'E116',
          val.span,
          `the marks table '${val.name}' has no column '${cn}' (the chart's ${axis})`,
          `marks are read from the same columns as the lines; its columns: ${[...mcols].join(', ')}`,
        );
        ok = false;
      }
    }
    return ok ? { op: 'str', v: val.name } : undefined;
  },
  words: (c, k, val) => {
    const words = c.schema.words![k]!;
    const w = wordOf(val) ?? '';
    if (words.includes(w)) return { op: 'str', v: w };
    c.cx.ck.error('E126', val.span, `${k} is one of ${words.join(', ')}`);
    return undefined;
  },
};

/** One named argument of a chart, lowered by its class in the schema; undefined if it was reported. */
function chartArgument(c: ChartCall, a: A.Arg): PExpr | undefined {
  const { ck } = c.cx;
  const { fn, schema } = c;
  const k = a.name?.text;
  if (!k) {
    ck.error(
      'E118',
      a.span,
      `${fn}: only the first argument is positional; name the others (${schema.required.join(', ')} = column)`,
    );
    return undefined;
  }
  const cls: ArgClass | undefined = schema.columns.includes(k)
    ? 'columns'
    : schema.titles.includes(k)
      ? 'titles'
      : schema.tables.includes(k)
        ? 'tables'
        : schema.words && Object.hasOwn(schema.words, k)
          ? 'words'
          : undefined;
  if (cls) return ARGUMENTS[cls](c, k, a.value);
  const all = [...schema.columns, ...schema.titles, ...schema.tables, ...Object.keys(schema.words ?? {})];
  ck.error('E107', a.name!.span, `${fn} has no argument '${k}'`, suggest(k, all) ?? `arguments: ${all.join(', ')}`);
  return undefined;
}

export const reportLowering = { kinds: { ref, chart } };
