// Execution codes (R4xx): the executor, the expression evaluator, the problem builder and the construct
// runners. A failure is located by the executor at the declaration that was running (or, for a problem, at
// the problem), which also puts the declaration in front of the message.
import { cases, defineCodes, listed } from '../define.ts';

/** A problem being solved, and for a coalition game the coalition. */
export interface ProblemRef {
  problem: string;
  coalition?: readonly string[] | undefined;
}

/** `problem 'p'` or `problem 'p' for coalition {a, b}`. */
export const problemRef = (p: ProblemRef): string =>
  `problem '${p.problem}'${p.coalition ? ` for coalition {${p.coalition.join(', ')}}` : ''}`;

/** `step 'name'`: how the executor names the declaration that was running. */
export const declRef = (kind: string, name: string): string => `${kind} '${name}'`;

export const EXECUTE = defineCodes('execute', {
  R400: {
    title: 'internal inconsistency in a plan (a bug: please report)',
    format: cases({
      unboundIterator: (p: { name: string }) => `internal: unbound iterator '${p.name}'`,
      setNotEvaluated: (p: { name: string }) => `internal: set '${p.name}' not evaluated`,
      unknownSet: (p: { name: string }) => `internal: set '${p.name}' unknown`,
      usedBeforeComputed: (p: { name: string }) => `internal: '${p.name}' used before it was computed`,
      variableOutsideProblem: (p: { name: string }) => `internal: variable '${p.name}' outside its problem`,
      unknownFunction: (p: { fn: string }) => `internal: unknown function ${p.fn}`,
      unknownConstruct: (p: { construct: string }) => `this runtime cannot execute '${p.construct}'`,
      unknownWeightsMethod: (p: { method: string }) => `unknown method ${p.method}`,
      /** the plan's properties of a construct do not have the shape its runner reads */
      propShape: (p: { detail: string }) => ({
        message: p.detail,
        hint: 'the plan does not match this version of abate: compile it again',
      }),
    }),
  },
  R401: {
    title: 'a member that is not in the set (data, an override, a coalition)',
    format: cases({
      index: (p: { what: string; member: string; set: string; members: readonly string[] }) => ({
        message: `${p.what}: '${p.member}' is not a member of '${p.set}'`,
        hint: `members: ${listed(p.members, 12)}`,
      }),
      override: (p: { param: string; source: string; member: string; set: string; members: readonly string[] }) => ({
        message: `override of ${p.param} (${p.source}): '${p.member}' is not a member of '${p.set}'`,
        hint: `members: ${p.members.join(', ')}`,
      }),
      variable: (p: { variable: string; member: string; set: string; coalition?: boolean }) =>
        `variable ${p.variable}: '${p.member}' is not in '${p.set}'${p.coalition ? ' (outside the coalition?)' : ''}`,
      coalitionMember: (p: { member: string; set: string }) => `coalition member '${p.member}' is not in '${p.set}'`,
      baseYear: (p: { base: string; first: string; last: string }) =>
        `base year ${p.base} is not among the years (${p.first}..${p.last})`,
      surveyItem: (p: { item: string; survey: string }) => `item '${p.item}' is not in survey '${p.survey}'`,
    }),
  },
  R402: {
    title: 'a value of the wrong kind at run time (NaN, a set where a number is needed)',
    format: cases({
      notANumber: (p: { what: string; got: string }) => `${p.what} is not a number (got ${p.got})`,
      nan: (p: { name: string; index: readonly string[] }) => ({
        message: `${p.name}${p.index.length ? `[${p.index.join(', ')}]` : ''} is not a number (NaN)`,
        hint: 'a division by zero or a log of a negative value upstream?',
      }),
      expected: (p: { expected: 'a set' | 'a curve'; got: string; in?: string }) =>
        `${p.in ? `${p.in}: ` : ''}expected ${p.expected}, got ${p.got}`,
      argument: (p: { fn: string; position?: number; expected: 'a number' | 'a set' }) =>
        `${p.fn}: argument${p.position === undefined ? '' : ` ${p.position}`} must be ${p.expected}`,
      inProblem: (p: { got: string }) => `expected a number in a problem, got ${p.got}`,
      curveArgument: (p: { got: string }) => `a curve takes a number, got ${p.got}`,
      aggregate: (p: { fn: string }) => `${p.fn} over a non-number`,
      operator: (p: { op: string; left: string; right: string }) =>
        `cannot apply '${p.op}' to ${p.left} and ${p.right}`,
      index: (p: { got: string }) => `an index must be a set member, got ${p.got}`,
      years: () => 'years must be a set of at least two years',
      units: () => 'units must be a set',
      scale: () => 'scale must be a range such as 1..7',
      answers: (p: { item: string; n: number }) => `item '${p.item}' has ${p.n} valid answer(s); at least 2 are needed`,
    }),
  },
  R403: {
    title: 'a data source has no row for a key',
    format: (p: { file: string; key: Array<[string, string]>; column: string }) => ({
      message: `${p.file} has no row with ${p.key.map(([k, v]) => `${k} = ${v}`).join(', ')} (reading column '${p.column}')`,
      hint: 'add the row to the data file, or restrict the set you iterate over',
    }),
  },
  R404: {
    title: 'a solution or construct output that was not computed',
    format: cases({
      problemMember: (p: { problem: string; dual: boolean; name: string }) =>
        `problem '${p.problem}' has no ${p.dual ? 'dual for' : 'variable'} '${p.name}'${p.dual ? ' (duals exist for linear programs only)' : ''}`,
      field: (p: { name: string; field: string }) =>
        `'${p.name}.${p.field}' was not computed (is it among the solutions asked for?)`,
      survey: (p: { survey: string }) => `survey '${p.survey}' was not read`,
      panel: (p: { name: string }) => `'${p.name}' is not a panel`,
      weights: (p: { name: string }) => `'${p.name}' is not a weight matrix declared before it`,
      data: (p: { name: string }) => `'${p.name}' is not a data source`,
      column: (p: { data: string; column: string }) => `data '${p.data}' has no column '${p.column}'`,
      estimate: (p: { name: string }) => `estimate '${p.name}' was not run`,
      source: (p: { name: string }) => `'${p.name}' was not run before the table of estimates that lists it`,
    }),
  },
  R405: {
    title: 'a non-linear use of decision variables discovered at run time',
    format: cases({
      curve: (p: { coefficient: boolean }) =>
        `a curve can only be applied to a single decision variable${p.coefficient ? ' without a coefficient' : ''}`,
      product: () => 'product of two decision-variable expressions is not linear',
      operator: (p: { op: string }) => `'${p.op}' with decision variables is not linear`,
    }),
  },
  R406: {
    title: '`max`/`min` over an empty set',
    format: (p: { fn: string }) => ({ message: `${p.fn}(...) over an empty set`, hint: 'check the filter or the set' }),
  },
  R410: {
    title: 'a coalition problem solved without its coalition',
    format: (p: { problem: string }) => `problem '${p.problem}' needs a coalition`,
  },
  R411: {
    title: "a variable's lower bound above its upper bound",
    format: (p: { variable: string; index: readonly string[]; lo: number; hi: number }) => ({
      message: `variable ${p.variable}[${p.index.join(', ')}] has lower bound ${p.lo} above upper bound ${p.hi}`,
      hint: 'check the data or overrides behind the two bounds',
    }),
  },
  R412: {
    title: 'a constraint without variables that is false',
    format: (p: { constraint: string }) => ({
      message: `constraint ${p.constraint} is false whatever the decision variables are`,
      hint: 'it involves no decision variable; check the data',
    }),
  },
  R420: {
    title: 'infeasible problem',
    format: (p: ProblemRef & { variables: readonly string[]; constraints: readonly string[] }) => ({
      message: `${problemRef(p)} is infeasible: no values of ${p.variables.join(', ')} satisfy the constraints ${p.constraints.join(', ')} and the bounds together`,
      hint: 'relax a bound or a target; check the data for inconsistent caps',
    }),
  },
  R421: {
    title: 'unbounded problem',
    format: (p: ProblemRef & { sense: 'minimize' | 'maximize' }) => ({
      message: `${problemRef(p)} is unbounded: the objective can ${p.sense === 'minimize' ? 'decrease' : 'increase'} without limit`,
      hint: 'add bounds to the variables or a constraint that limits them',
    }),
  },
  R422: {
    title: 'the solver stopped without an optimal solution',
    format: (p: ProblemRef & { status: number }) =>
      `${problemRef(p)}: the solver stopped without an optimal solution (GLPK status ${p.status})`,
  },
  R423: {
    title: 'a separable problem outside what the exact solver handles',
    format: cases({
      maximise: (p: ProblemRef) => `${problemRef(p)}: a separable convex objective must be minimised`,
      rows: (p: ProblemRef & { rows: number }) =>
        `${problemRef(p)}: the separable convex solver needs exactly one linear constraint, found ${p.rows}`,
      twoCurves: (p: ProblemRef & { variable: string }) =>
        `${problemRef(p)}: variable ${p.variable} appears in two curve terms`,
      coefficient: (p: ProblemRef) => `${problemRef(p)}: a curve term must have coefficient 1`,
      linearCost: (p: ProblemRef & { variable: string }) =>
        `${problemRef(p)}: a linear cost on ${p.variable} can only be added to a polynomial curve`,
      equality: (p: ProblemRef) =>
        `${problemRef(p)}: the separable solver needs a one-sided constraint (>= or <=); an equality target becomes >= when costs increase`,
      weight: (p: ProblemRef & { variable: string; weight: number }) => ({
        message: `${problemRef(p)}: every variable must enter the target constraint with a positive weight (${p.variable} has ${p.weight})`,
        hint: 'for example a negative or zero base emission E0',
      }),
      bounds: (p: ProblemRef & { variable: string }) =>
        `${problemRef(p)}: ${p.variable} needs finite bounds for the separable solver`,
    }),
  },
  R426: {
    title: "a screening k that the group's size does not allow",
    format: cases({
      fixed: (p: { k: number; group: string; items: number }) =>
        `k = ${p.k} is not possible for group '${p.group}' with ${p.items} items`,
      range: (p: { group: string; items: number; kMin: number; kMax: number }) =>
        `group '${p.group}' has ${p.items} items, so k_min = ${p.kMin} > k_max = ${p.kMax}`,
    }),
  },
  R430: {
    title: 'a game too large for exact enumeration',
    format: (p: { players: number }) => ({
      message: `exact enumeration of 2^${p.players} coalitions is too large`,
      hint: 'use method = sampled',
    }),
  },
  R431: {
    title: "a game's focus player is not a member",
    format: (p: { focus: string; set: string; members: readonly string[] }) => ({
      message: `focus '${p.focus}' is not a member of '${p.set}'`,
      hint: `members: ${p.members.join(', ')}`,
    }),
  },
  R440: {
    title: "a panel's data not keyed by (unit, time)",
    format: (p: { data: string; unit: string; time: string; key: readonly string[] }) => ({
      message: `data '${p.data}' must be keyed by (${p.unit}, ${p.time}) in that order, it is keyed by (${p.key.join(', ')})`,
      hint: `declare it as: data ${p.data} from "..." key (${p.unit}, ${p.time}) { ... }`,
    }),
  },
  R441: {
    title: 'a panel variable that is not finite at some unit and period',
    format: (p: { what: string; value: number; unit: string; period: string; data: string }) => ({
      message: `${p.what} is ${p.value} at unit '${p.unit}', period ${p.period} (data '${p.data}')`,
      hint: 'a log of a non-positive value, or a missing value upstream?',
    }),
  },
  R442: {
    title: 'a weight method that needs coordinates, given none',
    format: (p: { method: string }) => `${p.method} needs coordinates: lon(u) and lat(u), or x(u) and y(u)`,
  },
  R443: {
    title: 'a Durbin term that is not in the formula',
    format: (p: { term: string; terms: readonly string[] }) =>
      `durbin term '${p.term}' is not a term of the formula (${p.terms.join(', ')})`,
  },
  R444: {
    title: 'a subsample with fewer than two units',
    format: (p: { units: number }) => ({
      message: `the subsample has ${p.units} unit(s); a spatial model needs at least 2`,
      hint: 'check the subset condition',
    }),
  },
  R445: {
    title: "a turning point's term missing from the estimate",
    format: (p: { estimate: string; term: string; terms: readonly string[] }) => ({
      message: `estimate '${p.estimate}' has no term '${p.term}'`,
      hint: `its terms: ${p.terms.join(', ')}`,
    }),
  },
  R446: {
    title: 'a dynamic model that is not a SAR or SDM with individual or two-way effects',
    format: cases({
      model: (p: { model: string; allowed: readonly string[] }) =>
        `a dynamic model is one of ${p.allowed.join(', ')}, not ${p.model}`,
      effect: (p: { effect: string }) => `a dynamic model has individual or two-way effects, not ${p.effect}`,
    }),
  },
  R447: {
    title: "an estimate's `logdet_order` or `probes` that is not a positive integer",
    format: (p: { property: string; value: number }) => `${p.property} must be a positive integer, got ${p.value}`,
  },
  R448: {
    title: 'a unit of the weights that is not in the panel the indicator is read from',
    format: (p: { unit: string; panel: string }) => `unit '${p.unit}' is not in panel '${p.panel}'`,
  },
  R449: {
    title: 'a table of estimates names a term (`terms = [...]`) that none of its models has (with a did-you-mean)',
    format: (p: { term: string; known: readonly string[]; suggestion?: string | undefined }) => ({
      message: `no model of the table has the term '${p.term}'`,
      hint: p.suggestion ?? `its models' terms: ${p.known.join(', ')}`,
    }),
  },
  R450: {
    title: "no MAC form could be fitted to a member's points",
    format: (p: { points: number }) =>
      `no form could be fitted to its ${p.points} points (quadratic needs 3 distinct P, log and power 2 with P > 0)`,
  },
  R451: {
    title: 'abate merge without every shard of the run',
    format: cases({
      none: () => ({ message: 'no shard directories given', hint: 'abate merge DIR... --out DIR' }),
      missing: (p: { missing: readonly number[]; count: number }) => ({
        message: `${p.missing.length} of ${p.count} shards missing: ${listed(
          p.missing.map((i) => `${i}/${p.count}`),
          20,
        )}`,
        hint: `run abate run ... --shard ${p.missing[0]}/${p.count} (and the others), then merge every shard directory`,
      }),
    }),
  },
  R452: {
    title: 'a shard given twice to abate merge',
    format: (p: { index: number; count: number; first: string; second: string }) => ({
      message: `shard ${p.index}/${p.count} is given twice: ${p.first} and ${p.second}`,
      hint: 'give each shard directory once',
    }),
  },
  R453: {
    title: 'shards of different runs (model, data, plans or shard count differ)',
    format: cases({
      foreign: (p: { dir: string; what: string; first: string }) => ({
        message: `shard ${p.dir} is foreign: it was computed from ${p.what} than ${p.first}`,
        hint: 'merge the shards of one run (the same model, data, scenario and overrides, and --shard i/n with one n)',
      }),
      dataChanged: (p: { model: string }) => ({
        message: `the data files of ${p.model} changed since the shards were computed`,
        hint: 'run the shards again on the current data, or merge with the data they read',
      }),
    }),
  },
  R454: {
    title: 'a shard directory that is not one, or is damaged',
    format: cases({
      noManifest: (p: { dir: string; manifest: string }) => ({
        message: `${p.dir} is not a shard: it has no ${p.manifest}`,
        hint: 'give directories written by abate run --shard',
      }),
      badJson: (p: { file: string }) => ({ message: `${p.file} is not valid JSON`, hint: 'run the shard again' }),
      badFormat: (p: { file: string; expected: string; got: string }) => ({
        message: `${p.file} is not an ${p.expected} manifest (format ${p.got})`,
        hint: 'run the shard again with this version of abate',
      }),
      lacks: (p: { dir: string; file: string }) => ({
        message: `shard ${p.dir} lacks ${p.file}, listed in its manifest`,
        hint: 'run the shard again',
      }),
      damaged: (p: { file: string }) => ({
        message: `${p.file} is damaged (its size or checksum differs from the manifest)`,
        hint: 'run the shard again',
      }),
      coverage: (p: { covered: number; total: number; table: string }) => ({
        message: `the shards cover ${p.covered} of the ${p.total} coalitions of ${p.table}`,
        hint: 'run every shard with one abate version',
      }),
    }),
  },
  R455: {
    title: "a sharded game whose worth reads another game's outputs",
    format: (p: { game: string; reads: string }) => ({
      message: `game '${p.game}' reads '${p.reads}', which depends on another game: its coalitions cannot be sharded in one pass`,
      hint: 'run it without --shard, or compute the first game in a model of its own',
    }),
  },
});
