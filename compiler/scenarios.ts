// Scenarios: the baseline, named scenario blocks, and grids (the cartesian product of dimensions, named
// "level1-level2"). External overrides (a YAML file, --set) apply on top of whichever scenario is chosen.
import { parseDocument, isMap, isScalar, type Node as YamlNode, LineCounter } from 'yaml';
import type * as A from '../grammar/ast.ts';
import { diag, type Diagnostic } from '../diagnostics/index.ts';
import type { PExpr } from '../spec/plan.ts';
import type { Checker } from './check.ts';

export interface ResolvedOverride {
  target: string;
  indices: string[];
  expr?: A.Expr; // from a scenario block
  literal?: PExpr; // from YAML or --set
  span?: A.Span; // for diagnostics in the model file
  text: string; // for the plan and the report
  sourceLabel: string; // e.g. 'scenario high', 'overrides.yaml:3', '--set'
  source: string; // the file it came from, or '--set name=value' (diagnostics name it)
  line?: number;
  where?: A.Span; // the value's position in an override file
}
export type ExternalOverride = ResolvedOverride;
export interface ScenarioDef {
  name: string;
  title?: string;
  overrides: ResolvedOverride[];
}

const exprText = (e: A.Expr, src?: string): string =>
  src
    ? src.slice(e.span.start.offset, e.span.end.offset)
    : e.kind === 'num'
      ? e.text
      : e.kind === 'str'
        ? JSON.stringify(e.value)
        : e.kind;

function indexText(e: A.Expr): string {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'str') return e.value;
  if (e.kind === 'num') return e.text;
  return '?';
}

function fromBlock(overrides: A.Override[], label: string): ResolvedOverride[] {
  return overrides.map((o) => ({
    target: o.target.text,
    indices: o.indices.map(indexText),
    expr: o.value,
    span: o.target.span,
    text: `${o.indices.length ? `[${o.indices.map(indexText).join(', ')}] ` : ''}${exprText(o.value)}`,
    sourceLabel: label,
    source: label,
  }));
}

export function listScenarios(model: A.Model, ck: Checker, external: ExternalOverride[] = []): ScenarioDef[] {
  const out: ScenarioDef[] = [{ name: 'base', title: 'Baseline (no overrides)', overrides: [] }];
  const seen = new Map<string, A.Span>([
    ['base', { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } }],
  ]);
  const add = (name: string, span: A.Span, def: ScenarioDef) => {
    if (seen.has(name)) {
      ck.error(
        'E119',
        span,
        `scenario '${name}' is declared twice`,
        name === 'base' ? "'base' is the model without overrides; pick another name" : 'rename one of them',
      );
      return;
    }
    seen.set(name, span);
    out.push(def);
  };
  for (const d of model.decls) {
    if (d.kind === 'scenario')
      add(d.name.text, d.name.span, {
        name: d.name.text,
        title: d.title,
        overrides: fromBlock(d.overrides, `scenario ${d.name.text}`),
      });
    if (d.kind === 'grid') {
      let combos: Array<{ names: string[]; overrides: ResolvedOverride[] }> = [{ names: [], overrides: [] }];
      for (const dim of d.dimensions) {
        const levelNames = new Set<string>();
        const levels = dim.levels.filter((l) => {
          if (levelNames.has(l.name.text)) {
            ck.error(
              'E119',
              l.name.span,
              `level '${l.name.text}' appears twice in dimension '${dim.name.text}'`,
              'rename one of them',
            );
            return false;
          }
          levelNames.add(l.name.text);
          return true;
        });
        combos = combos.flatMap((c) =>
          levels.map((l) => ({
            names: [...c.names, l.name.text],
            overrides: [...c.overrides, ...fromBlock(l.overrides, `${dim.name.text} ${l.name.text}`)],
          })),
        );
      }
      for (const c of combos) {
        if (c.names.length === 0) continue;
        const name = c.names.join('-');
        add(name, d.span, {
          name,
          title: d.dimensions.map((dim, i) => `${dim.name.text} = ${c.names[i]}`).join(', '),
          overrides: c.overrides,
        });
      }
    }
  }
  checkExternalIndices(model, ck, external);
  if (external.length) for (const s of out) s.overrides = [...s.overrides, ...external];
  return out;
}

/** An override from YAML or --set must give a parameter all of its indices, or none (the whole parameter). */
function checkExternalIndices(model: A.Model, ck: Checker, external: ExternalOverride[]): void {
  for (const o of external) {
    if (o.indices.length === 0) continue;
    const p = model.decls.find((d): d is A.Decl & { kind: 'param' } => d.kind === 'param' && d.name.text === o.target);
    if (!p || p.index.length === o.indices.length) continue; // unknown names are reported by the compiler
    const has =
      p.index.length === 0
        ? 'has no index'
        : `has ${p.index.length} ${p.index.length === 1 ? 'index' : 'indices'} [${p.index.map((b) => b.set.text).join(', ')}]`;
    const message = `'${o.target}' ${has}, the override gives ${o.indices.length} (${o.indices.join(', ')})`;
    const cmd = o.source.startsWith('--set');
    const hint =
      p.index.length === 0
        ? cmd
          ? `write --set ${o.target}=value`
          : `write ${o.target}: value`
        : cmd
          ? `write --set ${o.target}[${p.index.map((b) => b.set.text).join(',')}]=value`
          : `nest one mapping per index: ${o.target}: { member: value }`;
    const span = o.where ?? {
      start: { line: o.line ?? 1, col: 1, offset: 0 },
      end: { line: o.line ?? 1, col: 2, offset: 1 },
    };
    ck.diagnostics.push(diag(cmd ? 'Y303' : 'Y302', o.source, span, { message: message, hint: hint }));
  }
}

