// The compiler's first pass: every declaration's name, index sets, units and type, so that the second pass
// can resolve names in any order. One function per kind of declaration, in a table.
import type * as A from '../grammar/ast.ts';
import { suggest } from '../diagnostics/index.ts';
import { Checker, type Globals, type ProblemInfo, type SetInfo } from './check.ts';
import { declareBlock, type KnownTables } from './lower-block.ts';
import { unitFromAnnotation } from './units.ts';

export const COLUMN_TYPES = ['number', 'integer', 'string', 'bool'] as const;

/** What the passes over one model share: the checker, the declarations by name, the known tables. */
export interface Compilation {
  ck: Checker;
  g: Globals;
  model: A.Model;
  file: string;
  dataDecls: Map<string, A.Decl & { kind: 'data' }>;
  setDecls: Map<string, A.Decl & { kind: 'set' }>;
  known: KnownTables;
  study?: A.Decl & { kind: 'study' };
  /** record a global name; false (and E101) if it is already declared */
  declare(name: A.Name): boolean;
}

type Declarer<K extends A.Decl['kind']> = (c: Compilation, d: Extract<A.Decl, { kind: K }>) => void;

const DECLARERS: { readonly [K in A.Decl['kind']]: Declarer<K> } = {
  study: (c, d) => {
    if (c.study) c.ck.error('E101', d.nameSpan, 'a model has one study block', 'merge the two study blocks');
    c.study = d;
  },
  data: declareData,
  set: declareSet,
  param: declareEntity,
  result: declareEntity,
  problem: declareProblem,
  table: (c, d) => {
    if (!c.declare(d.name)) return;
    c.known.tables.add(d.name.text);
    if (!d.pivot)
      c.known.tableColumns.set(
        d.name.text,
        new Set([...d.by.map((b) => b.variable.text), ...d.columns.map((col) => col.name.text)]),
      );
  },
  block: (c, d) => declareBlock(c.ck, d, (n) => c.declare(n), c.known),
  scenario: () => {},
  grid: () => {},
};

/** Pass 1 over a model: its globals, ready for checking and lowering. */
export function declareModel(model: A.Model, file: string): Compilation {
  // declarations by name, so checks stay linear in the size of the model
  const dataDecls = new Map(
    model.decls.filter((d): d is A.Decl & { kind: 'data' } => d.kind === 'data').map((d) => [d.name.text, d]),
  );
  const setDecls = new Map(
    model.decls.filter((d): d is A.Decl & { kind: 'set' } => d.kind === 'set').map((d) => [d.name.text, d]),
  );
  const g: Globals = {
    sets: new Map(),
    entities: new Map(),
    data: new Map(),
    problems: new Map(),
    constructs: new Map(),
    declared: new Map(),
  };
  const ck = new Checker(file, g);
  const c: Compilation = {
    ck,
    g,
    model,
    file,
    dataDecls,
    setDecls,
    known: { tables: new Set(), tableColumns: new Map() },
    declare(name) {
      const prev = g.declared.get(name.text);
      if (prev) {
        ck.error(
          'E101',
          name.span,
          `'${name.text}' is already declared (line ${prev.start.line})`,
          'rename one of them',
        );
        return false;
      }
      g.declared.set(name.text, name.span);
      return true;
    },
  };
  for (const d of model.decls) (DECLARERS[d.kind] as Declarer<A.Decl['kind']>)(c, d);
  // constructs that use a panel (estimate, moran, ...) know its data, so `of = estimate` constructs can find it
  for (const d of model.decls) {
    if (d.kind !== 'block' || !d.name) continue;
    const pv = d.props.find((p) => p.name.text === 'panel')?.value;
    const con = g.constructs.get(d.name.text);
    if (con && pv?.kind === 'name') con.data = g.constructs.get(pv.name)?.data;
  }
  return c;
}

