// The `game` construct: tabulate v(S) for every coalition by evaluating the model's value(S) expression
// (each problem solved at most once per coalition), then Shapley (exact, or seeded sampling above 20
// players), core membership, convexity, superadditivity, the nucleolus, and the coalition table.
import type { Step } from '../../spec/plan.ts';
import { SolverError } from '../../execute/errors.ts';
import { makeIndexed, type Env, type Indexed, type ResultTable } from '../../execute/env.ts';
import type { Evaluator } from '../../execute/evaluate.ts';
import type { SetValue } from '../../execute/values.ts';
import {
  coalitionTable,
  coreCheck,
  isConvex,
  isSuperadditive,
  shapleyExact,
  shapleySampled,
} from '../../solvers/games.ts';
import { coalitionValues } from '../../execute/coalition-value.ts';
import { nucleolus } from '../../solvers/nucleolus.ts';

type ConstructStep = Extract<Step, { kind: 'construct' }>;
const EXACT_LIMIT = 20;

export async function runGame(env: Env, ev: Evaluator, step: ConstructStep): Promise<void> {
  const props = step.props;
  const overName = (props['over'] as { expr: { op: 'set'; name: string } }).expr.name;
  const players = env.sets.get(overName)!;
  const n = players.members.length;
  const valueProp = props['value'] as { expr: import('../../spec/plan.ts').PExpr; params: string[] };
  const sParam = valueProp.params[0]!;
  const str = (k: string, d: string) =>
    ((props[k] as { expr?: { op: string; v?: unknown } } | undefined)?.expr?.v as string | undefined) ?? d;
  const numProp = (k: string, d: number) => {
    const p = props[k] as { expr?: import('../../spec/plan.ts').PExpr } | undefined;
    return p?.expr ? ev.num(p.expr, new Map(), `${step.name}.${k}`) : d;
  };
  const solutions = (props['solutions'] as { list?: Array<{ name: string }> } | undefined)?.list?.map(
    (x) => x.name,
  ) ?? ['shapley', 'core'];
  const method = str('method', 'auto');
  const useExact = method === 'exact' || (method === 'auto' && n <= EXACT_LIMIT);
  if (useExact && n > 25)
    throw new SolverError('R430', `game '${step.name}': exact enumeration of 2^${n} coalitions is too large`, {
      hint: 'use method = sampled',
    });

  const worth = coalitionValues(ev, valueProp.expr, sParam, players, step.name);
  const valueOf = worth.valueOf;
  const outs = new Map<string, Indexed>();
  const one = (v: number | boolean) => makeIndexed([], [v]);
  const tableRows: ResultTable['rows'] = players.members.map((m) => ({ player: m }));
  const columns: ResultTable['columns'] = [{ key: 'player', label: overName }];
  let v: Float64Array | undefined;
  // every coalition's worth: for exact Shapley, and for the core and the nucleolus even when Shapley is sampled
  if (useExact || ((solutions.includes('nucleolus') || solutions.includes('core')) && n <= EXACT_LIMIT))
    v = worth.tabulate();
  const grand = v ? v[(1 << n) - 1]! : valueOf(n >= 31 ? -1 : (1 << n) - 1);
  outs.set('worth', one(grand));
  let shap: Float64Array | undefined;
  if (solutions.includes('shapley') || solutions.includes('core')) {
    if (useExact) shap = shapleyExact(v!, n);
    else {
      const samples = numProp('samples', 20000),
        seed = numProp('seed', 1);
      const r = shapleySampled(v ? (mask: number) => v![mask]! : valueOf, n, { samples, seed });
      shap = Float64Array.from(r.phi);
      players.members.forEach((_, i) => {
        tableRows[i]!['shapley_se'] = r.se[i]!;
      });
      env.warnings.push(
        `game ${step.name}: Shapley value estimated from ${samples} sampled permutations (seed ${seed}); standard errors in the table`,
      );
    }
    outs.set('shapley', makeIndexed([players], Array.from(shap)));
    columns.push({ key: 'shapley', label: 'Shapley value' });
    if (!useExact) columns.push({ key: 'shapley_se', label: 'Shapley s.e.' });
    players.members.forEach((_, i) => {
      tableRows[i]!['shapley'] = shap![i]!;
    });
  }
  const facts: ResultTable['rows'] = [{ property: 'worth of the grand coalition', value: grand }];
  if (v) {
    const cx = isConvex(v, n);
    outs.set('convex', one(cx.ok));
    facts.push({
      property: 'convex (supermodular)',
      value: cx.ok
        ? 'yes'
        : `no (${players.members[cx.witness!.i]}'s marginal contribution falls when ${players.members[cx.witness!.j]} joins)`,
    });
    // The superadditivity check is O(3^n): affordable up to 14 players.
    if (n <= 14) {
      const sa = isSuperadditive(v, n);
      outs.set('superadditive', one(sa.ok));
      facts.push({
        property: 'superadditive',
        value: sa.ok
          ? 'yes'
          : `no ({${membersOf(sa.witness!.s, players)}} and {${membersOf(sa.witness!.t, players)}} lose ${(-sa.witness!.gap).toPrecision(4)} by joining)`,
      });
    }
    if (shap && solutions.includes('core')) {
      const cc = coreCheck(v, n, shap);
      outs.set('in_core', one(cc.inCore));
      facts.push({
        property: 'Shapley value in the core',
        value: cc.inCore
          ? 'yes'
          : `no (coalition {${membersOf(cc.worstCoalition, players)}} gets ${cc.excess.toPrecision(4)} less than its worth)`,
      });
    }
    if (solutions.includes('nucleolus')) {
      const nu = await nucleolus(v, n);
      const kv = nu.verification!;
      facts.push({
        property: "nucleolus verified (Kohlberg's criterion)",
        value: `yes (${kv.levels} excess level${kv.levels === 1 ? '' : 's'}, ${kv.coalitions} coalitions; ${nu.lpCount} LPs over ${nu.rows} of ${2 ** n - 2} coalitions)`,
      });
      outs.set('nucleolus', makeIndexed([players], Array.from(nu.x)));
      columns.push({ key: 'nucleolus', label: 'Nucleolus' });
      players.members.forEach((_, i) => {
        tableRows[i]!['nucleolus'] = nu.x[i]!;
      });
    }
    const focusP = props['focus'] as { expr?: import('../../spec/plan.ts').PExpr } | undefined;
    if (focusP?.expr) {
      const f = String(ev.eval(focusP.expr, new Map()));
      const i = players.members.indexOf(f);
      if (i < 0)
        throw new SolverError('R431', `focus '${f}' is not a member of '${overName}'`, {
          hint: `members: ${players.members.join(', ')}`,
        });
      const ct = coalitionTable(v, n, i);
      env.tables.push({
        name: `${step.name}_coalitions`,
        title: `Coalitions containing ${f}, by size`,
        columns: [
          { key: 'size', label: 'Size' },
          { key: 'coalition', label: 'Coalition' },
          { key: 'value', label: 'Worth v(S)' },
          { key: 'marginal', label: `Marginal contribution of ${f}` },
        ],
        rows: ct.groups.flatMap((g) =>
          Array.from(g.masks, (mask, k) => ({
            size: g.size,
            coalition: membersOf(mask, players),
            value: g.value[k]!,
            marginal: g.marginal[k]!,
          })),
        ),
      });
    }
  } else if (solutions.includes('nucleolus') || solutions.includes('core')) {
    env.warnings.push(
      `game ${step.name}: the core check and the nucleolus need every coalition's worth, which is not tabulated above ${EXACT_LIMIT} players; skipped for ${n}`,
    );
  }
  env.outputs.set(step.name, outs);
  env.tables.push({ name: step.name, title: step.title ?? `Game ${step.name}: allocations`, columns, rows: tableRows });
  env.tables.push({
    name: `${step.name}_properties`,
    title: `Game ${step.name}: properties`,
    columns: [
      { key: 'property', label: 'Property' },
      { key: 'value', label: 'Value' },
    ],
    rows: facts,
  });
}

function membersOf(mask: number, players: SetValue): string {
  return players.members.filter((_, i) => mask & (1 << i)).join(', ');
}
