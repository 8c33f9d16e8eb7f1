// The conformance-case convention of spec/conformance/{invalid,run-errors,valid} (documented in
// spec/conformance/README.md): case discovery, the command line of a case, its expected exit status.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.ts';

export const CONFORMANCE = path.join(ROOT, 'spec', 'conformance');

export interface Case {
  /** e.g. '012-unknown-column' */
  name: string;
  /** the model, relative to the repository root (as printed in diagnostics) */
  model: string;
  /** sibling file with the same stem, relative to the root, if it exists */
  sibling: (ext: string) => string | undefined;
  /** the command-line template: words, with {model} {yaml} {out} {dir} placeholders */
  command: string[];
  /** the expected exit status, if the .args file states it */
  exit?: number;
}

/** Every `NNN-name.model` directly in spec/conformance/<kind>/, sorted. */
export function listCases(
  kind: 'invalid' | 'run-errors' | 'valid',
  defaultCommand: (c: Omit<Case, 'command'>) => string,
): Case[] {
  const dir = path.join(CONFORMANCE, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.model$/.test(f))
    .sort()
    .map((f) => {
      const name = f.replace(/\.model$/, '');
      const rel = path.posix.join('spec', 'conformance', kind);
      const sibling = (ext: string) =>
        existsSync(path.join(dir, `${name}${ext}`)) ? `${rel}/${name}${ext}` : undefined;
      const base = { name, model: `${rel}/${f}`, sibling };
      let template = defaultCommand(base);
      let exit: number | undefined;
      const argsFile = sibling('.args');
      if (argsFile) {
        const lines = readFileSync(path.join(ROOT, argsFile), 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#'));
        for (const l of lines) {
          const m = /^exit\s+(\d+)$/.exec(l);
          if (m) exit = Number(m[1]);
          else template = l;
        }
      }
      return { ...base, command: template.split(/\s+/), ...(exit === undefined ? {} : { exit }) };
    });
}

/** The argument vector of a case, with its placeholders filled in. */
export function argv(c: Case, fill: Record<string, string> = {}): string[] {
  const values: Record<string, string | undefined> = {
    model: c.model,
    yaml: c.sibling('.yaml'),
    dir: path.posix.dirname(c.model),
    ...fill,
  };
  return c.command.map((w) =>
    w.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = values[k];
      if (v === undefined) throw new Error(`${c.name}: placeholder {${k}} has no value (missing sibling file?)`);
      return v;
    }),
  );
}

/** A diagnostic header line: `file:line:col: error[E100]: message`. */
export const DIAGNOSTIC_LINE = /^(\S.*?):(\d+):(\d+): (error|warning)\[([A-Z]+\d+|[A-Z]+_[A-Z_]+)\]: (.+)$/;
