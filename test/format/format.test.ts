// abate fmt: one canonical layout, idempotent, every comment kept, and never a change of meaning (the plan of
// every scenario of every shipped and conformance model is the same before and after).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSource } from '../../format/format.ts';
import { parseModel } from '../../grammar/parse.ts';
import { checkModel, compile } from '../../compiler/compile.ts';
import { createRng } from '../../solvers/random.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function modelsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? modelsUnder(p) : e.endsWith('.model') ? [p] : [];
  });
}
const MODELS = ['models', 'examples', 'spec/conformance'].flatMap((d) => modelsUnder(path.join(ROOT, d))).sort();

const format = (source: string, file = 'test.model'): string => {
  const r = formatSource(source, file);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.text;
};

/** Every scenario's plan, without what names the text itself (its hash, its line and column origins). */
function plans(source: string, file: string): unknown {
  const parsed = parseModel(source, file);
  if (!parsed.model) return parsed.diagnostics.map((d) => d.code);
  const input = { model: parsed.model, source, file };
  const checked = checkModel(input);
  if (checked.diagnostics.some((d) => d.severity === 'error')) return checked.diagnostics.map((d) => d.code);
  const strip = (k: string, v: unknown) => (k === 'origin' || k === 'sha256' ? undefined : v);
  return checked.scenarios.map((s) => JSON.parse(JSON.stringify(compile(input, { scenario: s }).plan, strip)));
}

describe('abate fmt on every shipped and conformance model', () => {
  it('finds the models', () => expect(MODELS.length).toBeGreaterThan(100));
  for (const file of MODELS) {
    const rel = path.relative(ROOT, file);
    const source = readFileSync(file, 'utf8');
    if (!parseModel(source, file).model) continue; // a syntax-error case: fmt refuses it (tested below)
    it(`${rel}: idempotent, comments kept, same plans`, () => {
      const once = format(source, file);
      expect(format(once, file)).toBe(once);
      const comments = (s: string) => parseModel(s, file).comments.map((c) => c.image.trimEnd());
      expect(comments(once)).toEqual(comments(source));
      expect(plans(once, file)).toEqual(plans(source, file));
    });
  }
});

describe('the canonical layout', () => {
  it('spaces, indents and aligns by the role of each token', () => {
    const messy = [
      'study   "T"{source="x"   synthetic=true}',
      'data d from "d.csv" key(r,y){ r:string   y : integer',
      '   v:number   // value',
      '  weight : number // weight',
      '}',
      '',
      '',
      '',
      'set  region=d.r',
      'set year = 2000 .. 2005',
      'set s = { a , b }',
      'param  p [ r in region ] : MUSD / Mt^ - 1 = - d.v[r , 2000] * 2 ^ 2',
      'param q = sum( r in region : p[r]>0 ) p[r]',
      'problem lp{',
      'var x[ r in region ]>=0<=1',
      'minimize c : sum(r in region)p[r]*x[r]',
      '      subject to t: sum(r in region) x[r] >=',
      '1',
      '',
      '}',
      'scenario hi{ q[a]=2 }',
      'game g over region { value( S ) = card( S )   solutions = [ shapley ,core ] }',
    ].join('\n');
    expect(format(messy)).toBe(
      [
        'study "T" { source = "x"  synthetic = true }',
        'data d from "d.csv" key (r, y) { r: string  y: integer',
        '  v: number       // value',
        '  weight: number  // weight',
        '}',
        '',
        'set region = d.r',
        'set year = 2000..2005',
        'set s = {a, b}',
        'param p[r in region]: MUSD/Mt^-1 = -d.v[r, 2000] * 2^2',
        'param q = sum(r in region : p[r] > 0) p[r]',
        'problem lp {',
        '  var x[r in region] >= 0 <= 1',
        '  minimize c: sum(r in region) p[r] * x[r]',
        '  subject to t: sum(r in region) x[r] >=',
        '    1',
        '}',
        'scenario hi { q[a] = 2 }',
        'game g over region { value(S) = card(S)  solutions = [shapley, core] }',
        '',
      ].join('\n'),
    );
  });

  it('keeps line and block comments where they are', () => {
    const src = '/* header\n   kept as written */\n// a\nparam a = 1 /* inline */ + 2 # hash\n  // b\nparam b = a\n';
    expect(format(src)).toBe(
      '/* header\n   kept as written */\n// a\nparam a = 1 /* inline */ + 2  # hash\n// b\nparam b = a\n',
    );
  });

  it('indents the items of brackets opened on an earlier line, and closes at the opener', () => {
    const src = 'report {\nchart c = line(t,\nx = a,\n  y = b)\nitems = [\n1,\n2\n]\n}\n';
    expect(format(src)).toBe(
      'report {\n  chart c = line(t,\n    x = a,\n    y = b)\n  items = [\n    1,\n    2\n  ]\n}\n',
    );
  });

  it('gives one layout whatever the spaces, tabs and blank lines (a seeded shuffle of every model)', () => {
    const rng = createRng(20260528);
    const draw = (n: number) => rng.int(n);
    for (const file of MODELS) {
      const source = readFileSync(file, 'utf8');
      const parsed = parseModel(source, file);
      if (!parsed.model) continue;
      // the same tokens and line breaks, with random spaces between tokens and random indentation
      const all = [...parsed.tokens, ...parsed.comments].sort((a, b) => a.startOffset - b.startOffset);
      let out = '';
      let prevEnd = 0;
      for (const t of all) {
        const between = source.slice(prevEnd, t.startOffset);
        const breaks = between.split('\n').length - 1;
        out +=
          breaks > 0
            ? '\n'.repeat(breaks >= 2 ? breaks + draw(2) : breaks) + ['', ' ', '\t', '      '][draw(4)]
            : prevEnd === 0
              ? ''
              : ' '.repeat(1 + draw(3));
        out += t.image;
        prevEnd = (t.endOffset ?? t.startOffset) + 1;
      }
      expect(format(out, file), path.relative(ROOT, file)).toBe(format(source, file));
    }
  });

  it('refuses a file with a syntax error and says where', () => {
    const r = formatSource('param a = \nparam b = 2\n', 'bad.model');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'S004', span: { start: { line: 1 } } });
  });
});

describe('abate fmt on the command line', () => {
  const abate = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'abate.mjs'), ...args], { cwd, encoding: 'utf8' });

  it('--check exits 0 on the shipped models and examples', () => {
    const r = abate(['fmt', '--check', 'models', 'examples'], ROOT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('--check exits 1 and changes nothing; without it the file is rewritten', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-fmt-'));
    const file = path.join(dir, 'm.model');
    writeFileSync(file, 'param  a=1\n');
    const check = abate(['fmt', '--check', dir], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('m.model: not formatted');
    expect(readFileSync(file, 'utf8')).toBe('param  a=1\n');
    const fix = abate(['fmt', 'm.model'], dir);
    expect(fix.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('param a = 1\n');
    expect(abate(['fmt', '--check', 'm.model'], dir).status).toBe(0);
  });

  it('exits 1 with a located message on a syntax error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'abate-fmt-'));
    writeFileSync(path.join(dir, 'bad.model'), 'param a = \n');
    const r = abate(['fmt', 'bad.model'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.model:1:\d+: error\[S00\d\]/);
  });
});
