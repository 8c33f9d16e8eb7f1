// `weights` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const weightsSpec = {
  keyword: 'weights',
  doc: 'a spatial weight matrix over a set of units, stored sparse',
  named: true,
  props: {
    units: {
      type: { kind: 'expr', const: true },
      required: true,
      doc: 'the set of units (the matrix follows its order; panels are matched by name)',
    },
    method: {
      type: {
        kind: 'method',
        fns: {
          knn: { args: ['k'], required: 1 },
          band: { args: ['upper', 'lower'], required: 1 },
          inverse: { args: ['power', 'cutoff'], required: 0 },
          edges: { args: ['data', 'from', 'to', 'weight'], required: 3 },
          economic: { args: ['panel', 'variable', 'power'], required: 2 },
          nested: { args: ['geographic', 'panel', 'variable'], required: 3 },
          mix: { args: ['geographic', 'economic', 'phi'], required: 2 },
        },
      },
      required: true,
      doc: 'knn(k) | band(upper_km, lower_km) | inverse(power, cutoff_km) | edges(data, from, to) | economic(panel, variable) | nested(W_geo, panel, variable) | mix(W_geo, W_econ, phi)',
    },
    lon: { type: { kind: 'unit-fn' }, doc: 'lon(u) = longitude of unit u in degrees (great-circle distances)' },
    lat: { type: { kind: 'unit-fn' }, doc: 'lat(u) = latitude of unit u in degrees' },
    x: { type: { kind: 'unit-fn' }, doc: 'x(u) = planar coordinate of unit u (Euclidean distances)' },
    y: { type: { kind: 'unit-fn' }, doc: 'y(u) = planar coordinate of unit u' },
    standardise: { type: { kind: 'enum', values: ['row', 'none'] }, doc: 'row-standardise (default row)' },
  },
  tables: { '': ['property', 'value'] },
  outputs: {},
} as const satisfies ConstructSpec;
