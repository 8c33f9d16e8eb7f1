// Every dependency in package.json is used: a runtime dependency is imported by the shipped code (or is the
// tsx loader bin/abate.mjs starts), a development dependency by the tests, scripts, config or CI, or is a tool
// the scripts run. A package nobody imports is a download and an attack surface for nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The text of every source file under these folders (TypeScript and JavaScript), and of these files. */
function sources(dirs: string[], files: string[] = []): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  for (const d of dirs) if (statSync(path.join(ROOT, d), { throwIfNoEntry: false })) walk(path.join(ROOT, d));
  for (const f of files) out.push(readFileSync(path.join(ROOT, f), 'utf8'));
  return out.join('\n');
}

/** Is the package imported (static or dynamic import, any subpath) in the text? */
const imported = (name: string, text: string) =>
  new RegExp(`(from|import\\()\\s*['"]${name.replace(/[/.]/g, '\\$&')}(/[^'"]*)?['"]`).test(text);

const SHIPPED = [
  'cli',
  'grammar',
  'compiler',
  'format',
  'constructs',
  'execute',
  'solvers',
  'report',
  'diagnostics',
  'spec',
  'bin',
  'scripts',
];

describe('dependencies', () => {
  it('every runtime dependency is imported by the shipped code', () => {
    const text = sources(SHIPPED);
    // tsx is the loader bin/abate.mjs registers to run the TypeScript sources
    const unused = Object.keys(pkg.dependencies).filter(
      (d) => !imported(d, text) && !(d === 'tsx' && text.includes("'tsx/esm/api'")),
    );
    expect(unused).toEqual([]);
  });

  it('every development dependency is imported by tests, bench, scripts or config, or run as a tool', () => {
    const text = sources([...SHIPPED, 'test', 'bench'], ['eslint.config.js', 'vitest.config.ts']);
    const scripts = `${Object.values(pkg.scripts).join('\n')}\n${readFileSync(path.join(ROOT, '.ci/run'), 'utf8')}`;
    // a tool is run by its command's name (typescript's is tsc)
    const command: Record<string, string> = { typescript: 'tsc' };
    const tool = (d: string) => new RegExp(`\\b${command[d] ?? d.replace(/^@.*\//, '')}\\b`).test(scripts);
    // type packages are used by the compiler, not imported
    const unused = Object.keys(pkg.devDependencies).filter(
      (d) => !d.startsWith('@types/') && !imported(d, text) && !tool(d),
    );
    expect(unused).toEqual([]);
  });
});
