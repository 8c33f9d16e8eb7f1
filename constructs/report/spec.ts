// `report` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';
import { PRESENTATION_PROPS } from '../table/spec.ts';

export const reportSpec = {
  keyword: 'report',
  doc: 'the report: sections, text and tables in order',
  named: false,
  exclusive: [['under', 'beside']],
  props: {
    title: { type: { kind: 'text' }, doc: 'report title (default: the study title)' },
    ...PRESENTATION_PROPS,
    labels: {
      type: { kind: 'labelled' },
      doc: 'names readers see in place of internal ones: terms, estimates, weight matrices, column keys',
    },
    section: { type: { kind: 'text' }, repeat: true, doc: 'start a section with this heading' },
    text: { type: { kind: 'text' }, repeat: true, doc: 'a paragraph (Markdown)' },
    table: { type: { kind: 'ref', what: 'table' }, repeat: true, doc: 'a declared table, or a construct output table' },
    chart: {
      type: {
        kind: 'chart',
        charts: {
          line: {
            columns: ['x', 'y', 'series', 'label'],
            required: ['x', 'y'],
            titles: ['title', 'caption', 'x_title', 'y_title'],
            tables: ['marks'],
          },
          bar: {
            columns: ['category', 'value', 'group'],
            required: ['category', 'value'],
            titles: ['title', 'caption', 'value_title', 'category_title'],
            tables: [],
            words: { sort: ['data', 'ascending', 'descending'] },
          },
          dot: {
            columns: ['category', 'value', 'group'],
            required: ['category', 'value'],
            titles: ['title', 'caption', 'value_title', 'category_title'],
            tables: [],
            words: { sort: ['data', 'ascending', 'descending'] },
          },
          coef: {
            columns: ['term', 'estimate', 'lower', 'upper', 'group'],
            required: ['term', 'estimate', 'lower', 'upper'],
            titles: ['title', 'caption', 'x_title'],
            tables: [],
          },
          timeseries: {
            columns: ['time', 'value', 'series', 'significant', 'lower', 'upper'],
            required: ['time', 'value'],
            titles: ['title', 'caption', 'x_title', 'y_title'],
            tables: [],
          },
          graph: {
            columns: ['from', 'to', 'label', 'style', 'node_id', 'node_label', 'node_group'],
            required: ['from', 'to'],
            titles: ['title', 'caption'],
            tables: ['nodes'],
          },
        },
      },
      repeat: true,
      doc: 'a chart drawn from a table: chart ID = line(TABLE, x = col, y = col, series = col, title = "...")',
    },
  },
  outputs: {},
} as const satisfies ConstructSpec;
