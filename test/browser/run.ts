// Browser check of report.html in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM).
//
//   npx tsx test/browser/run.ts [--out DIR]
//
// Renders the sample report (every block kind and chart type) into DIR (default: a fresh temp dir), opens
// report.html with --dump-dom and checks the DOM after scripts ran: every chart figure holds one <svg> with its
// marks, the sort script ran under the page's Content-Security-Policy, and Chromium logged no console message
// at all (errors, CSP refusals and blocked loads all arrive as console messages). A copy of the page with a
// test script clicks a table header to check sorting. Writes report.png (1200 px wide) and report-narrow.png
// (420 px) to look at. Then runs every model under models/ and examples/ (all scenarios) and checks each
// report the same way (every chart's <svg> with its marks, no console messages), with a screenshot.
// Exits 1 on any failed check, 2 when Chromium is missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chartBlocks, type ReportDoc, type TableBlock } from '../../report/doc.ts';
import { writeReport } from '../../report/write.ts';
import { sampleDoc } from '../report/sample.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

function runChromium(args: string[]): { stdout: string; console: string[] } {
  const profile = mkdtempSync(join(tmpdir(), 'abate-chromium-'));
  try {
    const r = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND', // nothing may be fetched; CSP should already stop it
        `--user-data-dir=${profile}`,
        '--enable-logging=stderr',
        '--v=0',
        ...args,
      ],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 },
    );
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr.slice(-2000)}`);
    const consoleLines = r.stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
    return { stdout: r.stdout, console: consoleLines };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The element with id="block-<id>" up to its closing </figure> (figures do not nest). */
function figureHtml(dom: string, id: string): string | null {
  const at = dom.indexOf(`id="block-${id}"`);
  if (at < 0) return null;
  return dom.slice(dom.lastIndexOf('<figure', at), dom.indexOf('</figure>', at));
}

/** Number of item elements in the vega mark groups named `name` (e.g. 'bars_marks'). */
function markItems(svg: string, name: string): number {
  let n = 0;
  const re = new RegExp(`<g class="mark-\\w+ role-mark ${name}"[^>]*>`, 'g');
  for (const m of svg.matchAll(re)) {
    const body = svg.slice((m.index as number) + m[0].length, svg.indexOf('</g>', m.index as number));
    n += (body.match(/<(path|line|text|rect|circle)\b/g) ?? []).length;
  }
  return n;
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM)`);
    process.exit(2);
  }
  const outArg = process.argv.indexOf('--out');
  const outDir = outArg > 0 ? process.argv[outArg + 1] : undefined;
  if (outArg > 0 && outDir === undefined) {
    console.error('--out needs a directory: npx tsx test/browser/run.ts [--out DIR]');
    process.exit(2);
  }
  const out = outDir !== undefined ? resolve(outDir) : mkdtempSync(join(tmpdir(), 'abate-report-browser-'));
  const doc = sampleDoc();
  await writeReport(doc, out);
  const page = join(out, 'report.html');
  console.log(`report: ${page}`);

  // 1. The page as Chromium sees it after its script ran.
  const dom = checkPage(doc, page, 'sample');
  check(/<div class="synthetic-banner"[^>]*>/.test(dom), 'synthetic banner present');
  const table = doc.sections[1]!.blocks[0] as TableBlock;
  check(
    (dom.match(/<tr data-i="\d+">/g) ?? []).length === table.rows.length,
    'sort script ran under the CSP (rows indexed)',
  );
  sortCheck(out, page, table);
  screenshots(out, page, 'report');

  // 4. Every study and example, as `abate run --all-scenarios` writes it.
  for (const model of studyModels()) {
    const dir = join(out, 'studies', model.replace(/[^A-Za-z0-9]+/g, '_'));
    const r = spawnSync(process.execPath, ['bin/abate.mjs', 'run', model, '--all-scenarios', '--quiet', '--out', dir], {
      encoding: 'utf8',
    });
    check(r.status === 0, `abate run ${model}${r.status ? `: ${r.stderr.slice(-500)}` : ''}`);
    if (r.status !== 0) continue;
    const studyDoc = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { report: ReportDoc }).report;
    checkPage(studyDoc, join(dir, 'report.html'), model);
    screenshots(dir, join(dir, 'report.html'), 'report', [[1200, 6000]]);
  }

  if (failures.length > 0) {
    console.error(`\n${failures.length} browser check(s) failed`);
    process.exit(1);
  }
  console.log('\nall browser checks passed');
}

function studyModels(): string[] {
  const found: string[] = [];
  for (const root of ['models', 'examples']) {
    if (!existsSync(root)) continue;
    for (const e of readdirSync(root)) {
      const p = join(root, e);
      if (e.endsWith('.model')) found.push(p);
      else if (statSync(p).isDirectory())
        for (const f of readdirSync(p)) if (f.endsWith('.model')) found.push(join(p, f));
    }
  }
  return found.sort();
}

