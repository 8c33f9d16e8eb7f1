// The construct registry (constructs/registry.ts) is the one list of construct keywords: the lexer, the parser,
// the compiler's tables, the executor's runners and the reference (spec/language.md) must all agree with it.
// Each check below fails when one of them lists a construct the registry does not, or misses one it does. The
// conformance corpus is held to the registry by test/conformance-coverage.test.ts (a case of each kind per keyword).
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CONSTRUCTS, CONSTRUCT_KEYWORDS, CONSTRUCT_SPECS } from '../constructs/registry.ts';
import type { ConstructSpec } from '../constructs/schema.ts';
import { RUNNERS } from '../constructs/runners.ts';
import { CONSTRUCT_LOWERINGS, PROP_LOWERINGS } from '../constructs/lowerings.ts';
import { SHARED_PROP_LOWERINGS } from '../compiler/prop-lowering.ts';
import { KEYWORDS, keywordTokens, tokenize } from '../grammar/lexer.ts';
import { BLOCK_KEYWORDS, BODY_STOPPERS, parser } from '../grammar/parser.ts';
import { parseModel } from '../grammar/parse.ts';
import { OUTPUT_TYPES } from '../compiler/lower-block.ts';
import { ROOT } from './helpers/cli.ts';

const sorted = (xs: Iterable<string>) => [...xs].sort();
const specs: readonly ConstructSpec[] = CONSTRUCT_SPECS;

