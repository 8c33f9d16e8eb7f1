// `abate init DIR --template NAME`: a runnable study to start from, copied from the teaching examples: the
// model, its data folder and a README saying what to edit. Data paths in a model are relative to the model
// file, so the folder can be moved as a whole.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: cli/init.ts and the bundle dist/main.js sit one level below. */
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Template {
  /** the example folder copied, relative to the root */
  from: string;
  /** the model file in it */
  model: string;
  /** what the template shows, and what to edit first */
  about: string;
  edit: string;
}

export const TEMPLATES: Record<string, Template> = {
  lp: {
    from: 'examples',
    model: 'lp-allocation.model',
    about: 'a least-cost allocation of an abatement target across regions (a linear programme)',
    edit: 'data/regions.csv (costs, caps, emissions) and `param target` in the model',
  },
  game: {
    from: 'examples/game-savings',
    model: 'savings.model',
    about: 'a cooperative game whose worth is the saving of abating jointly (Shapley value, nucleolus, core)',
    edit: 'data/regions.csv (unit costs, caps, targets); add rows to add players',
  },
  spatial: {
    from: 'examples/spatial-produc',
    model: 'produc.model',
    about: "spatial panel models (SAR, SEM, SDM) with Moran's I on the Produc panel and contiguity weights",
    edit: "data/produc.csv and data/usaww_edges.csv with your panel and weights; the `estimate` blocks' formulas",
  },
  survey: {
    from: 'examples/expert-survey',
    model: 'survey.model',
    about: "an expert survey's item means, standard deviations and coefficients of variation",
    edit: 'data/items.csv (the items) and data/scores.csv (one row per respondent, one column per item)',
  },
};

export class InitError extends Error {}

/** Copy a template into `dir` (created if need be); returns the model file written. Never overwrites a file. */
export function initStudy(dir: string, name: string): string {
  const t = TEMPLATES[name];
  if (!t) throw new InitError(`error: unknown template '${name}': choose one of ${Object.keys(TEMPLATES).join(', ')}`);
  const src = path.join(ROOT, t.from);
  const files = [t.model, ...readdirSync(path.join(src, 'data')).map((f) => `data/${f}`)];
  const taken = [...files, 'README.md'].filter((f) => existsSync(path.join(dir, f)));
  if (taken.length)
    throw new InitError(
      `error: ${dir} already has ${taken.join(', ')}: give an empty or new folder (abate init never overwrites)`,
    );
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  for (const f of files) copyFileSync(path.join(src, f), path.join(dir, f));
  writeFileSync(
    path.join(dir, 'README.md'),
    [
      `# ${t.model.replace(/\.model$/, '')}`,
      '',
      `Started with \`abate init --template ${name}\`: ${t.about}.`,
      '',
      `Edit first: ${t.edit}. Data paths in the model are relative to the model file.`,
      '',
      '```sh',
      `npx abate check ${t.model}       # every error at once, with file:line:col`,
      `npx abate run ${t.model}         # results.json, a CSV per table and report.md / report.html in out/`,
      '```',
      '',
      'The language: spec/language.md of abate.',
      '',
    ].join('\n'),
  );
  return path.join(dir, t.model);
}
