#!/bin/sh
# Solve every GMPL model here with GLPK's glpsol (Debian glpk-utils) and write NAME.glpsol.json: the
# objective, every variable's value and, for an LP, every constraint's dual (row marginal). These are the
# reference values test/lp-glpsol.test.ts compares abate's results with (relative 1e-9).
#
# The GMPL models are written independently of abate (same CSV data, read with GLPK's CSV table driver).
# The first "# abate: PATH" line of a .mod names the abate model it pins (a path from the repository root).
# glpsol writes the solution with -w (plain text, 15 significant digits) and the names of rows and
# columns with --wglp; the Python below joins the two. For an LP the script refuses a degenerate or
# non-unique optimum (a basic value at a bound, a non-basic reduced cost of zero), since then abate and glpsol
# could both be right and still disagree.
#
# Usage: sh spec/conformance/lp/make_fixtures.sh   (from anywhere; needs glpsol and /usr/bin/python3)
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(glpsol --version | head -n 1)
for mod in *.mod; do
  name=${mod%.mod}
  glpsol --math "$mod" -w "$tmp/$name.sol" --wglp "$tmp/$name.glp" > "$tmp/$name.log" || { cat "$tmp/$name.log"; exit 1; }
  /usr/bin/python3 - "$mod" "$tmp/$name.sol" "$tmp/$name.glp" "$version" > "$name.glpsol.json" <<'PY'
import json, re, sys

mod, sol_file, glp_file, version = sys.argv[1:5]
model = next(l.split(':', 1)[1].strip() for l in open(mod) if l.startswith('# abate:'))
rows, cols, row_kind, col_bounds = {}, {}, {}, {}
for line in open(glp_file):
    f = line.split()
    if f[:2] == ['n', 'i']: rows[int(f[2])] = f[3]
    elif f[:2] == ['n', 'j']: cols[int(f[2])] = f[3]
    elif f[0] == 'i' and len(f) >= 3: row_kind[int(f[1])] = f[2:]
    elif f[0] == 'j' and len(f) >= 3: col_bounds[int(f[1])] = f[2:]

sol = [l.split() for l in open(sol_file) if not l.startswith('c ')]
head = next(f for f in sol if f[0] == 's')
kind = head[1]                       # bas (simplex) or mip
if kind == 'bas':
    assert head[4] == 'f' and head[5] == 'f', f'{mod}: not primal and dual feasible: {head}'
    objective = float(head[6])
else:
    assert head[4] == 'o', f'{mod}: MIP not optimal: {head}'
    objective = float(head[5])

def split(name):
    m = re.fullmatch(r'([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?', name)
    return m.group(1), (m.group(2).split(',') if m.group(2) else [])

def bounds(j):
    b = col_bounds.get(j, ['l', '0'])   # GLPK default: x >= 0
    t = b[0]
    lo = float(b[1]) if t in ('l', 'd', 's') else None
    hi = float(b[2]) if t == 'd' else float(b[1]) if t in ('u', 's') else None
    return lo, hi

primal, duals, issues = {}, {}, []
for f in sol:
    if f[0] == 'j':
        j = int(f[1])
        var, key = split(cols[j])
        value = float(f[3] if kind == 'bas' else f[2])
        primal.setdefault(var, []).append({'key': key, 'value': value})
        if kind == 'bas':
            st, dual = f[2], float(f[4])
            lo, hi = bounds(j)
            if st == 'b' and any(v is not None and abs(value - v) <= 1e-9 * max(1, abs(v)) for v in (lo, hi)):
                issues.append(f'column {cols[j]} is basic at a bound (degenerate)')
            if st != 'b' and abs(dual) <= 1e-9:
                issues.append(f'column {cols[j]} is non-basic with reduced cost 0 (another optimum exists)')
    elif f[0] == 'i' and kind == 'bas':
        i = int(f[1])
        rk = row_kind.get(i, ['f'])
        if rk[0] == 'f':
            continue                   # the objective row
        con, key = split(rows[i])
        value, dual = float(f[3]), float(f[4])
        duals.setdefault(con, []).append({'key': key, 'value': dual})
        ends = [float(v) for v in rk[1:]]
        if f[2] == 'b' and any(abs(value - v) <= 1e-9 * max(1, abs(v)) for v in ends):
            issues.append(f'row {rows[i]} is basic at a bound (degenerate)')
        if f[2] != 'b' and abs(dual) <= 1e-9:
            issues.append(f'row {rows[i]} is active with dual 0 (degenerate)')
if issues:
    sys.exit(f'{mod}: the optimum is not unique or is degenerate:\n  ' + '\n  '.join(issues))

out = {'abate': model, 'glpsol': version, 'gmpl': mod, 'solution': 'simplex' if kind == 'bas' else 'mip',
       'objective': objective, 'primal': primal}
if kind == 'bas':
    out['duals'] = duals
# One entry per line, so a diff of a fixture reads like a table.
def entries(d):
    return '{\n' + ',\n'.join(f'  {json.dumps(k)}: [\n' + ',\n'.join(f'   {json.dumps(e)}' for e in v) + '\n  ]' for k, v in d.items()) + '\n }'
body = [f' {json.dumps(k)}: {entries(v) if isinstance(v, dict) else json.dumps(v)}' for k, v in out.items()]
print('{\n' + ',\n'.join(body) + '\n}')
PY
  echo "wrote $name.glpsol.json"
done
