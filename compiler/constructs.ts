// Lowering of construct property blocks against their specs (constructs/<keyword>/spec.ts, listed in
// constructs/registry.ts).
import type * as A from '../grammar/ast.ts';
import type { PExpr, PExprProp } from '../spec/plan.ts';
import { SPATIAL_MODEL_WORDS, spatialModel } from '../spec/spatial-models.ts';
import type { ConstructSpec, OutputType } from '../constructs/schema.ts';
import { suggest } from '../diagnostics/index.ts';
import { type Checker, Scope } from './check.ts';
import { BOOL, NUM, type Ty } from './types.ts';

/** The compiler's type of each kind of construct output. */
export const OUTPUT_TYPES: Record<OutputType, Ty> = { num: NUM, bool: BOOL, curve: { k: 'curve' } };

/** Lower a property block; `overSet` is the resolved set of `over` if the construct has one. */
export function lowerProps(
  ck: Checker,
  decl: Extract<A.Decl, { kind: 'block' }>,
  spec: ConstructSpec,
  overSet: string | undefined,
  scope: Scope,
  tables: Set<string>,
  tableColumns: Map<string, Set<string>> = new Map(),
): Record<string, PExprProp> {
  const out: Record<string, PExprProp> = {};
  const seen = new Map<string, A.Prop>();
  const list: Array<{ expr?: PExpr; label?: string; name: string }> = [];
  for (const p of decl.props) {
    const name = p.name.text;
    const ps = spec.props[name];
    if (!ps) {
      ck.error(
        'E107',
        p.name.span,
        `${decl.construct.text} has no property '${name}'`,
        suggest(name, Object.keys(spec.props)) ??
          `its properties are: ${Object.keys(spec.props).join(', ') || '(none)'}`,
      );
      continue;
    }
    if (seen.has(name) && !ps.repeat) ck.error('E101', p.name.span, `property '${name}' is set twice`, 'keep one');
    seen.set(name, p);
    const t = ps.type;
    const label = p.value?.kind === 'list' ? p.value.labels?.find((l) => l) : undefined;
    if (label && t.kind !== 'models' && t.kind !== 'labelled') {
      ck.error(
        'E104',
        label.span,
        `the items of '${name}' take no label in quotes`,
        'labels go in the lists of tables of estimates and in the report block (of, terms, labels)',
      );
      continue;
    }
    if (t.kind === 'per-item' && p.params) {
      if (p.params.length !== 1 || !p.value) {
        ck.error('E118', p.span, `${name} takes one parameter: ${name}(i) = expression`);
        continue;
      }
      const inner = scope.child({ [p.params[0]!.text]: { k: 'it', set: overSet ?? '#any', numeric: false } });
      const c = ck.expr(p.value, inner);
      out[name] = { expr: c.p, params: [p.params[0]!.text] };
      continue;
    }
    if (t.kind === 'series') {
      const params = p.params ?? [];
      if (params.length !== 2 || !p.value) {
        ck.error('E118', p.span, `${name} takes two parameters, a member and a year: ${name}(r, y) = expression`);
        continue;
      }
      const inner = scope.child({
        [params[0]!.text]: { k: 'it', set: overSet ?? '#any', numeric: false },
        [params[1]!.text]: { k: 'it', set: '#any', numeric: true },
      });
      const c = ck.expr(p.value, inner);
      ck.expectConstNum(c, p.value.span);
      out[name] = { expr: c.p, params: params.map((q) => q.text) };
      continue;
    }
    if (t.kind === 'unit-fn') {
      const params = p.params ?? [];
      if (params.length !== 1 || !p.value) {
        ck.error('E118', p.span, `${name} takes one parameter, the unit: ${name}(u) = expression`);
        continue;
      }
      const unitsProp = decl.props.find((q) => q.name.text === 'units')?.value;
      const unitSet = unitsProp?.kind === 'name' ? unitsProp.name : '#any';
      const inner = scope.child({
        [params[0]!.text]: { k: 'it', set: ck.g.sets.has(unitSet) ? ck.root(unitSet) : '#any', numeric: false },
      });
      const c = ck.expr(p.value, inner);
      ck.expectConstNum(c, p.value.span);
      out[name] = { expr: c.p, params: [params[0]!.text] };
      continue;
    }
    if (t.kind === 'fn') {
      const params = p.params ?? [];
      if (params.length !== t.params) {
        ck.error('E118', p.span, `${name} takes ${t.params} parameter(s): write ${name}(S) = ...`);
        continue;
      }
      if (!p.value) {
        ck.error('E108', p.span, `${name}(...) needs a value`);
        continue;
      }
      const inner = scope.child(
        Object.fromEntries(params.map((q) => [q.text, { k: 'setvar' as const, of: overSet ?? '#any' }])),
      );
      const c = ck.expr(p.value, inner);
      ck.expectConstNum(c, p.value.span);
      out[name] = { expr: c.p, params: params.map((q) => q.text) };
      continue;
    }
    if (p.params) {
      ck.error('E118', p.span, `property '${name}' takes no parameters`);
      continue;
    }
    if (!p.value && t.kind !== 'ref') {
      ck.error('E108', p.span, `property '${name}' needs a value: ${name} = ...`, ps.doc);
      continue;
    }
    switch (t.kind) {
      case 'expr': {
        const c = ck.expr(p.value!, scope);
        if (c.ty.k === 'num') ck.expectConstNum(c, p.value!.span);
        out[name] = { expr: c.p };
        break;
      }
      case 'enum': {
        const v = p.value!;
        const word = v.kind === 'name' ? v.name : v.kind === 'str' ? v.value : undefined;
        if (!word || !t.values.includes(word)) {
          ck.error(
            'E126',
            v.span,
            `'${name}' must be one of ${t.values.join(', ')}`,
            word ? suggest(word, t.values) : undefined,
          );
          break;
        }
        out[name] = { expr: { op: 'str', v: word } };
        break;
      }
      case 'enum-list': {
        const v = p.value!;
        const items = v.kind === 'list' ? v.items : [v];
        const words: Array<{ name: string }> = [];
        for (const it of items) {
          const word = it.kind === 'name' ? it.name : it.kind === 'str' ? it.value : undefined;
          if (!word || !t.values.includes(word))
            ck.error(
              'E126',
              it.span,
              `'${name}' items must be among ${t.values.join(', ')}`,
              word ? suggest(word, t.values) : undefined,
            );
          else words.push({ name: word });
        }
        out[name] = { list: words };
        break;
      }
      case 'text': {
        const v = p.value!;
        if (v.kind !== 'str') {
          ck.error('E104', v.span, `'${name}' must be a string`, `write ${name} = "..."`);
          break;
        }
        if (ps.repeat) list.push({ name, label: v.value });
        else out[name] = { expr: { op: 'str', v: v.value } };
        break;
      }
      case 'construct': {
        const v = p.value!;
        const target = v.kind === 'name' ? v.name : undefined;
        const c = target ? ck.g.constructs.get(target) : undefined;
        if (!target || !c || c.construct !== t.of) {
          const names = [...ck.g.constructs.values()].filter((x) => x.construct === t.of).map((x) => x.name);
          ck.error(
            target && !ck.g.declared.has(target) ? 'E100' : 'E104',
            v.span,
            `'${name}' must name a ${t.of}`,
            (target && suggest(target, names)) ??
              (names.length ? `${t.of}s: ${names.join(', ')}` : `declare one with \`${t.of} NAME over SET { ... }\``),
          );
          break;
        }
        ck.deps.add(target);
        out[name] = { expr: { op: 'str', v: target } };
        break;
      }
      case 'rule': {
        const v = p.value!;
        const fn = v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : undefined;
        if (!fn || !t.fns.includes(fn)) {
          ck.error(
            'E126',
            v.span,
            `'${name}' must be ${t.fns.map((f) => `${f}(score, count)`).join(' or ')}`,
            fn ? suggest(fn, t.fns) : `e.g. ${name} = lowest(cv, 1)`,
          );
          break;
        }
        const args = (v as Extract<A.Expr, { kind: 'call' }>).args;
        const score = args[0]?.value;
        const scoreName = score?.kind === 'name' ? score.name : undefined;
        if (!scoreName || !t.scores.includes(scoreName)) {
          ck.error(
            'E126',
            score?.span ?? v.span,
            `the score must be one of ${t.scores.join(', ')}`,
            scoreName ? suggest(scoreName, t.scores) : undefined,
          );
          break;
        }
        if (args.length > 2) {
          ck.error('E118', v.span, `${fn} takes a score and a count`);
          break;
        }
        const count = args[1] ? ck.expr(args[1].value, scope) : undefined;
        if (count && args[1]) ck.expectConstNum(count, args[1].value.span);
        out[name] = { expr: { op: 'call', fn, args: [{ op: 'str', v: scoreName }, count?.p ?? { op: 'num', v: 1 }] } };
        break;
      }
      case 'per-item': {
        const v = p.value!;
        const c = ck.expr(v, scope);
        if (c.ty.k === 'column') {
          const d = ck.g.data.get(c.ty.data)!;
          if (d.key.length !== 1) {
            ck.error(
              'E102',
              v.span,
              `'${c.ty.data}' is keyed by ${d.key.length} columns; write ${name}(i) = ${c.ty.data}.${c.ty.column}[i, ...]`,
            );
            break;
          }
          out[name] = {
            expr: { op: 'col', data: c.ty.data, column: c.ty.column, idx: [{ op: 'it', name: '#item' }] },
            params: ['#item'],
          };
        } else if (c.ty.k === 'entity' && c.ty.index.length === 1) {
          out[name] = {
            expr: { ...(c.p as Extract<PExpr, { idx: PExpr[] }>), idx: [{ op: 'it', name: '#item' }] } as PExpr,
            params: ['#item'],
          };
        } else
          ck.error(
            'E104',
            v.span,
            `'${name}' must give each item a group: a data column keyed by item (items.category) or a parameter indexed by the items`,
          );
        break;
      }
      case 'chart': {
        const v = p.value!;
        const id = p.label?.text;
        if (!id) {
          ck.error('E108', p.name.span, 'a chart needs an id: chart fig1 = line(...)');
          break;
        }
        const fn = v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : undefined;
        const spec = fn && Object.hasOwn(t.charts, fn) ? t.charts[fn] : undefined;
        if (!fn || !spec) {
          ck.error(
            'E126',
            v.span,
            `a chart is one of ${Object.keys(t.charts).join(', ')}, called on a table`,
            fn ? suggest(fn, Object.keys(t.charts)) : 'e.g. chart fig1 = line(mac_table, x = P, y = mac, series = r)',
          );
          break;
        }
        const args = (v as Extract<A.Expr, { kind: 'call' }>).args;
        const first = args[0];
        const table = first && !first.name && first.value.kind === 'name' ? first.value.name : undefined;
        if (!table) {
          ck.error(
            'E118',
            v.span,
            `${fn}(...) takes the table to draw as its first argument`,
            `e.g. ${fn}(my_table, ${spec.required.map((r) => `${r} = column`).join(', ')})`,
          );
          break;
        }
        if (!tables.has(table)) {
          ck.error(
            'E100',
            first!.value.span,
            `unknown table '${table}'`,
            suggest(table, tables) ?? 'charts draw declared tables or construct tables',
          );
          break;
        }
        const named: Record<string, PExpr> = {};
        let bad = false;
        for (const a of args.slice(1)) {
          const k = a.name?.text;
          if (!k) {
            ck.error(
              'E118',
              a.span,
              `${fn}: only the first argument is positional; name the others (${spec.required.join(', ')} = column)`,
            );
            bad = true;
            continue;
          }
          const val = a.value;
          if (spec.columns.includes(k)) {
            if (val.kind !== 'name' && val.kind !== 'str') {
              ck.error('E104', val.span, `${k} names a column of '${table}'`);
              bad = true;
              continue;
            }
            const col = val.kind === 'name' ? val.name : val.value;
            // node_* columns belong to the `nodes` table of a graph, the others to the charted table
            const nodesArg = args.find((x) => x.name?.text === 'nodes')?.value;
            const owner = k.startsWith('node_') && nodesArg?.kind === 'name' ? nodesArg.name : table;
            const cols = tableColumns.get(owner);
            if (cols && !cols.has(col)) {
              ck.error(
                'E116',
                val.span,
                `table '${owner}' has no column '${col}'`,
                suggest(col, cols) ?? `its columns: ${[...cols].join(', ')}`,
              );
              bad = true;
              continue;
            }
            named[k] = { op: 'str', v: col };
          } else if (spec.titles.includes(k)) {
            if (val.kind !== 'str') {
              ck.error('E104', val.span, `${k} must be a string`);
              bad = true;
              continue;
            }
            named[k] = { op: 'str', v: val.value };
          } else if (spec.tables.includes(k)) {
            if (val.kind !== 'name' || !tables.has(val.name)) {
              ck.error(
                'E100',
                val.span,
                `${k} must name a table`,
                val.kind === 'name' ? suggest(val.name, tables) : undefined,
              );
              bad = true;
              continue;
            }
            // the marks of a line chart are read from the same x and y columns as the lines
            const mcols = k === 'marks' ? tableColumns.get(val.name) : undefined;
            for (const axis of ['x', 'y']) {
              const colName = args.find((x) => x.name?.text === axis)?.value;
              const cn = colName?.kind === 'name' ? colName.name : colName?.kind === 'str' ? colName.value : undefined;
              if (mcols && cn && !mcols.has(cn)) {
                ck.error(
                  'E116',
                  val.span,
                  `the marks table '${val.name}' has no column '${cn}' (the chart's ${axis})`,
                  `marks are read from the same columns as the lines; its columns: ${[...mcols].join(', ')}`,
                );
                bad = true;
              }
            }
            named[k] = { op: 'str', v: val.name };
          } else if (spec.words?.[k]) {
            const w = val.kind === 'name' ? val.name : val.kind === 'str' ? val.value : '';
            if (!spec.words[k]!.includes(w)) {
              ck.error('E126', val.span, `${k} is one of ${spec.words[k]!.join(', ')}`);
              bad = true;
              continue;
            }
            named[k] = { op: 'str', v: w };
          } else {
            const all = [...spec.columns, ...spec.titles, ...spec.tables, ...Object.keys(spec.words ?? {})];
            ck.error(
              'E107',
              a.name!.span,
              `${fn} has no argument '${k}'`,
              suggest(k, all) ?? `arguments: ${all.join(', ')}`,
            );
            bad = true;
          }
        }
        const given = new Set(args.map((a) => a.name?.text));
        const missing = spec.required.filter((r) => !named[r] && !given.has(r));
        if (missing.length) {
          ck.error('E108', v.span, `${fn}(...) needs ${missing.map((m) => `${m} = column`).join(', ')}`);
          bad = true;
        }
        if (!bad)
          list.push({ name: 'chart', label: id, expr: { op: 'call', fn, args: [{ op: 'str', v: table }], named } });
        break;
      }
      case 'data': {
        const v = p.value!;
        const dn = v.kind === 'name' ? v.name : undefined;
        if (!dn || !ck.g.data.has(dn)) {
          ck.error(
            'E100',
            v.span,
            `'${name}' must name a data source`,
            (dn && suggest(dn, ck.g.data.keys())) ?? `data sources: ${[...ck.g.data.keys()].join(', ') || '(none)'}`,
          );
          break;
        }
        ck.deps.add(dn);
        out[name] = { expr: { op: 'str', v: dn } };
        break;
      }
      case 'column': {
        const v = p.value!;
        const col = v.kind === 'name' ? v.name : v.kind === 'str' ? v.value : undefined;
        if (!col) {
          ck.error('E104', v.span, `'${name}' names a column`);
          break;
        }
        const dn = dataOf(ck, decl, t.of);
        const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
        if (cols && !cols.has(col)) {
          ck.error(
            'E116',
            v.span,
            `data source '${dn}' has no column '${col}'`,
            suggest(col, cols.keys()) ?? `its columns: ${[...cols.keys()].join(', ')}`,
          );
          break;
        }
        out[name] = { expr: { op: 'str', v: col } };
        break;
      }
      case 'columns': {
        const v = p.value!;
        if (v.kind === 'name' && v.name === 'all') {
          out[name] = { list: [{ name: '#all' }] };
          break;
        }
        const items = v.kind === 'list' ? v.items : [v];
        // the terms must be terms of the construct's formula
        const f = decl.props.find((q) => q.name.text === 'formula')?.value;
        const terms = f?.kind === 'formula' ? splitTerms(f.rhs).map(formulaText) : undefined;
        for (const it of items) {
          const t = formulaText(it);
          if (terms && !terms.includes(t))
            ck.error(
              'E116',
              it.span,
              `'${t}' is not a term of the formula`,
              suggest(t, terms) ?? `terms: ${terms.join(', ')}`,
            );
        }
        out[name] = { list: items.map((it) => ({ name: formulaText(it) })) };
        break;
      }
      case 'method': {
        const v = p.value!;
        const fn =
          v.kind === 'call' && v.callee.kind === 'name' ? v.callee.name : v.kind === 'name' ? v.name : undefined;
        const spec = fn ? t.fns[fn] : undefined;
        if (!fn || !spec) {
          ck.error(
            'E126',
            v.span,
            `'${name}' is one of ${Object.keys(t.fns)
              .map((f) => `${f}(${t.fns[f]!.args.join(', ')})`)
              .join(', ')}`,
            fn ? suggest(fn, Object.keys(t.fns)) : undefined,
          );
          break;
        }
        const args = v.kind === 'call' ? v.args : [];
        if (args.length < spec.required || args.length > spec.args.length) {
          ck.error(
            'E118',
            v.span,
            `${fn} takes ${spec.args.join(', ')}${spec.required < spec.args.length ? ` (the first ${spec.required} required)` : ''}`,
          );
          break;
        }
        const named: Record<string, PExpr> = {};
        let bad = false;
        args.forEach((a, i) => {
          const argName = a.name?.text ?? spec.args[i]!;
          if (!spec.args.includes(argName)) {
            ck.error('E107', a.name!.span, `${fn} has no argument '${argName}'`, suggest(argName, spec.args));
            bad = true;
            return;
          }
          const val = a.value;
          // data sources, constructs and columns are passed by name; numbers are evaluated
          if (
            val.kind === 'name' &&
            (ck.g.data.has(val.name) || ck.g.constructs.has(val.name) || !ck.g.declared.has(val.name))
          ) {
            if (ck.g.constructs.has(val.name) || ck.g.data.has(val.name)) ck.deps.add(val.name);
            named[argName] = { op: 'str', v: val.name };
          } else {
            const c = ck.expr(val, scope);
            ck.expectConstNum(c, val.span);
            named[argName] = c.p;
          }
        });
        if (!bad) out[name] = { expr: { op: 'call', fn, args: [], named } };
        break;
      }
      case 'term': {
        const dn = dataOf(ck, decl, 'panel');
        const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
        out[name] = { expr: formulaTerm(ck, p.value!, cols, dn), label: formulaText(p.value!) };
        break;
      }
      case 'member': {
        const v = p.value!;
        const m =
          v.kind === 'name' && !scope.get(v.name) && !ck.g.declared.has(v.name)
            ? v.name
            : v.kind === 'str'
              ? v.value
              : undefined;
        if (m !== undefined) {
          const lit = overSet ? ck.g.sets.get(overSet)?.literalMembers : undefined;
          if (lit && !lit.includes(m)) {
            ck.error(
              'E100',
              v.span,
              `'${m}' is not a member of '${overSet}'`,
              suggest(m, lit) ?? `members: ${lit.join(', ')}`,
            );
            break;
          }
          out[name] = { expr: { op: 'str', v: m } };
        } else {
          const c = ck.expr(v, scope);
          out[name] = { expr: c.p };
        }
        break;
      }
      case 'terms': {
        const v = p.value!;
        const dn = dataOf(ck, decl, 'panel');
        const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
        const items = v.kind === 'list' ? v.items : [v];
        out[name] = { list: items.map((it) => ({ name: formulaText(it), expr: formulaTerm(ck, it, cols, dn) })) };
        break;
      }
      case 'runs': {
        const v = p.value!;
        if (v.kind !== 'list') {
          ck.error('E104', v.span, `'${name}' is a list of runs: [model(sem), weights(W2)]`);
          break;
        }
        const est = decl.props.find((q) => q.name.text === 'of')?.value;
        if (est?.kind !== 'name' || ck.g.constructs.get(est.name)?.construct !== 'estimate') break; // reported by `of`
        const runs: Array<{ name: string; expr: PExpr }> = [];
        for (const run of v.items) {
          const changes = flattenPlus(run);
          const lowered: PExpr[] = [];
          let label: string | undefined;
          for (const ch of changes) {
            const fn = ch.kind === 'call' && ch.callee.kind === 'name' ? ch.callee.name : undefined;
            const args = ch.kind === 'call' ? ch.args : [];
            const RUNS: Record<string, number> = {
              weights: 1,
              model: 1,
              fixed: 1,
              winsorise: 2,
              subset: 1,
              formula: 1,
              label: 1,
            };
            if (!fn || RUNS[fn] === undefined || args.length !== RUNS[fn]) {
              ck.error(
                'E126',
                ch.span,
                'a run changes weights(W), model(m), fixed(f), winsorise(low, high), subset(condition) or formula(y ~ x)',
                fn ? suggest(fn, Object.keys(RUNS)) : undefined,
              );
              continue;
            }
            const a0 = args[0]!.value;
            if (fn === 'label') {
              if (a0.kind !== 'str') {
                ck.error('E104', a0.span, "label(...) takes a string: the run's column heading");
                continue;
              }
              label = a0.value;
            } else if (fn === 'formula') {
              if (a0.kind !== 'formula') {
                ck.error('E104', a0.span, 'formula(...) takes a formula: y ~ x1 + x2');
                continue;
              }
              const dn = dataOf(ck, decl, 'panel');
              const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
              const terms = [a0.lhs, ...splitTerms(a0.rhs)];
              lowered.push({
                op: 'call',
                fn,
                args: terms.map((t) => formulaTerm(ck, t, cols, dn)),
                named: Object.fromEntries(terms.map((t, i) => [`t${i}`, { op: 'str', v: formulaText(t) } as PExpr])),
              });
            } else if (fn === 'weights') {
              if (a0.kind !== 'name' || ck.g.constructs.get(a0.name)?.construct !== 'weights') {
                ck.error(
                  'E100',
                  a0.span,
                  'weights(...) takes a weight matrix',
                  a0.kind === 'name'
                    ? suggest(
                        a0.name,
                        [...ck.g.constructs.values()].filter((c) => c.construct === 'weights').map((c) => c.name),
                      )
                    : undefined,
                );
                continue;
              }
              ck.deps.add(a0.name);
              lowered.push({ op: 'call', fn, args: [{ op: 'str', v: a0.name }] });
            } else if (fn === 'model' || fn === 'fixed') {
              const ok: readonly string[] =
                fn === 'model' ? SPATIAL_MODEL_WORDS : ['individual', 'time', 'twoways', 'none'];
              const w = a0.kind === 'name' ? a0.name : '';
              if (!ok.includes(w)) {
                ck.error('E126', a0.span, `${fn}(...) is one of ${ok.join(', ')}`, suggest(w, ok));
                continue;
              }
              lowered.push({ op: 'call', fn, args: [{ op: 'str', v: w }] });
            } else if (fn === 'winsorise') {
              const lo = ck.expr(a0, scope),
                hi = ck.expr(args[1]!.value, scope);
              ck.expectConstNum(lo, a0.span);
              ck.expectConstNum(hi, args[1]!.value.span);
              lowered.push({ op: 'call', fn, args: [lo.p, hi.p] });
            } else {
              // subset(condition): evaluated for each unit of the panel, which the condition calls `unit`
              const c = ck.expr(a0, scope.child({ unit: { k: 'it', set: '#any', numeric: false } }));
              ck.expectConstBool(c, a0.span);
              lowered.push({ op: 'call', fn, args: [c.p] });
            }
          }
          runs.push({
            name: label ?? describeRun(changes),
            expr: { op: 'call', fn: 'run', args: lowered },
          });
        }
        out[name] = { list: runs };
        break;
      }
      case 'formula': {
        const v = p.value!;
        if (v.kind !== 'formula') {
          ck.error('E104', v.span, `'${name}' must be a formula: y ~ x1 + x2`);
          break;
        }
        const dn = dataOf(ck, decl, 'panel');
        const cols = dn ? ck.g.data.get(dn)?.columns : undefined;
        const lhs = formulaTerm(ck, v.lhs, cols, dn);
        const terms = splitTerms(v.rhs).map((term) => ({
          name: formulaText(term),
          expr: formulaTerm(ck, term, cols, dn),
        }));
        const dup = terms.find((x, i) => terms.findIndex((y) => y.name === x.name) !== i);
        if (dup) ck.error('E101', v.rhs.span, `the term ${dup.name} appears twice in the formula`);
        out[name] = { list: [{ name: formulaText(v.lhs), expr: lhs }, ...terms] };
        break;
      }
      case 'models': {
        const r = lowerModels(ck, name, p.value!, t.of);
        if (r) out[name] = r;
        break;
      }
      case 'labelled': {
        const r = lowerLabelled(ck, name, p.value!);
        if (r) out[name] = r;
        break;
      }
      case 'levels': {
        const r = lowerLevels(ck, name, p.value!);
        if (r) out[name] = r;
        break;
      }
      case 'digits': {
        const r = lowerDigits(ck, name, p.value!);
        if (r) out[name] = r;
        break;
      }
      case 'ref': {
        const target = p.label?.text ?? (p.value?.kind === 'name' ? p.value.name : undefined);
        const span = p.label?.span ?? p.value?.span ?? p.span;
        if (!target) {
          ck.error('E108', p.span, `'${name}' needs the name of a table`, `write ${name} NAME`);
          break;
        }
        if (!tables.has(target)) {
          ck.error(
            'E100',
            span,
            `unknown table '${target}'`,
            suggest(target, tables) ?? 'declare it with `table NAME by ... { ... }`',
          );
          break;
        }
        list.push({ name, label: target });
        break;
      }
    }
  }
  for (const [name, ps] of Object.entries(spec.props)) {
    if (ps.required && !seen.has(name))
      ck.error(
        'E108',
        decl.construct.span,
        `${decl.construct.text} '${decl.name?.text ?? ''}' needs the property '${name}'`,
        ps.doc,
      );
  }
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((g) => seen.has(g));
    if (given.length > 1)
      ck.error(
        'E126',
        seen.get(given[1]!)!.name.span,
        `give one of ${group.join(', ')}, not ${given.join(' and ')}`,
        `keep ${given[0]} = ... or ${given[1]} = ...`,
      );
  }
  if (list.length) out['items'] = { list };
  return out;
}

