// Every construct keyword has an invalid, a run-error and a valid case in spec/conformance/ (README:
// "Coverage of the constructs"). A case covers the keywords of the blocks its model declares, found by
// parsing the model, not by its file name. An invalid or run-error case counts only if its golden message is
// acceptable: located (file:line) and with a hint. A keyword whose only message is not yet acceptable is
// covered by a pending case (NNN-name.pending.model), which this test runs to check it is still not
// acceptable: once its message is fixed, the case must become a real one.
import { describe, test, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONSTRUCT_KEYWORDS } from '../constructs/registry.ts';
import { parseModel } from '../grammar/parse.ts';
import { cliInProcess, normalise, stackLines, ROOT } from './helpers/cli.ts';
import { listCases, CONFORMANCE, DIAGNOSTIC_LINE } from './helpers/conformance.ts';

const KEYWORDS: readonly string[] = CONSTRUCT_KEYWORDS;
type Kind = 'invalid' | 'run-errors' | 'valid';
const KINDS: Kind[] = ['invalid', 'run-errors', 'valid'];

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'abate-coverage-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** The construct keywords of the blocks a model declares (empty if it does not parse far enough). */
function keywordsOf(model: string): Set<string> {
  const { model: ast } = parseModel(readFileSync(path.join(ROOT, model), 'utf8'), model);
  return new Set((ast?.decls ?? []).flatMap((d) => (d.kind === 'block' ? [d.construct.text] : [])));
}

/** `abate check` output whose every diagnostic is located (file:line:col) and hinted, with at least one error. */
function acceptableCheck(stderr: string): boolean {
  const blocks = stderr.split('\n\n').filter((b) => /(error|warning)\[/.test(b));
  return (
    blocks.some((b) => /error\[/.test(b)) &&
    blocks.every((b) => DIAGNOSTIC_LINE.test(b.split('\n')[0]!) && b.includes('\n  = hint: '))
  );
}

/** `abate run` output that is one located (model or data file, with a line) and hinted error. */
function acceptableRun(stderr: string): boolean {
  return /^\S+:\d+(:\d+)?: error\[\w+\]: /.test(stderr) && stderr.includes('\n  = hint: ');
}

function clean(stderr: string): boolean {
  return stackLines(stderr).length === 0 && !/internal error/.test(stderr);
}

const cases = Object.fromEntries(KINDS.map((k) => [k, listCases(k, () => '')])) as Record<
  Kind,
  ReturnType<typeof listCases>
>;

/** Does a case of this kind count towards the coverage of its keywords? (Its golden is checked elsewhere.) */
function counts(kind: Kind, c: (typeof cases)[Kind][number]): boolean {
  if (kind === 'valid') return !!c.sibling('.plan.json');
  const expected = c.sibling('.expected');
  if (!expected) return false;
  const text = readFileSync(path.join(ROOT, expected), 'utf8');
  return kind === 'invalid' ? acceptableCheck(text) : acceptableRun(text);
}

interface Pending {
  kind: Exclude<Kind, 'valid'>;
  name: string;
  model: string;
}
const pending: Pending[] = (['invalid', 'run-errors'] as const).flatMap((kind) =>
  readdirSync(path.join(CONFORMANCE, kind))
    .filter((f) => /^\d{3}-[a-z0-9-]+\.pending\.model$/.test(f))
    .sort()
    .map((f) => ({ kind, name: f.replace(/\.pending\.model$/, ''), model: `spec/conformance/${kind}/${f}` })),
);

describe('every construct keyword has conformance cases', () => {
  test('the keywords come from the construct registry', () => {
    expect(KEYWORDS).toEqual(expect.arrayContaining(['curve', 'game', 'report', 'panel', 'estimate', 'hausman']));
  });

  const covered = Object.fromEntries(
    KINDS.map((kind) => {
      const by = new Map<string, string[]>();
      for (const c of cases[kind].filter((c) => counts(kind, c)))
        for (const k of keywordsOf(c.model)) by.set(k, [...(by.get(k) ?? []), c.name]);
      return [kind, by];
    }),
  ) as Record<Kind, Map<string, string[]>>;
  const pendingBy = new Map<string, string[]>();
  for (const p of pending)
    for (const k of keywordsOf(p.model))
      pendingBy.set(`${p.kind}/${k}`, [...(pendingBy.get(`${p.kind}/${k}`) ?? []), p.name]);

  test.each(KINDS.flatMap((kind) => KEYWORDS.map((k) => [kind, k] as [Kind, string])))('%s: %s', (kind, keyword) => {
    const have = covered[kind].get(keyword) ?? [];
    const waiting = pendingBy.get(`${kind}/${keyword}`) ?? [];
    expect(
      have.length + waiting.length,
      `no ${kind}/ case declares a '${keyword}' block${kind === 'valid' ? ' with a plan golden' : ' with a located, hinted message'}`,
    ).toBeGreaterThan(0);
  });
});

describe('pending cases are still waiting for a better message', () => {
  test.each(pending.map((p) => [`${p.kind}/${p.name}`, p] as [string, Pending]))('%s', async (_, p) => {
    const source = readFileSync(path.join(ROOT, p.model), 'utf8');
    expect(source, 'a pending case starts with // PENDING (what is wrong): ...').toMatch(/^\/\/ PENDING \([^)]+\): /);
    const out = path.join(tmpRoot, p.name);
    const r = await cliInProcess(p.kind === 'invalid' ? ['check', p.model] : ['run', p.model, '--out', out]);
    const stderr = normalise(r.stderr, { '<out>': out });
    const acceptable =
      clean(stderr) && r.exitCode === 1 && (p.kind === 'invalid' ? acceptableCheck(stderr) : acceptableRun(stderr));
    expect(
      acceptable,
      `${p.model} now gives an acceptable message: rename it to ${p.name}.model (a free number), write its golden ` +
        `with UPDATE_GOLDEN=1 npx vitest run test/conformance.test.ts and read it:\n${stderr}`,
    ).toBe(false);
  });
});
