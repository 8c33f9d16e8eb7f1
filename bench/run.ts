// `npm run bench`: every benchmark in bench/*.bench.ts, one table each. Benchmarks that compare with a peer
// (R's splm / SDPDmod, glpsol) time it in the same run and report ratios; a missing peer is reported as missing.
// Timings never go in tests.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const f of readdirSync(here)
  .filter((x) => x.endsWith('.bench.ts'))
  .sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as {
    run?: () => Promise<Array<Record<string, unknown>>>;
  };
  if (!mod.run) continue;
  process.stdout.write(`\n## ${f}\n`);
  const rows = await mod.run();
  if (!rows.length) {
    process.stdout.write('(no rows)\n');
    continue;
  }
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? '');
  process.stdout.write(`| ${cols.join(' | ')} |\n| ${cols.map(() => '---').join(' | ')} |\n`);
  for (const r of rows) process.stdout.write(`| ${cols.map((c) => cell(r[c])).join(' | ')} |\n`);
}
