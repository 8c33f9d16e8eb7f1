// Report codes (R8xx): chart specs built from the run's tables, the report document's validation, rendering.
import { cases, defineCodes } from '../define.ts';

const at = (p: { path: string }) => `report document ${p.path}: `;

export const REPORT = defineCodes('report', {
  R800: {
    title: 'a chart of a kind the report stage does not know (a bug: please report)',
    format: (p: { chart: string; kind: string }) => `chart ${p.chart}: unknown chart kind ${p.kind}`,
  },
  R801: {
    title: 'a chart of a table (or a column) the run did not produce',
    format: cases({
      table: (p: { chart: string; table: string }) =>
        `chart ${p.chart}: table '${p.table}' was not produced in this run`,
      column: (p: { chart: string; table: string; column: string; columns: readonly string[] }) => ({
        message: `chart ${p.chart}: table '${p.table}' has no column '${p.column}'`,
        hint: `its columns: ${p.columns.join(', ')}`,
      }),
    }),
  },
  R802: {
    title: 'a report document that is not valid (naming the offending path)',
    format: cases({
      expected: (p: { path: string; expected: string; got?: string }) =>
        `${at(p)}expected ${p.expected}${p.got === undefined ? '' : `, got ${p.got}`}`,
      cell: (p: { path: string; got: string }) =>
        `${at(p)}cells must be strings, finite numbers, booleans or null, got ${p.got}`,
      field: (p: { path: string; field: string; rows: number }) =>
        `${at(p)}field '${p.field}' is in none of the ${p.rows} data rows`,
      duplicate: (p: { path: string; what: 'node' | 'block'; id: string }) =>
        `${at(p)}duplicate ${p.what} id '${p.id}'`,
      unknownNode: (p: { path: string; id: string }) => `${at(p)}unknown node '${p.id}'`,
      bounds: (p: { path: string }) => `${at(p)}give both lower and upper, or neither`,
      unknownKind: (p: {
        path: string;
        what: 'chart type' | 'block kind';
        value: unknown;
        allowed: readonly string[];
      }) => ({
        message: `${at(p)}unknown ${p.what} ${JSON.stringify(p.value)}`,
        hint: `one of ${p.allowed.map((a) => `'${a}'`).join(', ')}`,
      }),
      unsafeId: (p: { path: string; id: string }) => ({
        message: `${at(p)}'${p.id}' is not a safe id`,
        hint: 'use letters, digits, _ and - (slugId() makes one)',
      }),
    }),
  },
  R803: {
    title: 'a graph chart given to Vega-Lite',
    format: () => ({
      message: 'graph charts are drawn as SVG directly, not through Vega-Lite',
      hint: 'use renderChartSvg()',
    }),
  },
  R804: {
    title: 'chart rendering that tried to load something',
    format: (p: { what: string }) => `chart rendering tried to load '${p.what}'; reports embed all their data`,
  },
  R805: {
    title: 'chart rendering that failed in Vega',
    format: (p: { detail: string }) => `chart rendering failed: ${p.detail}`,
  },
  R806: {
    title: 'a chart without its rendered figure',
    format: (p: { chart: string }) => `no SVG was rendered for chart '${p.chart}'`,
  },
  R807: {
    title: 'an unknown report format',
    format: (p: { format: string; formats: readonly string[] }) => ({
      message: `unknown report format '${p.format}'`,
      hint: `use ${p.formats.join(', ')}`,
    }),
  },
});
