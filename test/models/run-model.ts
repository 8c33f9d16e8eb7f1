// Compile and run a model file through the same modules the CLI uses, for end-to-end tests.
import { readFileSync } from 'node:fs';
import { parseModel } from '../../grammar/parse.ts';
import { compile } from '../../compiler/compile.ts';
import { runPlan, type RunOutput } from '../../execute/executor.ts';

export async function runModel(file: string, scenario?: string): Promise<RunOutput> {
  const source = readFileSync(file, 'utf8');
  const parsed = parseModel(source, file);
  if (!parsed.model) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const r = compile({ model: parsed.model, source, file }, { scenario });
  if (!r.plan) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return runPlan(JSON.parse(JSON.stringify(r.plan)));
}

/** A result's values keyed by their index joined with '|'. */
export function valuesOf(out: RunOutput, name: string): Map<string, unknown> {
  const r = out.results[name];
  if (!r) throw new Error(`no result ${name}`);
  return new Map(r.values.map((v) => [v.key.join('|'), v.value]));
}

export function scalar(out: RunOutput, name: string): number {
  return valuesOf(out, name).get('') as number;
}
