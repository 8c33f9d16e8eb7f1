// The code tables of spec/diagnostics.md, generated from the diagnostics table (test/conformance.test.ts checks
// the committed file matches, and UPDATE_GOLDEN=1 rewrites it).
import { CODES, type Code } from './table.ts';

const SECTIONS: Array<{ heading: string; codes: RegExp; note?: string }> = [
  { heading: 'Syntax (grammar/)', codes: /^S/ },
  { heading: 'Names, types and structure (compiler/)', codes: /^(E1|W2)/ },
  { heading: 'Overrides (compiler/scenarios.ts, the command line)', codes: /^Y/ },
  { heading: 'Data (execute/data.ts, survey files)', codes: /^D/ },
  { heading: 'Execution (execute/, the construct runners)', codes: /^R4/ },
  {
    heading: 'Spatial solvers (solvers/spatial/)',
    codes: /^R5/,
    note: 'R500–R529 weights, R530–R539 panel layout, R540–R549 static fits, R550–R559 random effects and the Hausman test, R560–R579 dynamic fits, R580–R589 effects and LM / Wald tests, R590–R599 Moran.',
  },
  {
    heading: 'Cooperative games, allocation and MAC fits (solvers/)',
    codes: /^R6/,
    note: 'R600–R619 games, R620–R639 least-cost allocation, R640–R659 MAC and cost fits.',
  },
  {
    heading: 'Screening (solvers/)',
    codes: /^R7/,
    note: 'R700–R709 k-means, R710–R719 silhouette, R720–R729 Kruskal–Wallis, R730–R739 descriptive statistics, R740–R749 screening by score.',
  },
  { heading: 'Report (report/)', codes: /^R8/ },
  { heading: 'Numerical kernels (solvers/spatial/)', codes: /^R9/ },
  {
    heading: 'Run-time warnings',
    codes: /^W5/,
    note: "W500–W539 the solvers', W540–W559 the executor's and the construct runners'. A run keeps them in results.json and the report as `declaration: W500: message`.",
  },
];

export function codeTablesMarkdown(): string {
  const codes = Object.keys(CODES) as Code[];
  const out: string[] = [];
  for (const s of SECTIONS) {
    const rows = codes.filter((c) => s.codes.test(c));
    out.push(`### ${s.heading}`, '');
    if (s.note) out.push(s.note, '');
    out.push('| code | meaning |', '|---|---|');
    for (const c of rows) {
      const r = CODES[c];
      out.push(`| ${c} | ${r.title}${r.severity === 'warning' ? ' (warning)' : ''} |`);
    }
    out.push('');
  }
  const listed = new Set(codes.filter((c) => SECTIONS.some((s) => s.codes.test(c))));
  const orphans = codes.filter((c) => !listed.has(c));
  if (orphans.length) throw new Error(`diagnostics doc: no section for ${orphans.join(', ')}`);
  return out.join('\n');
}
