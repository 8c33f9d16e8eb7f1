// `game` as data: its properties, the tables it writes and its outputs (the fields: constructs/schema.ts).
import type { ConstructSpec } from '../schema.ts';

export const gameSpec = {
  keyword: 'game',
  doc: 'a transferable-utility cooperative game over the members of a set',
  named: true,
  over: true,
  props: {
    value: {
      type: { kind: 'fn', params: 1, paramSet: 'over' },
      required: true,
      doc: 'value(S) = the worth of coalition S',
    },
    solutions: {
      type: { kind: 'enum-list', values: ['shapley', 'nucleolus', 'core'] },
      doc: 'which solutions to compute (default [shapley, core])',
    },
    method: {
      type: { kind: 'enum', values: ['auto', 'exact', 'sampled'] },
      doc: 'Shapley by exact enumeration or permutation sampling (auto: exact up to 20 players)',
    },
    samples: { type: { kind: 'expr', const: true }, doc: 'permutations for the sampled Shapley value (default 20000)' },
    seed: { type: { kind: 'expr', const: true }, doc: 'seed of the sampling (default 1)' },
    focus: {
      type: { kind: 'member' },
      doc: 'a player whose coalitions are tabulated by size (the coalition table): its name, bare or quoted',
    },
  },
  tables: {
    '': ['player', 'shapley', 'shapley_se', 'nucleolus'],
    _properties: ['property', 'value'],
    _coalitions: ['size', 'coalition', 'value', 'marginal'],
  },
  outputs: {
    shapley: { index: ['over'], type: 'num' },
    nucleolus: { index: ['over'], type: 'num' },
    worth: { index: [], type: 'num' },
    in_core: { index: [], type: 'bool' },
    convex: { index: [], type: 'bool' },
    superadditive: { index: [], type: 'bool' },
  },
} as const satisfies ConstructSpec;