type ListProp = Extract<PExprProp, { list: unknown }>;
const itemsOf = (v: A.Expr): Array<{ e: A.Expr; label?: A.Name | undefined }> =>
  v.kind === 'list' ? v.items.map((e, i) => ({ e, label: v.labels?.[i] })) : [{ e: v }];

/** `of = [sar "SAR", sem]`: constructs of the given keywords, each with an optional head. */
function lowerModels(ck: Checker, name: string, v: A.Expr, of: readonly string[]): ListProp | undefined {
  const list: ListProp['list'] = [];
  for (const { e, label } of itemsOf(v)) {
    const target = e.kind === 'name' ? e.name : undefined;
    const c = target ? ck.g.constructs.get(target) : undefined;
    if (!target || !c || !of.includes(c.construct)) {
      const names = [...ck.g.constructs.values()].filter((x) => of.includes(x.construct)).map((x) => x.name);
      ck.error(
        target && !ck.g.declared.has(target) ? 'E100' : 'E104',
        e.span,
        target && c
          ? `'${target}' is a ${c.construct}; '${name}' lists ${of.join(', ')} constructs`
          : target
            ? `unknown name '${target}': '${name}' lists ${of.join(', ')} constructs`
            : `'${name}' lists ${of.join(', ')} constructs by name`,
        (target && suggest(target, names)) ??
          (names.length ? `candidates: ${names.join(', ')}` : `declare an estimate first`),
      );
      continue;
    }
    if (list.some((x) => x.name === target)) {
      ck.error('E101', e.span, `'${target}' is listed twice`, 'each model is one column; list it once');
      continue;
    }
    ck.deps.add(target);
    list.push({ name: target, ...(label ? { label: label.text } : {}) });
  }
  return { list };
}

