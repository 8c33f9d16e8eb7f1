// A table block as a sheet: header rows with spans, body rows with the rules between their blocks, column
// alignment and notes. The LaTeX and Word writers place a sheet's cells; a table of estimates comes from its
// grid (report/model-table.ts), so every format shows the same digits.
import { columnHeader, isNumericColumn, type RegressionBlock, type TableBlock } from './doc.ts';
import { formatCell } from './format.ts';
import { layoutModelTable } from './model-table.ts';

export interface SheetCell {
  text: string;
  /** significance stars, raised where the format can */
  stars?: string;
  /** what follows in the same cell (the inference beside an estimate) */
  extra?: string;
}

export interface Sheet {
  /** header rows; each cell spans `span` columns (the first column included) */
  head: Array<Array<{ text: string; span: number }>>;
  body: Array<{
    cells: SheetCell[];
    /** a rule above this row (a new block: indicators, statistics) */ rule?: boolean;
  }>;
  align: Array<'l' | 'r' | 'c'>;
  notes: string[];
}

export function regressionSheet(b: RegressionBlock): Sheet {
  const g = layoutModelTable(b);
  const body: Sheet['body'] = [];
  let prev = 'term';
  for (const r of g.body) {
    const block = r.part === 'under' ? 'term' : r.part;
    body.push({
      cells: [
        { text: r.label },
        ...r.cells.map((c) => ({ text: c.text, stars: c.stars, ...(c.extra ? { extra: c.extra } : {}) })),
      ],
      ...(block !== prev ? { rule: true } : {}),
    });
    prev = block;
  }
  return {
    head: g.head.map((row) => [{ text: '', span: 1 }, ...row]),
    body,
    align: ['l', ...b.models.map(() => 'c' as const)],
    notes: g.notes,
  };
}

export function tableSheet(b: TableBlock): Sheet {
  const numeric = b.columns.map((c) => isNumericColumn(b.rows, c.key));
  return {
    head: [b.columns.map((c) => ({ text: columnHeader(c), span: 1 }))],
    body: b.rows.map((r) => ({ cells: b.columns.map((c) => ({ text: formatCell(r[c.key], c.digits, c.format) })) })),
    align: numeric.map((n) => (n ? 'r' : 'l')),
    notes: b.caption !== undefined && b.caption !== '' ? [b.caption] : [],
  };
}

export const sheetOf = (b: TableBlock | RegressionBlock): Sheet =>
  b.kind === 'regression' ? regressionSheet(b) : tableSheet(b);