describe('the registry', () => {
  test('lists each keyword once, keyed by its own keyword', () => {
    expect(new Set(CONSTRUCT_KEYWORDS).size).toBe(CONSTRUCT_KEYWORDS.length);
    for (const [k, s] of Object.entries(CONSTRUCTS)) expect(s.keyword).toBe(k);
    expect(sorted(Object.keys(CONSTRUCTS))).toEqual(sorted(CONSTRUCT_KEYWORDS));
  });

  test('construct references, repeated properties and outputs are consistent', () => {
    for (const s of specs) {
      for (const [name, p] of Object.entries(s.props)) {
        if (p.type.kind === 'construct') expect(CONSTRUCT_KEYWORDS, `${s.keyword}.${name}`).toContain(p.type.of);
        // report items (table references and charts) exist only as repeated properties, lowered into `items`
        if (p.type.kind === 'ref' || p.type.kind === 'chart') expect(p.repeat, `${s.keyword}.${name}`).toBe(true);
        expect(name, `${s.keyword}: 'items' and 'over' are written by the compiler`).not.toMatch(/^(items|over)$/);
      }
      for (const [name, o] of Object.entries(s.outputs))
        expect(OUTPUT_TYPES[o.type], `${s.keyword}.${name}`).toBeDefined();
      if (s.step === 'curve') expect(Object.keys(s.props), 'a curve step has no properties').toEqual([]);
    }
  });

  test('specs are plain data: they import only the schema, other specs and import-free modules of spec/', () => {
    const importsOf = (file: string) =>
      [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
    for (const k of CONSTRUCT_KEYWORDS) {
      for (const i of importsOf(`constructs/${k}/spec.ts`)) {
        expect(i, `constructs/${k}/spec.ts`).toMatch(
          /^\.\.\/(schema|[a-z]+\/spec)\.ts$|^\.\.\/\.\.\/spec\/[a-z-]+\.ts$/,
        );
        if (i.startsWith('../../spec/')) expect(importsOf(i.slice('../../'.length)), i).toEqual([]);
      }
    }
    for (const i of importsOf('constructs/registry.ts'))
      expect(i, 'constructs/registry.ts').toMatch(/^\.\/(schema|[a-z]+\/spec)\.ts$/);
  });

  test('every keyword has a folder with its spec and its runner', () => {
    const folders = readdirSync(path.join(ROOT, 'constructs'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    for (const k of CONSTRUCT_KEYWORDS) {
      expect(folders, `constructs/${k}/`).toContain(k);
      const files = readdirSync(path.join(ROOT, 'constructs', k));
      expect(files, `constructs/${k}/`).toContain('spec.ts');
      expect(files, `constructs/${k}/`).toContain('run.ts');
    }
  });
});

describe('agrees with the registry', () => {
  test('the lexer: every construct keyword is a keyword token, and no keyword is listed twice', () => {
    expect(new Set(KEYWORDS).size).toBe(KEYWORDS.length);
    for (const k of CONSTRUCT_KEYWORDS) {
      expect(KEYWORDS).toContain(k);
      expect(tokenize(k).tokens[0]?.tokenType).toBe(keywordTokens[k]);
    }
  });

  test("the parser: its block declarations accept exactly the registry's keywords", () => {
    // a construct declared through a declaration's header (`table NAME of ...`) is parsed by that declaration
    const headed = specs.filter((s) => s.header !== undefined).map((s) => s.keyword);
    expect(sorted(BLOCK_KEYWORDS)).toEqual(sorted(CONSTRUCT_KEYWORDS.filter((k) => !headed.includes(k))));
    for (const k of headed) {
      const r = parseModel(`${k} x of y { }`, 'registry.model');
      expect(r.diagnostics, k).toEqual([]);
      expect(r.model?.decls[0]).toMatchObject({ kind: 'block', construct: { text: k } });
    }
    // the alternatives of the blockDecl rule as Chevrotain built them, not only the list they were built from
    const blockDecl = parser.getGAstProductions()['blockDecl']!;
    const first = blockDecl.definition[0] as unknown as {
      definition: Array<{ definition: Array<{ terminalType?: { name: string } }> }>;
    };
    const accepted = first.definition.map((alt) => alt.definition[0]!.terminalType!.name.replace(/^Kw_/, ''));
    expect(sorted(accepted)).toEqual(sorted(BLOCK_KEYWORDS));
    for (const k of CONSTRUCT_KEYWORDS) {
      expect(BODY_STOPPERS.has(keywordTokens[k]), `${k} stops an aggregate body`).toBe(true);
      if (headed.includes(k)) continue;
      const r = parseModel(`${k} x { }`, 'registry.model');
      expect(r.diagnostics, k).toEqual([]);
      expect(r.model?.decls[0]).toMatchObject({ kind: 'block', construct: { text: k } });
    }
  });

  test("the executor's runners: one per keyword, no other", () => {
    expect(sorted(Object.keys(RUNNERS))).toEqual(sorted(CONSTRUCT_KEYWORDS));
    for (const k of CONSTRUCT_KEYWORDS) expect(typeof RUNNERS[k]).toBe('function');
  });

  test("the compiler's lowerings: one per keyword; a kind only one construct uses is lowered in its folder", () => {
    expect(sorted(Object.keys(CONSTRUCT_LOWERINGS))).toEqual(sorted(CONSTRUCT_KEYWORDS));
    const usedBy = new Map<string, Set<string>>();
    for (const s of specs)
      for (const p of Object.values(s.props))
        usedBy.set(p.type.kind, (usedBy.get(p.type.kind) ?? new Set()).add(s.keyword));
    expect(sorted(Object.keys(PROP_LOWERINGS))).toEqual(sorted(usedBy.keys()));
    for (const [k, l] of Object.entries(CONSTRUCT_LOWERINGS))
      for (const kind of Object.keys(l.kinds ?? {}))
        expect([...(usedBy.get(kind) ?? [])], `${k}/lower.ts: ${kind}`).toEqual([k]);
    for (const kind of Object.keys(SHARED_PROP_LOWERINGS))
      expect(usedBy.get(kind)?.size, `compiler/prop-lowering.ts: ${kind}`).toBeGreaterThan(1);
  });

  test("spec/language.md's keyword list is the lexer's", () => {
    const doc = readFileSync(path.join(ROOT, 'spec', 'language.md'), 'utf8');
    const row = /^\| keywords \| `([^`]+)` \|/m.exec(doc);
    expect(row, 'the keywords row of section 1').not.toBeNull();
    expect(sorted(row![1]!.split(/\s+/))).toEqual(sorted(KEYWORDS));
  });
});