/** `terms = [log(pcap) "ln public capital", rho]`: names or formula terms, each with an optional label. */
function lowerLabelled(ck: Checker, name: string, v: A.Expr): ListProp | undefined {
  const list: ListProp['list'] = [];
  for (const { e, label } of itemsOf(v)) {
    if (e.kind === 'str' || e.kind === 'num' || e.kind === 'list') {
      ck.error(
        'E104',
        e.span,
        `'${name}' lists names or terms, each followed by its label: [log(pcap) "ln public capital", rho]`,
        e.kind === 'str' ? 'a label follows the name it labels, without a comma' : undefined,
      );
      continue;
    }
    const text = formulaText(e);
    if (list.some((x) => x.name === text)) {
      ck.error('E101', e.span, `'${text}' is listed twice in '${name}'`, 'list each once');
      continue;
    }
    list.push({ name: text, ...(label ? { label: label.text } : {}) });
  }
  return { list };
}

/** `stars = [0.1, 0.05, 0.01]` (decreasing, in (0, 1), at most three) or `stars = none`. */
function lowerLevels(ck: Checker, name: string, v: A.Expr): ListProp | undefined {
  if (v.kind === 'name' && v.name === 'none') return { list: [] };
  const items = v.kind === 'list' ? v.items : [v];
  const levels: number[] = [];
  for (const e of items) {
    const x = e.kind === 'num' ? e.value : NaN;
    if (!(x > 0 && x < 1) || (levels.length > 0 && x >= levels[levels.length - 1]!)) {
      ck.error(
        'E126',
        e.span,
        `'${name}' are decreasing significance levels between 0 and 1`,
        `e.g. ${name} = [0.1, 0.05, 0.01] for *, **, ***, or ${name} = none`,
      );
      return undefined;
    }
    levels.push(x);
  }
  if (levels.length > 3) {
    ck.error('E126', v.span, `'${name}' has at most three levels (*, **, ***)`, `e.g. ${name} = [0.1, 0.05, 0.01]`);
    return undefined;
  }
  return { list: levels.map((x) => ({ name: String(x), expr: { op: 'num', v: x } })) };
}