function declareData(c: Compilation, d: A.Decl & { kind: 'data' }): void {
  const { ck, setDecls } = c;
  if (!c.declare(d.name)) return;
  const columns = new Map<string, string>();
  for (const col of d.columns) {
    if (columns.has(col.name.text)) ck.error('E101', col.name.span, `column '${col.name.text}' is declared twice`);
    // a column may be typed by a set: its values must then be members of that set
    const isSetType = setDecls.has(col.type.text);
    if (!(COLUMN_TYPES as readonly string[]).includes(col.type.text) && !isSetType)
      ck.error(
        'E110',
        col.type.span,
        `unknown column type '${col.type.text}'`,
        suggest(col.type.text, [...COLUMN_TYPES, ...setDecls.keys()]) ??
          `use one of ${COLUMN_TYPES.join(', ')}, or the name of a set whose members the column holds`,
      );
    columns.set(col.name.text, col.type.text);
  }
  for (const k of d.key)
    if (!columns.has(k.text))
      ck.error(
        'E111',
        k.span,
        `key column '${k.text}' is not declared in '${d.name.text}'`,
        `add \`${k.text}: string\` to its columns`,
      );
  c.g.data.set(d.name.text, { name: d.name.text, key: d.key.map((k) => k.text), columns });
}

function declareSet(c: Compilation, d: A.Decl & { kind: 'set' }): void {
  if (!c.declare(d.name)) return;
  const v = d.value;
  const info: SetInfo = { name: d.name.text, numeric: false };
  if (v.kind === 'setLiteral') {
    info.literalMembers = v.members.map((m) => m.text);
    info.numeric = info.literalMembers.every((m) => Number.isFinite(Number(m)));
  } else if (v.kind === 'range') info.numeric = true;
  else if (v.kind === 'setBuilder' && v.binding.domain.kind === 'name') info.parent = v.binding.domain.name;
  else if (v.kind === 'member' && v.object.kind === 'name') {
    const type = c.dataDecls
      .get((v.object as { name: string }).name)
      ?.columns.find((col) => col.name.text === v.member.text)?.type.text;
    info.numeric = type === 'number' || type === 'integer';
  }
  c.g.sets.set(d.name.text, info);
}

function declareEntity(c: Compilation, d: A.Decl & { kind: 'param' | 'result' }): void {
  if (!c.declare(d.name)) return;
  c.g.entities.set(d.name.text, {
    kind: d.kind,
    name: d.name.text,
    index: d.index.map((b) => b.set.text),
    unit: d.unit ? unitFromAnnotation(d.unit) : undefined,
    type: guessType(d.value, c.dataDecls),
    span: d.name.span,
  });
}

function declareProblem(c: Compilation, d: A.Decl & { kind: 'problem' }): void {
  const { ck } = c;
  if (!c.declare(d.name)) return;
  const p: ProblemInfo = {
    name: d.name.text,
    coalitionSet: d.coalition?.set.text,
    vars: new Map(),
    constraints: new Map(),
    objectiveName: d.objective?.name?.text ?? 'objective',
  };
  for (const v of d.vars) {
    if (p.vars.has(v.name.text))
      ck.error('E101', v.name.span, `variable '${v.name.text}' is declared twice in '${d.name.text}'`);
    // an index over the coalition parameter is an index over the coalition's set
    p.vars.set(v.name.text, {
      name: v.name.text,
      index: v.index.map((b) => (b.set.text === d.coalition?.variable.text ? d.coalition.set.text : b.set.text)),
      unit: v.unit ? unitFromAnnotation(v.unit) : undefined,
      problem: d.name.text,
    });
  }
  for (const con of d.constraints) {
    if (p.constraints.has(con.name.text) || p.vars.has(con.name.text))
      ck.error('E101', con.name.span, `'${con.name.text}' is declared twice in '${d.name.text}'`);
    p.constraints.set(con.name.text, { index: con.index.map((b) => b.set.text) });
  }
  c.g.problems.set(d.name.text, p);
}

/** The type of a parameter or result from its value, before checking (data columns by their declared type). */
function guessType(e: A.Expr, dataDecls: Map<string, A.Decl & { kind: 'data' }>): 'number' | 'string' | 'bool' {
  if (e.kind === 'str') return 'string';
  if (e.kind === 'bool' || e.kind === 'compare') return 'bool';
  if (e.kind === 'member' && e.object.kind === 'name') {
    const obj = e.object.name;
    const t = dataDecls.get(obj)?.columns.find((c) => c.name.text === e.member.text)?.type.text;
    if (t === 'string') return 'string';
    if (t === 'bool') return 'bool';
  }
  return 'number';
}
