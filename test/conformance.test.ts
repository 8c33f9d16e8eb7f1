// The conformance suite (spec/conformance/README.md): every invalid model's diagnostics, every run-time
// error, and every valid model's plan and chosen results, compared with committed goldens.
// Regenerate the goldens after a deliberate change with:  UPDATE_GOLDEN=1 npx vitest run test/conformance.test.ts
// (then read the diff: a golden is only as good as the review it had).
import { describe, test, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODES, codeTablesMarkdown, type Code } from '../diagnostics/index.ts';
import { cliInProcess, normalise, stackLines, ROOT } from './helpers/cli.ts';
import { argv, listCases, CONFORMANCE, DIAGNOSTIC_LINE, type Case } from './helpers/conformance.ts';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'abate-conformance-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** Compare with a golden file, or (UPDATE_GOLDEN=1) rewrite it. */
function golden(rel: string, actual: string): void {
  const file = path.join(ROOT, rel);
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${rel} is missing: run UPDATE_GOLDEN=1 npx vitest run test/conformance.test.ts`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Checks every failing case shares: located, no stack trace, no internal error. */
function expectCleanFailure(stderr: string) {
  expect(stackLines(stderr)).toEqual([]);
  expect(stderr).not.toMatch(/internal error/);
}

// ------------------------------------------------------------------ invalid models: `abate check` diagnostics
const invalid = listCases('invalid', (c) =>
  c.sibling('.yaml') ? 'check {model} --overrides {yaml}' : 'check {model}',
);

describe('invalid models', () => {
  test('the suite is large enough', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });

  test.each(invalid.map((c) => [c.name, c] as [string, Case]))('%s', async (_, c) => {
    const r = await cliInProcess(argv(c));
    const stderr = normalise(r.stderr);
    golden(`${c.model.replace(/\.model$/, '')}.expected`, stderr);
    expectCleanFailure(stderr);
    const headers = stderr.split('\n').filter((l) => /(error|warning)\[/.test(l));
    expect(headers.length).toBeGreaterThan(0);
    const hasError = headers.some((l) => /error\[/.test(l));
    expect(r.exitCode).toBe(c.exit ?? (hasError ? 1 : 0));
    if (r.exitCode === 1 || r.exitCode === 0) {
      // Diagnostics are located: file:line:col, with the line number inside the named file.
      for (const h of headers) {
        if (h.startsWith('--')) {
          expect(h).toMatch(/^--[a-z-]+ \S.*: error\[[A-Z]\d{3}\]: /);
          continue;
        } // about a command-line argument
        const m = DIAGNOSTIC_LINE.exec(h);
        expect(m, h).not.toBeNull();
        const [, file, line, col] = m!;
        const lines = readFileSync(path.join(ROOT, file!), 'utf8').split('\n');
        expect(Number(line)).toBeLessThanOrEqual(lines.length);
        expect(Number(col)).toBeLessThanOrEqual(lines[Number(line) - 1]!.length + 2);
      }
    }
    // The summary line counts what was printed.
    if (r.exitCode !== 2) {
      const errors = headers.filter((l) => /error\[/.test(l)).length;
      const warnings = headers.length - errors;
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(
        `${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
      );
    }
  });
});

// ------------------------------------------------------------------ run-time errors: `abate run` on bad data / problems
const runErrors = listCases('run-errors', () => 'run {model} --out {out}');

