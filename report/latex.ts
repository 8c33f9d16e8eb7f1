// A table as LaTeX: booktabs rules (\toprule, \midrule, \cmidrule under a spanning head, \bottomrule) in a
// threeparttable with the notes beneath, every piece of text escaped. Written for pdfLaTeX: the Greek letters,
// superscripts and dashes tables use become math or TeX ligatures; needs \usepackage{booktabs,threeparttable}.
import type { RegressionBlock, TableBlock } from './doc.ts';
import { sheetOf, type SheetCell } from './sheet.ts';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  // what tables of estimates print beyond ASCII
  '−': '$-$',
  '–': '--',
  '—': '---',
  '·': '$\\cdot$',
  '×': '$\\times$',
  '²': '$^{2}$',
  '³': '$^{3}$',
  '≤': '$\\leq$',
  '≥': '$\\geq$',
  ρ: '$\\rho$',
  λ: '$\\lambda$',
  σ: '$\\sigma$',
  β: '$\\beta$',
  θ: '$\\theta$',
  φ: '$\\phi$',
  τ: '$\\tau$',
  η: '$\\eta$',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
};
const SPECIAL_RE = new RegExp(
  `[${Object.keys(SPECIAL)
    .map((c) => c.replace(/[\\\]^-]/g, '\\$&'))
    .join('')}]`,
  'g',
);

/** Text as LaTeX: the ten special characters escaped, the symbols of tables written for pdfLaTeX. */
export function escapeLatex(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(SPECIAL_RE, (c) => SPECIAL[c]!);
}

/** A cell: numbers keep a true minus sign, stars are raised. */
function cellTex(c: SheetCell): string {
  const num = (t: string) => escapeLatex(t).replace(/(^|[\s([])-(?=\d)/g, '$1$-$');
  return `${num(c.text)}${c.stars ? `$^{${c.stars}}$` : ''}${c.extra ? ` ${num(c.extra)}` : ''}`;
}

/** The table as a LaTeX `table` float: caption, label `tab:<id>`, booktabs rules, notes in a threeparttable. */
export function tableLatex(b: TableBlock | RegressionBlock, label: string): string {
  const sh = sheetOf(b);
  const out = [
    `% ${escapeLatex(`${label}. ${b.title}`)}`,
    '% Written by abate; needs \\usepackage{booktabs,threeparttable}.',
    '\\begin{table}[htbp]',
    '\\centering',
    '\\begin{threeparttable}',
    `\\caption{${escapeLatex(b.title)}}`,
    `\\label{tab:${b.id}}`,
    `\\begin{tabular}{${sh.align.join('')}}`,
    '\\toprule',
  ];
  for (const row of sh.head) {
    const cells = row.map((c) =>
      c.span > 1 ? `\\multicolumn{${c.span}}{c}{${escapeLatex(c.text)}}` : escapeLatex(c.text),
    );
    out.push(`${cells.join(' & ')} \\\\`);
    // a rule under each spanning head, trimmed at its ends
    let col = 1;
    const rules: string[] = [];
    for (const c of row) {
      if (c.span > 1 && c.text !== '') rules.push(`\\cmidrule(lr){${col}-${col + c.span - 1}}`);
      col += c.span;
    }
    if (rules.length) out.push(rules.join(' '));
  }
  out.push('\\midrule');
  for (const r of sh.body) {
    if (r.rule) out.push('\\midrule');
    out.push(`${r.cells.map(cellTex).join(' & ')} \\\\`);
  }
  out.push('\\bottomrule', '\\end{tabular}');
  if (sh.notes.length) {
    out.push('\\begin{tablenotes}[flushleft]', '\\footnotesize');
    for (const note of sh.notes) out.push(`\\item ${escapeLatex(note)}`);
    out.push('\\end{tablenotes}');
  }
  out.push('\\end{threeparttable}', '\\end{table}');
  return `${out.join('\n')}\n`;
}

/** A document that inputs every table, to compile as it is (`pdflatex tables.tex`). */
export function tablesDocument(files: readonly string[], title: string): string {
  return [
    '% Written by abate: every table of the report, one file each; compile with pdflatex.',
    '\\documentclass[11pt]{article}',
    '\\usepackage[T1]{fontenc}',
    '\\usepackage[utf8]{inputenc}',
    '\\usepackage[margin=2cm,landscape]{geometry}',
    '\\usepackage{booktabs,threeparttable}',
    `\\title{${escapeLatex(title)}}`,
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
    ...files.map((f) => `\\input{${f}}`),
    '\\end{document}',
    '',
  ].join('\n');
}