/** Open a report in Chromium: no console messages, and every chart figure has one <svg> with its marks. */
function checkPage(doc: ReportDoc, page: string, label: string): string {
  const { stdout: dom, console: messages } = runChromium(['--dump-dom', pathToFileURL(page).href]);
  check(
    messages.length === 0,
    `${label}: no console messages${messages.length ? ':\n  ' + messages.join('\n  ') : ''}`,
  );
  for (const b of chartBlocks(doc)) {
    const fig = figureHtml(dom, b.id);
    if (fig === null) {
      check(false, `figure ${b.id} present`);
      continue;
    }
    check((fig.match(/<svg\b/g) ?? []).length === 1, `${b.id}: exactly one <svg>`);
    const c = b.chart;
    switch (c.type) {
      case 'line': {
        const series = new Set(c.data.map((r) => r[c.series as string])).size;
        check(markItems(fig, 'lines_marks') === series, `${b.id}: ${series} lines drawn`);
        check(
          markItems(fig, 'marks_marks') === (c.marks ?? []).length,
          `${b.id}: ${(c.marks ?? []).length} marks drawn`,
        );
        break;
      }
      case 'bar':
        check(markItems(fig, 'bars_marks') === c.data.length, `${b.id}: ${c.data.length} bars drawn`);
        break;
      case 'dot':
        check(markItems(fig, 'dots_marks') === c.data.length, `${b.id}: ${c.data.length} dots drawn`);
        break;
      case 'coef':
        check(markItems(fig, 'estimates_marks') === c.data.length, `${b.id}: ${c.data.length} estimates drawn`);
        check(markItems(fig, 'intervals_marks') === c.data.length, `${b.id}: ${c.data.length} intervals drawn`);
        break;
      case 'timeseries':
        check(markItems(fig, 'points_marks') === c.data.length, `${b.id}: ${c.data.length} points drawn`);
        break;
      case 'graph':
        check(
          (fig.match(/<g class="node"/g) ?? []).length === c.nodes.length,
          `${b.id}: ${c.nodes.length} nodes drawn`,
        );
        check(
          (fig.match(/<path class="edge"/g) ?? []).length === c.edges.length,
          `${b.id}: ${c.edges.length} edges drawn`,
        );
        break;
    }
  }
  return dom;
}

function sortCheck(out: string, page: string, table: TableBlock): void {
  // 2. Sorting: a copy of the page with a test script (its hash added to the CSP) clicks a header.
  const probe = `(function () {
  var t = document.querySelector('table.sortable');
  var th = t.tHead.rows[0].cells[1];
  var names = function () { return [].map.call(t.tBodies[0].rows, function (r) { return r.cells[0].textContent; }).join('|'); };
  th.click();
  document.body.setAttribute('data-asc', names());
  th.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
  document.body.setAttribute('data-desc', names());
  document.body.setAttribute('data-aria', th.getAttribute('aria-sort'));
})();`;
  const hash = createHash('sha256').update(probe, 'utf8').digest('base64');
  const html = readFileSync(page, 'utf8')
    .replace(/script-src ('sha256-[^']+')/, `script-src $1 'sha256-${hash}'`)
    .replace('</body>', `<script>${probe}</script>\n</body>`);
  const probePage = join(out, 'sort-check.html');
  writeFileSync(probePage, html);
  const sorted = runChromium(['--dump-dom', pathToFileURL(probePage).href]);
  rmSync(probePage);
  const attr = (k: string) => new RegExp(`<body[^>]* ${k}="([^"]*)"`).exec(sorted.stdout)?.[1] ?? '';
  const asc = [...table.rows].sort((a, b) => (a.q as number) - (b.q as number)).map((r) => r.region as string);
  check(attr('data-asc') === asc.join('|'), `click sorts ascending by value: ${attr('data-asc')}`);
  check(attr('data-desc') === [...asc].reverse().join('|'), `Enter on the header reverses: ${attr('data-desc')}`);
  check(attr('data-aria') === 'descending', 'aria-sort reflects the order');
  check(
    sorted.console.length === 0,
    `no console messages in the sort check${sorted.console.length ? ':\n  ' + sorted.console.join('\n  ') : ''}`,
  );
}

/** Screenshots to look at. */
function screenshots(
  out: string,
  page: string,
  name: string,
  sizes: Array<[number, number]> = [
    [1200, 4300],
    [420, 7000],
  ],
): void {
  for (const [width, height] of sizes) {
    const png = join(out, `${name}${width < 600 ? '-narrow' : ''}.png`);
    runChromium([
      `--screenshot=${png}`,
      `--window-size=${width},${height}`,
      '--hide-scrollbars',
      pathToFileURL(page).href,
    ]);
    const ok = existsSync(png) && statSync(png).size > 20_000;
    check(ok && pngSize(png)[0] === width, `screenshot ${png}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