/** `digits = 3` (decimals) or `digits = significant(3)`. */
function lowerDigits(ck: Checker, name: string, v: A.Expr): { expr: PExpr } | undefined {
  const sig = v.kind === 'call' && v.callee.kind === 'name' && v.callee.name === 'significant';
  const n = sig ? (v as Extract<A.Expr, { kind: 'call' }>).args[0]?.value : v;
  const ok = (x: A.Expr | undefined, lo: number): x is Extract<A.Expr, { kind: 'num' }> =>
    x?.kind === 'num' &&
    Number.isInteger(x.value) &&
    x.value >= lo &&
    x.value <= 15 &&
    (!sig || v.kind !== 'call' || v.args.length === 1);
  if (!ok(n, sig ? 1 : 0)) {
    ck.error(
      'E126',
      v.span,
      `'${name}' is a number of decimals from 0 to 15, or significant(n) with n from 1 to 15`,
      `e.g. ${name} = 3 or ${name} = significant(3)`,
    );
    return undefined;
  }
  return {
    expr: sig ? { op: 'call', fn: 'significant', args: [{ op: 'num', v: n.value }] } : { op: 'num', v: n.value },
  };
}

/** The data source behind a construct: its own `data` prop, or the data of the panel its `panel` prop names. */
function dataOf(ck: Checker, decl: Extract<A.Decl, { kind: 'block' }>, of: 'data' | 'panel'): string | undefined {
  const v = decl.props.find((p) => p.name.text === of)?.value;
  if (of === 'data') return v?.kind === 'name' ? v.name : undefined;
  if (v?.kind === 'name') return ck.g.constructs.get(v.name)?.data;
  // a construct about an estimate (turning, effects) uses the estimate's panel
  const est = decl.props.find((p) => p.name.text === 'of')?.value;
  return est?.kind === 'name' ? ck.g.constructs.get(est.name)?.data : undefined;
}

