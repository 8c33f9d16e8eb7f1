// CSV data sources: read with csv-parse, typed by the model's column declarations, keyed, and checked.
// Every problem names the file, the line (header = line 1) and the column.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from './errors.ts';

export type Cell = number | string | boolean;
export interface DataTable {
  name: string;
  file: string;
  key: string[];
  columns: Map<string, Cell[]>;
  rowCount: number;
  /** key tuple (joined by \u0000) → row index */
  index: Map<string, number>;
}

export const keyOf = (parts: Array<string | number | boolean>): string => parts.map(String).join('\u0000');

export function readCsvTable(
  name: string,
  file: string,
  baseDir: string,
  key: string[],
  columns: Array<{ name: string; type: 'number' | 'integer' | 'string' | 'bool' }>,
): DataTable {
  const full = path.resolve(baseDir, file);
  if (!existsSync(full))
    throw new DataError(
      'D301',
      `data file not found: ${file} (looked in ${path.dirname(full)})`,
      { file },
      'paths are relative to the model file',
    );
  let records: string[][];
  try {
    records = parse(readFileSync(full), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch (e) {
    const m = e as { message: string; lines?: number };
    throw new DataError(
      'D306',
      `cannot read ${file} as CSV: ${m.message}`,
      { file, row: m.lines },
      'check quoting and separators',
    );
  }
  if (records.length === 0) throw new DataError('D302', `${file} is empty: expected a header row`, { file, row: 1 });
  const header = records[0]!;
  const pos = new Map(header.map((h, i) => [h, i]));
  for (const c of columns) {
    if (!pos.has(c.name)) {
      throw new DataError(
        'D302',
        `no column '${c.name}' in the header (data '${name}')`,
        { file, row: 1, column: c.name },
        `the header has: ${header.join(', ')}`,
      );
    }
  }
  const out = new Map<string, Cell[]>(columns.map((c) => [c.name, []]));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = r + 1;
    if (rec.length !== header.length) {
      throw new DataError(
        'D307',
        `row has ${rec.length} fields, the header has ${header.length}`,
        { file, row: line },
        'every row needs one value per header column',
      );
    }
    for (const c of columns) {
      const raw = rec[pos.get(c.name)!]!;
      out.get(c.name)!.push(parseCell(raw, c.type, { file, row: line, column: c.name }));
    }
  }
  const rowCount = records.length - 1;
  const index = new Map<string, number>();
  if (key.length) {
    const keyCols = key.map((k) => out.get(k)!);
    for (let i = 0; i < rowCount; i++) {
      const k = keyOf(keyCols.map((c) => c[i]!));
      const prev = index.get(k);
      if (prev !== undefined) {
        throw new DataError(
          'D304',
          `duplicate key (${key.map((kc, j) => `${kc} = ${keyCols[j]![i]}`).join(', ')}), first seen on line ${prev + 2}`,
          { file, row: i + 2, column: key[0] },
          'each key must appear once',
        );
      }
      index.set(k, i);
    }
  }
  return { name, file, key, columns: out, rowCount, index };
}

function parseCell(raw: string, type: string, where: { file: string; row: number; column: string }): Cell {
  // the CLI prints the file and line before the message
  const at = `column '${where.column}'`;
  if (type === 'string') return raw; // an empty text cell is an empty string (optional labels, notes)
  if (raw === '' || /^(na|nan|null|n\/a)$/i.test(raw))
    throw new DataError(
      'D305',
      `${at}: missing value (${raw === '' ? 'empty cell' : raw})`,
      where,
      'abate does not impute: fill it in or drop the row',
    );
  if (type === 'bool') {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    throw new DataError('D303', `${at}: expected true/false, found '${raw}'`, where);
  }
  const v = Number(raw);
  if (!Number.isFinite(v))
    throw new DataError(
      'D303',
      `${at}: expected a number, found '${raw}'`,
      where,
      'use a plain decimal number such as 12.5 or 1e-3',
    );
  if (type === 'integer' && !Number.isInteger(v))
    throw new DataError('D303', `${at}: expected an integer, found '${raw}'`, where);
  return v;
}