function literalOf(v: unknown): PExpr | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { op: 'num', v };
  if (typeof v === 'string') return { op: 'str', v };
  if (typeof v === 'boolean') return { op: 'bool', v };
  return undefined;
}

/** Read a YAML override file: `name: value`, or `name: {member: value}` for an indexed parameter (nested for more indices). */
export function readOverrideFile(
  text: string,
  file: string,
): { overrides: ExternalOverride[]; diagnostics: Diagnostic[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const diagnostics: Diagnostic[] = [];
  const at = (n: YamlNode | null | undefined) => {
    const off = n?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return {
      start: { line: p.line, col: p.col, offset: off },
      end: {
        line: p.line,
        col: p.col + Math.max(1, (n?.range?.[1] ?? off + 1) - off),
        offset: n?.range?.[1] ?? off + 1,
      },
    };
  };
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    diagnostics.push(
      diag(
        'Y300',
        file,
        {
          start: { line: p.line, col: p.col, offset: e.pos[0] },
          end: { line: p.line, col: p.col + 1, offset: e.pos[1] },
        },
        { message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), hint: 'fix the YAML syntax' },
      ),
    );
  }
  if (diagnostics.length) return { overrides: [], diagnostics };
  const overrides: ExternalOverride[] = [];
  if (doc.contents === null) return { overrides, diagnostics };
  if (!isMap(doc.contents)) {
    diagnostics.push(
      diag('Y302', file, at(doc.contents as YamlNode), {
        message: 'an override file is a mapping of parameter names to values',
        hint: 'e.g.\n      target: 500\n      cap: { north: 40 }',
      }),
    );
    return { overrides, diagnostics };
  }
  const walk = (node: unknown, target: string, indices: string[], keyNode: YamlNode) => {
    if (isScalar(node)) {
      const lit = literalOf(node.value);
      const span = at(node as YamlNode);
      if (!lit) {
        diagnostics.push(
          diag('Y302', file, span, { message: `the value of '${target}' must be a number, string or true/false` }),
        );
        return;
      }
      overrides.push({
        target,
        indices,
        literal: lit,
        text: `${indices.length ? `[${indices.join(', ')}] ` : ''}${String(node.value)}`,
        sourceLabel: `${file}:${span.start.line}`,
        source: file,
        line: span.start.line,
        where: span,
      });
      return;
    }
    if (isMap(node)) {
      for (const item of node.items) {
        const k = isScalar(item.key) ? String(item.key.value) : undefined;
        if (k === undefined) {
          diagnostics.push(diag('Y302', file, at(item.key as YamlNode), { message: 'keys must be plain names' }));
          continue;
        }
        walk(item.value, target, [...indices, k], item.key as YamlNode);
      }
      return;
    }
    diagnostics.push(
      diag('Y302', file, at((node as YamlNode) ?? keyNode), {
        message: `the value of '${target}' must be a number, string, true/false, or a mapping from members to values`,
      }),
    );
  };
  for (const item of doc.contents.items) {
    const k = isScalar(item.key) ? String(item.key.value) : undefined;
    if (!k) {
      diagnostics.push(diag('Y302', file, at(item.key as YamlNode), { message: 'keys must be parameter names' }));
      continue;
    }
    walk(item.value, k, [], item.key as YamlNode);
  }
  return { overrides, diagnostics };
}

/** `--set name=value` or `--set name[member]=value` (numbers, true/false, otherwise a string). */
export function parseSetArg(arg: string): { override?: ExternalOverride; error?: string } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\])?=(.*)$/.exec(arg.trim());
  if (!m) return { error: `cannot read --set ${JSON.stringify(arg)}: write name=value or name[member]=value` };
  const [, target, idx, raw] = m;
  const v = raw!.trim();
  const lit: PExpr =
    v === 'true' || v === 'false'
      ? { op: 'bool', v: v === 'true' }
      : v !== '' && Number.isFinite(Number(v.replace(/%$/, '')))
        ? { op: 'num', v: v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v) }
        : { op: 'str', v: v.replace(/^"(.*)"$/, '$1') };
  const indices = idx ? idx.split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1')) : [];
  return {
    override: {
      target: target!,
      indices,
      literal: lit,
      text: `${indices.length ? `[${indices.join(', ')}] ` : ''}${v}`,
      sourceLabel: `--set ${arg}`,
      source: `--set ${arg.trim()}`,
    },
  };
}