const FIXED_WORDS: Record<string, string> = {
  individual: 'unit FE',
  time: 'time FE',
  twoways: 'two-way FE',
  none: 'no FE',
};

/** A robustness run's default head, in words: `SEM, unit FE`, `winsorised 1–99 %`, `weights W_egd`. */
function describeRun(changes: A.Expr[]): string {
  const percent = (e: A.Expr | undefined) => (e?.kind === 'num' ? `${+(e.value * 100).toPrecision(6)}` : '?');
  return changes
    .map((ch) => {
      const fn = ch.kind === 'call' && ch.callee.kind === 'name' ? ch.callee.name : '';
      const args = ch.kind === 'call' ? ch.args.map((a) => a.value) : [];
      const a0 = args[0];
      const word = a0?.kind === 'name' ? a0.name : '';
      switch (fn) {
        case 'model':
          return spatialModel(word)?.label ?? word;
        case 'fixed':
          return FIXED_WORDS[word] ?? word;
        case 'weights':
          return `weights ${word}`;
        case 'winsorise':
          return `winsorised ${percent(a0)}–${percent(args[1])} %`;
        case 'subset':
          return `subsample: ${a0 ? formulaText(a0) : ''}`;
        default:
          return formulaText(ch);
      }
    })
    .join(', ');
}

function flattenPlus(e: A.Expr): A.Expr[] {
  return e.kind === 'binary' && e.op === '+' ? [...flattenPlus(e.left), ...flattenPlus(e.right)] : [e];
}

function splitTerms(e: A.Expr): A.Expr[] {
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
function formulaTerm(ck: Checker, e: A.Expr, cols: Map<string, string> | undefined, data: string | undefined): PExpr {
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

export { Scope };
