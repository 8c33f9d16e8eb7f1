// The diagnostics table (diagnostics/): a neutral module, codes well formed, one formatter per code.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CODES, diag, formatDiagnostic, render, suggest } from '../../diagnostics/index.ts';
import { ROOT } from '../helpers/cli.ts';

const span = { start: { line: 2, col: 3, offset: 10 }, end: { line: 2, col: 6, offset: 13 } };

describe('the diagnostics table', () => {
  it('imports no other folder of the project', () => {
    const dir = path.join(ROOT, 'diagnostics');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const target = path.resolve(path.dirname(path.join(dir, f)), m[1]!);
        expect(target.startsWith(`${dir}${path.sep}`), `${f} imports ${m[1]}`).toBe(true);
      }
    }
  });

  it('has codes of a letter and three digits, warnings exactly the W codes', () => {
    for (const [code, row] of Object.entries(CODES)) {
      expect(code).toMatch(/^[SEWYDR]\d{3}$/);
      expect(row.severity).toBe(code.startsWith('W') ? 'warning' : 'error');
      expect(row.title.length).toBeGreaterThan(3);
    }
  });

  it('renders a diagnostic from its record and formats it with a caret and the hint', () => {
    const d = diag('E100', 'm.model', span, { message: "unknown name 'E00'", hint: suggest('E00', ['E0', 'cap']) });
    expect(d).toMatchObject({ code: 'E100', severity: 'error', message: "unknown name 'E00'" });
    expect(formatDiagnostic(d, 'line one\nx E00 y\n', { color: false })).toBe(
      [
        "m.model:2:3: error[E100]: unknown name 'E00'",
        '  |',
        '2 | x E00 y',
        '  |   ^^^',
        "  = hint: did you mean 'E0'?",
      ].join('\n'),
    );
    const w = diag('W200', 'm.model', span, { message: 'unused' });
    expect(formatDiagnostic(w, undefined, { color: false })).toBe('m.model:2:3: warning[W200]: unused');
  });

  it('formats a run-time diagnostic at its text location, without a caret', () => {
    const r = render('E100', { message: 'x', hint: 'y' });
    expect(
      formatDiagnostic({ code: 'E100', severity: 'error', ...r, where: 'data/a.csv:4' }, 'a\nb\nc\nd', {
        color: false,
      }),
    ).toBe('data/a.csv:4: error[E100]: x\n  = hint: y');
  });
});
