import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportDoc } from '../../report/doc.ts';
import { renderReport, writeFileAtomic, writeReport } from '../../report/write.ts';
import { ReportError } from '../../report/errors.ts';
import { sampleDoc } from './sample.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'abate-report-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes every table as tables/<id>.tex and .docx, report.md, one fig-<id>.svg per chart and report.html, and nothing else', async () => {
    const dir = tmp();
    const written = await writeReport(sampleDoc(), dir);
    const tables = ['allocation', 'sdm', 'wide'];
    const names = [
      ...tables.map((t) => `tables/${t}.tex`),
      'tables/tables.tex',
      ...tables.map((t) => `tables/${t}.docx`),
      'fig-mac.svg',
      'fig-alloc-bar.svg',
      'fig-alloc-dot.svg',
      'fig-effects.svg',
      'fig-event.svg',
      'fig-psr.svg',
      'report.md',
      'report.html',
    ];
    expect(written).toEqual(names.map((n) => join(dir, n)));
    expect(readdirSync(dir).sort()).toEqual([...names.filter((n) => !n.startsWith('tables/')), 'tables'].sort());
    expect(readdirSync(join(dir, 'tables')).sort()).toEqual(
      names
        .filter((n) => n.startsWith('tables/'))
        .map((n) => n.slice(7))
        .sort(),
    );
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const m of md.matchAll(/\]\((fig-[^)]+)\)/g)) expect(readFileSync(join(dir, m[1]!), 'utf8')).toMatch(/^<svg/);
  });

  it('writes identical bytes on a re-render from the JSON stored in results.json', async () => {
    const a = tmp();
    const b = tmp();
    await writeReport(sampleDoc(), a);
    const stored = JSON.parse(JSON.stringify({ report: sampleDoc() })) as { report: ReportDoc };
    await writeReport(stored.report, b);
    const files = [
      ...readdirSync(a).filter((f) => f !== 'tables'),
      ...readdirSync(join(a, 'tables')).map((f) => `tables/${f}`),
    ];
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(3);
    for (const f of files) expect(readFileSync(join(b, f)), f).toEqual(readFileSync(join(a, f)));
  });

  it('honours formats, and removes figures the document no longer has', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'fig-old.svg'), '<svg/>');
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    await writeReport(sampleDoc(), dir, { formats: ['html'] });
    expect(readdirSync(dir).sort()).toEqual(['fig-old.svg', 'notes.txt', 'report.html']);
    await writeReport(sampleDoc(), dir, { formats: ['md'] });
    const names = readdirSync(dir);
    expect(names).not.toContain('fig-old.svg');
    expect(names).toContain('notes.txt');
    expect(names).toContain('report.md');
    expect(names.filter((n) => n.startsWith('.abate-tmp-'))).toEqual([]);
  });

  it('refuses unknown formats and malformed documents before writing anything', async () => {
    const dir = tmp();
    await expect(writeReport(sampleDoc(), dir, { formats: ['pdf' as 'md'] })).rejects.toThrow(ReportError);
    const bad = sampleDoc() as unknown as { sections: unknown };
    bad.sections = 'nope';
    await expect(writeReport(bad as ReportDoc, dir)).rejects.toThrow(/sections: expected an array/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file in one step and leaves no temporary file', () => {
    const dir = tmp();
    const p = join(dir, 'x.txt');
    writeFileAtomic(p, 'one');
    writeFileAtomic(p, 'two');
    expect(readFileSync(p, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['x.txt']);
  });

  it('cleans up its temporary file when the rename fails', () => {
    const dir = tmp();
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    writeFileSync(join(sub, 'f'), '');
    // A file cannot be renamed over a non-empty directory.
    expect(() => writeFileAtomic(sub, 'z')).toThrow();
    expect(readdirSync(dir)).toEqual(['sub']);
  });
});

describe('renderReport', () => {
  it('returns the same files writeReport writes, in memory', async () => {
    const dir = tmp();
    await writeReport(sampleDoc(), dir);
    const files = await renderReport(sampleDoc());
    const onDisk = [
      ...readdirSync(dir).filter((f) => f !== 'tables'),
      ...readdirSync(join(dir, 'tables')).map((f) => `tables/${f}`),
    ];
    expect([...files.keys()].sort()).toEqual(onDisk.sort());
    for (const [name, content] of files)
      if (typeof content === 'string') expect(content).toBe(readFileSync(join(dir, name), 'utf8'));
      else expect(Buffer.from(content).equals(readFileSync(join(dir, name))), name).toBe(true);
    expect([...(await renderReport(sampleDoc(), { formats: ['html'] })).keys()]).toEqual(['report.html']);
  });
});
