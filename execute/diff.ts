// `abate diff RUN_A RUN_B`: which inputs (model source, scenario, parameters) and which results changed between
// two runs, matched by scenario, in the spirit of `dvc params diff`. Reads only the two results.json files.

export interface RunFile {
  model: { file: string; sha256: string };
  runs: Array<{
    scenario: { name: string; overrides: Array<{ target: string; value: string; source: string }> };
    inputs?: Record<string, Array<{ key: string[]; value: unknown }>>;
    results: Record<string, { unit?: string; values: Array<{ key: string[]; value: unknown }> }>;
  }>;
}

export interface DiffRow {
  scenario: string;
  kind: 'model' | 'input' | 'result';
  name: string;
  a: string;
  b: string;
  change: string;
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'number' ? String(+v.toPrecision(8)) : String(v));

function flat(
  rec:
    | Record<string, { values: Array<{ key: string[]; value: unknown }> } | Array<{ key: string[]; value: unknown }>>
    | undefined,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, v] of Object.entries(rec ?? {})) {
    const values = Array.isArray(v) ? v : v.values;
    for (const x of values) out.set(x.key.length ? `${name}[${x.key.join(', ')}]` : name, x.value);
  }
  return out;
}

/** Rows for every difference; numbers equal to 1e-12 relative count as unchanged. */
export function diffRuns(a: RunFile, b: RunFile): DiffRow[] {
  const rows: DiffRow[] = [];
  if (a.model.sha256 !== b.model.sha256 || a.model.file !== b.model.file) {
    rows.push({
      scenario: '',
      kind: 'model',
      name: 'model source',
      a: `${a.model.file} ${a.model.sha256.slice(0, 12)}`,
      b: `${b.model.file} ${b.model.sha256.slice(0, 12)}`,
      change: 'changed',
    });
  }
  const byName = new Map(b.runs.map((r) => [r.scenario.name, r]));
  const pairs =
    a.runs.length === 1 && b.runs.length === 1
      ? [[a.runs[0]!, b.runs[0]!] as const]
      : a.runs.filter((r) => byName.has(r.scenario.name)).map((r) => [r, byName.get(r.scenario.name)!] as const);
  const single = a.runs.length === 1 && b.runs.length === 1; // two single runs are compared whatever their scenarios
  for (const r of a.runs)
    if (!single && !byName.has(r.scenario.name))
      rows.push({
        scenario: r.scenario.name,
        kind: 'model',
        name: 'scenario',
        a: 'present',
        b: '—',
        change: 'only in A',
      });
  for (const r of b.runs)
    if (!single && !a.runs.some((x) => x.scenario.name === r.scenario.name))
      rows.push({
        scenario: r.scenario.name,
        kind: 'model',
        name: 'scenario',
        a: '—',
        b: 'present',
        change: 'only in B',
      });
  for (const [ra, rb] of pairs) {
    const label =
      ra.scenario.name === rb.scenario.name ? ra.scenario.name : `${ra.scenario.name} → ${rb.scenario.name}`;
    for (const [kind, fa, fb] of [
      ['input', flat(ra.inputs), flat(rb.inputs)],
      ['result', flat(ra.results), flat(rb.results)],
    ] as const) {
      for (const k of new Set([...fa.keys(), ...fb.keys()])) {
        const x = fa.get(k),
          y = fb.get(k);
        if (typeof x === 'number' && typeof y === 'number') {
          if (x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y))) continue;
          const rel = x !== 0 ? ` (${y > x ? '+' : ''}${(((y - x) / Math.abs(x)) * 100).toPrecision(3)} %)` : '';
          rows.push({ scenario: label, kind, name: k, a: show(x), b: show(y), change: `${show(y - x)}${rel}` });
        } else if (show(x) !== show(y))
          rows.push({
            scenario: label,
            kind,
            name: k,
            a: show(x),
            b: show(y),
            change: x === undefined ? 'added' : y === undefined ? 'removed' : 'changed',
          });
      }
    }
  }
  return rows;
}

export function formatDiff(rows: DiffRow[]): string {
  if (!rows.length) return 'no differences in inputs or results';
  const head = ['scenario', 'kind', 'name', 'A', 'B', 'change'];
  const cells = rows.map((r) => [r.scenario, r.kind, r.name, r.a, r.b, r.change]);
  const w = head.map((h, i) => Math.min(48, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]) =>
    c
      .map((x, i) => (x.length > w[i]! ? `${x.slice(0, w[i]! - 1)}…` : x.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...cells.map(line)].join('\n');
}