describe('run-time errors', () => {
  test.each(runErrors.map((c) => [c.name, c] as [string, Case]))('%s', async (_, c) => {
    const out = path.join(tmpRoot, `run-${c.name}`);
    const r = await cliInProcess(argv(c, { out }));
    const stderr = normalise(r.stderr, { '<out>': out });
    golden(`${c.model.replace(/\.model$/, '')}.expected`, stderr);
    expectCleanFailure(stderr);
    expect(r.exitCode).toBe(c.exit ?? 1);
    expect(stderr).toMatch(/error\[[A-Z]/);
    // A failed run writes nothing.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

// ------------------------------------------------------------------ valid models: plan goldens and result values
const valid = listCases('valid', () => 'plan {model}');

/** The plan with machine-specific fields replaced. */
function normalisePlan(json: string): string {
  const plan = JSON.parse(json) as { abateVersion: string; model: { dir: string } };
  plan.abateVersion = '<version>';
  plan.model.dir = '<dir>';
  return `${JSON.stringify(plan, null, 1)}\n`;
}

interface Values {
  scenario?: string;
  results: Record<string, Array<{ key: string[]; value: number | string | boolean }>>;
  tol?: number;
}

describe('valid models', () => {
  test('the suite is large enough', () => {
    expect(valid.length).toBeGreaterThanOrEqual(6);
  });

  test.each(valid.map((c) => [c.name, c] as [string, Case]))(
    '%s: check is clean and the plan matches',
    async (_, c) => {
      const chk = await cliInProcess(['check', c.model]);
      expect(chk.stderr).toBe('');
      expect(chk.exitCode).toBe(0);
      expect(chk.stdout).toMatch(/: ok \(/);
      const r = await cliInProcess(argv(c));
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      golden(`${c.model.replace(/\.model$/, '')}.plan.json`, normalisePlan(r.stdout));
    },
  );

  const withValues = valid.filter((c) => c.sibling('.values.json'));
  test('a few valid models pin result values', () => {
    expect(withValues.length).toBeGreaterThanOrEqual(3);
  });

  // The values are derived by hand in each model's header comment, not regenerated by UPDATE_GOLDEN.
  test.each(withValues.map((c) => [c.name, c] as [string, Case]))('%s: results', async (_, c) => {
    const valuesFile = path.join(ROOT, c.sibling('.values.json')!);
    const want = JSON.parse(readFileSync(valuesFile, 'utf8')) as Values;
    const out = path.join(tmpRoot, `valid-${c.name}`);
    const r = await cliInProcess([
      'run',
      c.model,
      '--out',
      out,
      '--quiet',
      ...(want.scenario ? ['--scenario', want.scenario] : []),
    ]);
    expect(normalise(r.stderr, { '<out>': out })).toBe('');
    expect(r.exitCode).toBe(0);
    const got = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
      runs: Array<{ results: Record<string, { values: Array<{ key: string[]; value: unknown }> }> }>;
    };
    const results = got.runs[0]!.results;
    const tol = want.tol ?? 1e-12;
    for (const [name, values] of Object.entries(want.results)) {
      const actual = results[name];
      expect(actual, `result ${name}`).toBeDefined();
      expect(actual!.values.map((v) => v.key)).toEqual(values.map((v) => v.key));
      values.forEach((v, i) => {
        const a = actual!.values[i]!.value;
        if (typeof v.value === 'number') {
          expect(typeof a, `${name}[${v.key.join(', ')}]`).toBe('number');
          expect(
            Math.abs((a as number) - v.value),
            `${name}[${v.key.join(', ')}] = ${a}, expected ${v.value}`,
          ).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v.value)));
        } else expect(a, `${name}[${v.key.join(', ')}]`).toEqual(v.value);
      });
    }
  });
});

// ------------------------------------------------------------------ coverage of the diagnostic codes
describe('every diagnostic code', () => {
  const docFile = path.join(ROOT, 'spec', 'diagnostics.md');
  const documented = readFileSync(docFile, 'utf8');
  const expectedText = (dir: string) =>
    existsSync(path.join(CONFORMANCE, dir))
      ? readdirSync(path.join(CONFORMANCE, dir))
          .filter((f) => f.endsWith('.expected'))
          .map((f) => readFileSync(path.join(CONFORMANCE, dir, f), 'utf8'))
          .join('\n')
      : '';
  const invalidText = expectedText('invalid');
  const runText = expectedText('run-errors');
  const codes = Object.keys(CODES) as Code[];

  test("spec/diagnostics.md lists the table's codes (generated from it)", () => {
    const begin = documented.indexOf('-->\n', documented.indexOf('<!-- generated from diagnostics/')) + 4;
    const end = documented.indexOf('<!-- end of generated codes -->');
    expect(begin).toBeGreaterThan(3);
    expect(end).toBeGreaterThan(begin);
    const tables = `\n${codeTablesMarkdown()}`;
    const text = documented.slice(0, begin) + tables + documented.slice(end);
    if (UPDATE) writeFileSync(docFile, text);
    else expect(documented.slice(begin, end)).toBe(tables);
    for (const code of codes) expect(text).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  test.each(
    codes.filter((c) => CODES[c].stage === 'syntax' || CODES[c].stage === 'compile' || CODES[c].stage === 'overrides'),
  )('%s is exercised by an invalid case', (code) => {
    expect(invalidText).toContain(`[${code}]`);
  });

  test.each(['D301', 'D302', 'D303', 'D304', 'D305', 'D306', 'D307', 'D308', 'R411', 'R420', 'R421', 'R626'])(
    '%s is exercised by a run-errors case',
    (code) => {
      expect(runText).toContain(`error[${code}]`);
    },
  );

  test('every code in an expected file is in the table', () => {
    const used = new Set(
      [...`${invalidText}\n${runText}`.matchAll(/(?:error|warning)\[([A-Z0-9_]+)\]/g)].map((m) => m[1]!),
    );
    expect(used.size).toBeGreaterThan(40);
    for (const code of used) expect(Object.hasOwn(CODES, code), `${code} in diagnostics/`).toBe(true);
  });

  // A grep over the sources, for what the types cannot see (a code in a string, a comparison, an error type
  // outside the table's): every code-like string is a code of the table, and every error is built from one.
  test('every code the sources use is in the table', () => {
    const sources = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !/^(node_modules|dist|test|bench|out)\//.test(f) && !f.startsWith('.'),
    );
    expect(sources.length).toBeGreaterThan(100);
    const unknown: string[] = [];
    let seen = 0;
    for (const f of sources) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/['"`[]([SEWYDR]\d{3})['"`\]:]/g)) {
        seen++;
        if (!Object.hasOwn(CODES, m[1]!)) unknown.push(`${f}: ${m[1]}`);
      }
      for (const m of text.matchAll(
        /(new (?:SolverError|ExecutionError|DataError|ReportError)|warningLine)\(\s*([^,)]*)/g,
      ))
        if (!/^'[A-Z]\d{3}'$/.test(m[2]!) || !Object.hasOwn(CODES, m[2]!.slice(1, -1)))
          unknown.push(`${f}: ${m[1]}(${m[2]}) is not built from a code of the table`);
    }
    expect(seen).toBeGreaterThan(300);
    expect(unknown).toEqual([]);
  });
});
