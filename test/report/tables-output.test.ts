// The Produc example's table of estimates (SAR, SEM and SDM side by side) in every format: its cells are the
// pinned estimates (splm fixtures for the SAR and SEM, the estimates' own tables) at the table's digits; the
// LaTeX is checked structurally (booktabs rules, threeparttable notes, escaping, one cell per column in every
// row) and the Word file is opened with a zip reader and its XML read (one table, the same cells, stars raised).
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildReportDoc, tableCsv } from '../../report/results.ts';
import { blockLabels, type RegressionBlock } from '../../report/doc.ts';
import { layoutModelTable } from '../../report/model-table.ts';
import { escapeLatex, tableLatex } from '../../report/latex.ts';
import { tableDocx } from '../../report/docx.ts';
import { renderReport } from '../../report/write.ts';
import { formatFixed } from '../../report/format.ts';
import { runModel } from '../models/run-model.ts';

const fx = JSON.parse(readFileSync('spec/conformance/spatial/models.json', 'utf8')).produc as Record<
  string,
  { coef: Record<string, number>; se: Record<string, number> }
>;
const SPLM: Record<string, string> = { lpcap: 'log(pcap)', lpc: 'log(pc)', lemp: 'log(emp)', unemp: 'unemp' };

describe('the Produc table of estimates in every format', async () => {
  const out = await runModel('examples/spatial-produc/produc.model');
  const doc = buildReportDoc([{ scenario: 'base', output: out }], '2025-01-01');
  const block = doc.sections
    .flatMap((s) => s.blocks)
    .find((b) => b.kind === 'regression' && b.id === 'spatial') as RegressionBlock;
  const grid = layoutModelTable(block);
  const label = blockLabels(doc).get('spatial')!;
  const row = (key: string) => grid.body.findIndex((r) => r.part === 'term' && r.key === key);

  it('sets SAR, SEM and SDM side by side, headed and labelled, with the chosen statistics and indicators', () => {
    expect(grid.head.at(-1)!.map((c) => c.text)).toEqual(['SAR', 'SEM', 'SDM']);
    expect(grid.head[0]!.map((c) => c.text)).toEqual(['(1)', '(2)', '(3)']);
    const labels = grid.body.filter((r) => r.part !== 'under').map((r) => r.label);
    expect(labels).toEqual([
      'ln public capital',
      'ln private capital',
      'ln employment',
      'Unemployment rate',
      'W·ln public capital',
      'W·ln private capital',
      'W·ln employment',
      'W·Unemployment rate',
      'ρ',
      'λ',
      'Unit fixed effects',
      'Time fixed effects',
      'Lee–Yu correction',
      'Weights (W)',
      'Observations',
      'Units (N)',
      'Periods (T)',
      'Log-likelihood',
      'AIC',
      'R²',
      'σ²',
    ]);
    expect(grid.body.find((r) => r.key === 'weights')!.cells.map((c) => c.text)).toEqual(
      Array(3).fill('usaww contiguity'),
    );
    expect(grid.body.find((r) => r.key === 'time_fe')!.cells.map((c) => c.text)).toEqual(['Yes', 'No', 'Yes']);
    expect(grid.notes[0]).toBe('Standard errors in parentheses.');
    expect(grid.notes[1]).toBe('* p < 0.1, ** p < 0.05, *** p < 0.01.');
  });

  it("its cells are the fits' estimates at the table's 4 decimals: the estimates' own tables and splm", () => {
    expect(block.settings.digits).toBe(4); // the table's own, over the report's digits = 3
    ['sar', 'sem', 'sdm'].forEach((name, col) => {
      for (const r of out.tables.find((t) => t.name === name)!.rows) {
        const i = row(r['term'] as string);
        expect(i, `${name} ${r['term']}`).toBeGreaterThanOrEqual(0);
        expect(grid.body[i]!.cells[col]!.text).toBe(formatFixed(r['estimate'] as number, 4));
        expect(grid.body[i + 1]!.cells[col]!.text).toBe(`(${formatFixed(r['se'] as number, 4)})`);
        const p = r['p'] as number;
        expect(grid.body[i]!.cells[col]!.stars).toBe(p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '');
      }
    });
    // and within the rounding of the 4th decimal of splm::spml's estimates (fixtures of spec/conformance/spatial/)
    // (splm names the lag parameter lambda and the error parameter rho)
    for (const [col, key, spatial, splm] of [
      [0, 'sar_twoways', 'rho', 'lambda'],
      [1, 'sem_individual', 'lambda', 'rho'],
    ] as const) {
      const f = fx[key]!;
      for (const [k, term] of [...Object.entries(SPLM), [splm, spatial]]) {
        const cell = grid.body[row(term)]!.cells[col]!.text;
        expect(Math.abs(Number(cell) - f.coef[k]!), `${key} ${term}`).toBeLessThanOrEqual(0.5e-4 + 1e-9);
        const se = grid.body[row(term) + 1]!.cells[col]!.text.slice(1, -1);
        expect(Math.abs(Number(se) - f.se[k]!), `${key} se ${term}`).toBeLessThanOrEqual(0.5e-4 + 1e-9);
      }
    }
    const ll = grid.body.find((r) => r.key === 'loglik')!.cells.map((c) => c.text);
    expect(ll).toEqual(['sar', 'sem', 'sdm'].map((n) => formatFixed(findStat(n, 'loglik'), 4)));
  });

  function findStat(name: string, key: string): number {
    return out.tables.find((t) => t.name === name)!.regression!.models[0]!.stats![key]!;
  }

  it('AIC is −2 ln L + 2k with k the coefficients and σ²', () => {
    for (const n of ['sar', 'sem', 'sdm']) {
      const m = out.tables.find((t) => t.name === n)!.regression!.models[0]!;
      const k = Object.keys(m.terms).length + 1;
      expect(m.stats!['aic']).toBeCloseTo(-2 * m.stats!['loglik']! + 2 * k, 9);
    }
  });

  it('writes the LaTeX of a booktabs table in a threeparttable, one cell per column on every row, escaped', () => {
    const tex = tableLatex(block, label);
    const lines = tex.split('\n');
    const at = (s: string) => lines.indexOf(s);
    expect(at('\\begin{table}[htbp]')).toBeGreaterThanOrEqual(0);
    expect(at('\\begin{threeparttable}')).toBeGreaterThan(at('\\begin{table}[htbp]'));
    expect(at('\\begin{tabular}{lccc}')).toBeGreaterThan(at('\\begin{threeparttable}'));
    expect(lines[at('\\begin{tabular}{lccc}') + 1]).toBe('\\toprule');
    const mid = lines.filter((l) => l === '\\midrule').length;
    expect(mid).toBe(3); // under the heads, before the indicators, before the statistics
    expect(at('\\bottomrule')).toBe(at('\\end{tabular}') - 1);
    expect(at('\\begin{tablenotes}[flushleft]')).toBeGreaterThan(at('\\end{tabular}'));
    expect(at('\\end{threeparttable}')).toBeGreaterThan(at('\\end{tablenotes}'));
    // every row between \toprule and \bottomrule: four cells (three unescaped & separators) and \\ at the end
    const rows = lines.slice(at('\\toprule') + 1, at('\\bottomrule')).filter((l) => !l.startsWith('\\midrule'));
    expect(rows.length).toBe(2 + grid.body.length);
    for (const r of rows) {
      expect(r.endsWith(' \\\\'), r).toBe(true);
      expect(r.split(/(?<!\\)&/).length, r).toBe(4);
    }
    expect(tex).toContain('W$\\cdot$ln public capital &  &  & $-$0.0588 \\\\');
    expect(tex).toContain('$\\rho$ & 0.1967$^{***}$ &  & 0.4100$^{***}$ \\\\');
    expect(tex).toContain('R$^{2}$ & 0.9990 & 0.9986 & 0.9991 \\\\');
    expect(tex).toContain('\\item Standard errors in parentheses.');
    expect(tex).toContain('\\label{tab:spatial}');
    expect(escapeLatex('a_b & 5% #1 {x} ~ ^ \\ <')).toBe(
      'a\\_b \\& 5\\% \\#1 \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}',
    );
  });

  it('writes a valid Word file: a zip of Office Open XML with one table of the same cells, stars raised', async () => {
    const bytes = await tableDocx(block, label);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']),
    );
    type El = ReturnType<DOMParser['parseFromString']>['documentElement'] & {};
    const parse = (f: string) => {
      const errors: string[] = [];
      const d = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(
        strFromU8(files[f]!),
        'text/xml',
      );
      expect(errors, f).toEqual([]);
      return d;
    };
    expect(parse('[Content_Types].xml').documentElement!.getAttribute('xmlns')).toBe(
      'http://schemas.openxmlformats.org/package/2006/content-types',
    );
    const xml = parse('word/document.xml');
    expect(xml.documentElement!.nodeName).toBe('w:document');
    const tables = xml.getElementsByTagName('w:tbl');
    expect(tables.length).toBe(1);
    const trs = Array.from(tables[0]!.getElementsByTagName('w:tr'));
    expect(trs.length).toBe(grid.head.length + grid.body.length);
    const text = (n: El) =>
      Array.from(n.getElementsByTagName('w:t'))
        .map((t) => t.textContent)
        .join('');
    const cells = trs.map((tr) => Array.from(tr.getElementsByTagName('w:tc')).map(text));
    expect(cells[grid.head.length - 1]).toEqual(['', 'SAR', 'SEM', 'SDM']);
    grid.body.forEach((r, i) => {
      expect(cells[grid.head.length + i]).toEqual([r.label, ...r.cells.map((c) => `${c.text}${c.stars}`)]);
    });
    // the stars are a superscript run
    const rho = trs[grid.head.length + row('rho')]!;
    const sup = Array.from(rho.getElementsByTagName('w:r')).filter(
      (r) => r.getElementsByTagName('w:vertAlign')[0]?.getAttribute('w:val') === 'superscript',
    );
    expect(sup.map(text)).toEqual(['***', '***']);
    // the notes follow the table
    expect(text(xml.documentElement!)).toContain('Standard errors in parentheses.');
  });

  it('prints no p-value as 0 anywhere in the report: p columns read < 0.001', async () => {
    const files = await renderReport(doc, { formats: ['md', 'tex'] });
    const md = files.get('report.md') as string;
    expect(md).toContain('< 0.001');
    const sar = md.slice(md.indexOf('SAR of log(gsp)'));
    expect(sar).not.toMatch(/\| 0(\.0+)? \|/);
    for (const [name, content] of files) {
      if (!name.endsWith('.tex') || typeof content !== 'string') continue;
      expect(content, name).not.toMatch(/& 0\.000 \\\\$/m);
    }
    expect([...files.keys()]).toContain('tables/spatial.tex');
  });

  it('writes the CSV tidy: every column named, full precision, stars and the statistics as rows', () => {
    const csv = tableCsv(
      out.tables.find((t) => t.name === 'spatial')!,
      out,
    );
    const [head, ...rows] = csv.trim().split('\n');
    expect(head).toBe('column,model,group,part,key,label,estimate,se,z,p,lower,upper,stars,value');
    const sar = out.tables.find((t) => t.name === 'sar')!.rows.find((r) => r['term'] === 'log(pc)')!;
    expect(rows).toContain(
      `1,SAR,,term,log(pc),ln private capital,${sar['estimate']},${sar['se']},${sar['z']},${sar['p']},` +
        `${(sar['estimate'] as number) - 1.959963984540054 * (sar['se'] as number)},` +
        `${(sar['estimate'] as number) + 1.959963984540054 * (sar['se'] as number)},***,`,
    );
    expect(rows.filter((r) => r.includes(',stat,loglik,'))).toHaveLength(3);
    // the estimate's own CSV is tidy too, with its statistics
    const own = tableCsv(
      out.tables.find((t) => t.name === 'sar')!,
      out,
    );
    expect(own.split('\n')[0]).toBe(head);
    expect(own).toMatch(/\n1,SAR,,stat,N,Units \(N\),,,,,,,,48\n/);
  });
});
