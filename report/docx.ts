// A table as a Word document (.docx, Office Open XML) through the `docx` package: the title above, the table
// with booktabs-like rules (a heavy rule at the top and the bottom, a light one under the heads and between the
// blocks of rows), stars raised, the notes beneath in a smaller size.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { RegressionBlock, TableBlock } from './doc.ts';
import { sheetOf, type Sheet, type SheetCell } from './sheet.ts';

const FONT = 'Times New Roman';
const SIZE = 20; // half-points: 10 pt
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const rule = (size: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color: '000000' });
const HEAVY = rule(12);
const LIGHT = rule(4);

const ALIGN = { l: AlignmentType.LEFT, r: AlignmentType.RIGHT, c: AlignmentType.CENTER } as const;

function runs(c: SheetCell, bold = false): TextRun[] {
  const out = [new TextRun({ text: c.text, font: FONT, size: SIZE, bold })];
  if (c.stars) out.push(new TextRun({ text: c.stars, font: FONT, size: SIZE, superScript: true }));
  if (c.extra) out.push(new TextRun({ text: ` ${c.extra}`, font: FONT, size: SIZE }));
  return out;
}

function cell(
  c: SheetCell,
  align: 'l' | 'r' | 'c',
  top: IBorderOptions,
  bottom: IBorderOptions,
  span = 1,
  bold = false,
) {
  return new TableCell({
    children: [new Paragraph({ alignment: ALIGN[align], spacing: { before: 0, after: 0 }, children: runs(c, bold) })],
    columnSpan: span,
    borders: { top, bottom, left: NONE, right: NONE },
    margins: { left: 80, right: 80 },
  });
}

function tableOf(sh: Sheet): Table {
  const rows: TableRow[] = [];
  const last = sh.head.length - 1;
  sh.head.forEach((row, i) => {
    let col = 0;
    rows.push(
      new TableRow({
        tableHeader: true,
        children: row.map((c) => {
          const align = col === 0 ? sh.align[0]! : 'c';
          col += c.span;
          // a spanning head is underlined over its columns; the last head row closes the header
          const bottom = i === last ? LIGHT : c.span > 1 && c.text !== '' ? LIGHT : NONE;
          return cell({ text: c.text }, align, i === 0 ? HEAVY : NONE, bottom, c.span, true);
        }),
      }),
    );
  });
  sh.body.forEach((r, i) => {
    const next = sh.body[i + 1];
    const bottom = i === sh.body.length - 1 ? HEAVY : next?.rule ? LIGHT : NONE;
    rows.push(new TableRow({ children: r.cells.map((c, k) => cell(c, sh.align[k] ?? 'l', NONE, bottom)) }));
  });
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/**
 * The same bytes for the same document: `docx` stamps the clock into docProps/core.xml and the zip entries, so
 * both are set to the report's date (its provenance) and the package is zipped again.
 */
function stamped(bytes: Uint8Array, date: string): Uint8Array {
  const when = /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
  const at = new Date(when);
  if (Number.isNaN(at.getTime())) return bytes;
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  if (core)
    files['docProps/core.xml'] = strToU8(
      strFromU8(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)/g, `$1${iso}$2`),
    );
  // zip times are local DOS times from 1980 on: an earlier date keeps the package's own
  const mtime = at.getUTCFullYear() >= 1980 ? at : new Date('1980-01-01T00:00:00Z');
  return zipSync(files, { level: 6, mtime });
}

/** One table as a .docx file (bytes); a wide table gets a landscape page; `date` stamps the package. */
export async function tableDocx(b: TableBlock | RegressionBlock, label: string, date = ''): Promise<Uint8Array> {
  const sh = sheetOf(b);
  const wide = sh.align.length > 6;
  const doc = new Document({
    creator: 'abate',
    title: b.title,
    description: `${label}. ${b.title}`,
    sections: [
      {
        properties: wide ? { page: { size: { orientation: PageOrientation.LANDSCAPE } } } : {},
        children: [
          new Paragraph({
            spacing: { after: 120 },
            children: [
              new TextRun({ text: `${label}. `, font: FONT, size: SIZE + 2, bold: true }),
              new TextRun({ text: b.title, font: FONT, size: SIZE + 2 }),
            ],
          }),
          tableOf(sh),
          ...sh.notes.map(
            (n) =>
              new Paragraph({
                spacing: { before: 60, after: 0 },
                children: [new TextRun({ text: n, font: FONT, size: SIZE - 2 })],
              }),
          ),
        ],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return date ? stamped(bytes, date) : bytes;
}
