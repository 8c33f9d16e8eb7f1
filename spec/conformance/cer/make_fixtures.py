#!/usr/bin/python3
"""Reference values for the CER solvers (solvers/mac.ts, allocation.ts, games.ts), computed independently
with numpy / scipy and written as JSON next to this script:

  mac_fixtures.json         Eq. 5-8 points from the synthetic series; quadratic / log / power fits (numpy lstsq,
                            scipy curve_fit); integrated costs (scipy quad); cubic cost fits on the paper's pairs
  allocation_fixtures.json  least-cost allocations by scipy SLSQP (cross-checked against a brentq KKT solve)
                            on the recovered study data (4 scenarios) and on random instances
  game_fixtures.json        coalition values by SLSQP for every coalition, Shapley by enumeration of all n!
                            orders, superadditivity / convexity by their pairwise definitions, the core check of
                            the Shapley value, and the nucleolus by an LP sequence in scipy linprog (HiGHS) that
                            detects fixed coalitions by maximising slacks (not by duals as the TS code does)

Inputs: models/cer-china/data/*.csv (recover_inputs.py, generate_synthetic.ts). Deterministic (numpy seed 2023).
Run: /usr/bin/python3 spec/conformance/cer/make_fixtures.py
"""
import csv
import itertools
import json
import math
import os

import numpy as np
import scipy
from scipy.integrate import quad
from scipy.optimize import brentq, curve_fit, linprog, minimize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DATA = os.path.join(ROOT, 'models', 'cer-china', 'data')


def read_csv(name):
    with open(os.path.join(DATA, name)) as f:
        return list(csv.DictReader(f))


def dump(name, obj):
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


# ------------------------------------------------------------------------------------------------------------
# Cost curves (the same closed forms as mac.ts, written from the formulas, not from the TS code)
# ------------------------------------------------------------------------------------------------------------

def curve_funcs(cv):
    f = cv['form']
    if f == 'poly':
        k = np.array(cv['coef'], dtype=float)
        rc = lambda p: sum(k[i] * p ** i for i in range(len(k)))
        mc = lambda p: sum(i * k[i] * p ** (i - 1) for i in range(1, len(k)))
        cc = lambda p: sum(i * (i - 1) * k[i] * p ** (i - 2) for i in range(2, len(k)))
    elif f == 'log':
        a, b = cv['a'], cv['b']
        rc = lambda p: a * p + b * quad(lambda q: 1.0, 0, p, weight='alg-loga', wvar=(0, 0), epsabs=1e-14, epsrel=1e-14)[0] if p > 0 else 0.0
        mc = lambda p: a + b * math.log(p)
        cc = lambda p: b / p
    elif f == 'power':
        a, b = cv['a'], cv['b']
        rc = lambda p: quad(lambda q: a * q ** b, 0, p, epsabs=1e-13, epsrel=1e-13)[0]
        mc = lambda p: a * p ** b
        cc = lambda p: a * b * p ** (b - 1)
    elif f == 'pel':
        g0 = cv['g0']
        rc = lambda p: quad(lambda q: g0 * q / (1 - q), 0, p, epsabs=1e-13, epsrel=1e-13)[0]
        mc = lambda p: g0 * p / (1 - p)
        cc = lambda p: g0 / (1 - p) ** 2
    else:
        raise ValueError(f)
    return rc, mc, cc


# ------------------------------------------------------------------------------------------------------------
# Allocation: SLSQP reference + independent KKT (brentq) cross-check
# ------------------------------------------------------------------------------------------------------------

def slsqp_allocation(curves, e0, lo, hi, R):
    fs = [curve_funcs(c) for c in curves]
    e0 = np.asarray(e0, float)
    lo = np.asarray(lo, float)
    hi = np.asarray(hi, float)
    n = len(curves)
    scale = max(1.0, abs(sum(fs[i][0](hi[i]) for i in range(n))))
    f = lambda p: sum(fs[i][0](p[i]) for i in range(n)) / scale
    g = lambda p: np.array([fs[i][1](p[i]) for i in range(n)]) / scale
    cons = [{'type': 'ineq', 'fun': lambda p: (float(np.dot(p, e0)) - R) / max(R, 1.0), 'jac': lambda p: e0 / max(R, 1.0)}]
    # feasible start: the same fraction of every bound interval
    t = 1.0 if hi @ e0 == lo @ e0 else min(1.0, max(0.0, (R - lo @ e0) / ((hi - lo) @ e0)))
    x0 = lo + t * (hi - lo)
    best = None
    for start in (x0, 0.5 * (lo + hi) + 0.5 * (x0 - 0.5 * (lo + hi))):
        r = minimize(f, start, jac=g, bounds=list(zip(lo, hi)), constraints=cons, method='SLSQP',
                     options={'ftol': 1e-16, 'maxiter': 1000})
        if best is None or r.fun < best.fun:
            best = r
    return np.clip(best.x, lo, hi)


def kkt_allocation(curves, e0, lo, hi, R):
    """Bisection on lambda, per-region brentq inverse of the marginal (independent of SLSQP)."""
    fs = [curve_funcs(c) for c in curves]
    n = len(curves)

    def p_at(lam):
        out = np.empty(n)
        for i in range(n):
            m = lam * e0[i]
            mlo, mhi = fs[i][1](lo[i]) if lo[i] > 0 or curves[i]['form'] in ('poly', 'pel') else -math.inf, fs[i][1](hi[i])
            if m <= mlo:
                out[i] = lo[i]
            elif m >= mhi:
                out[i] = hi[i]
            else:
                a = lo[i] if mlo > -math.inf else 1e-300
                out[i] = brentq(lambda p: fs[i][1](p) - m, a, hi[i], xtol=1e-15, rtol=8.9e-16, maxiter=500)
        return out

    if p_at(0.0) @ e0 >= R:
        return p_at(0.0), 0.0
    lam_lo, lam_hi = 0.0, max(fs[i][1](hi[i]) / e0[i] for i in range(n) if e0[i] > 0)
    for _ in range(200):
        mid = 0.5 * (lam_lo + lam_hi)
        if mid <= lam_lo or mid >= lam_hi:
            break
        if p_at(mid) @ e0 < R:
            lam_lo = mid
        else:
            lam_hi = mid
    return p_at(lam_hi), lam_hi


def solve_case(curves, e0, lo, hi, R):
    p = slsqp_allocation(curves, e0, lo, hi, R)
    pk, lam_k = kkt_allocation(curves, np.asarray(e0, float), np.asarray(lo, float), np.asarray(hi, float), R)
    diff = float(np.max(np.abs(p - pk)))
    assert diff < 1e-7, f'SLSQP and KKT disagree by {diff}'
    fs = [curve_funcs(c) for c in curves]
    costs = [fs[i][0](p[i]) for i in range(len(curves))]
    interior = [i for i in range(len(curves)) if lo[i] + 1e-6 < p[i] < hi[i] - 1e-6 and e0[i] > 0]
    lam = float(np.mean([fs[i][1](p[i]) / e0[i] for i in interior])) if interior and p @ np.asarray(e0) <= R * (1 + 1e-9) + 1e-9 else 0.0
    return dict(p=p.tolist(), cost=costs, total=float(sum(costs)), lam=lam, lambda_kkt=lam_k, slsqp_vs_kkt=diff)


def study_inputs():
    curves = {r['region']: {'form': 'poly', 'coef': [0.0, float(r['c']), float(r['b']), float(r['a'])]} for r in read_csv('cost_curves.csv')}
    regions = [r['region'] for r in read_csv('regions.csv')]
    scen = {}
    for row in read_csv('region_inputs.csv'):
        scen.setdefault(row['scenario'], []).append(row)
    out = {}
    for sid, rows in scen.items():
        rows.sort(key=lambda r: int(r['region_id']))
        assert [r['region'] for r in rows] == regions
        out[sid] = dict(
            regions=regions,
            curves=[curves[r] for r in regions],
            e0=[float(r['e0_Mt']) for r in rows],
            p0=[float(r['p0']) for r in rows],
            lo=[float(r['alpha']) for r in rows],
            hi=[float(r['beta']) for r in rows],
            target=sum(float(r['target_Mt']) for r in rows),
        )
    return out


def random_instances(rng):
    cases = []
    for n in (3, 5, 8, 12, 20):
        curves, e0, lo, hi = [], [], [], []
        for _ in range(n):
            a = rng.uniform(100, 900)
            alpha = rng.uniform(0.0, 0.3)
            b = max(rng.uniform(-60, 100), -3 * a * alpha + 1.0)  # convex on [alpha, beta]
            c = rng.uniform(-5, 20)
            curves.append({'form': 'poly', 'coef': [0.0, c, b, a]})
            e0.append(rng.uniform(300, 3000))
            lo.append(alpha)
            hi.append(rng.uniform(0.5, 0.9))
        smin, smax = np.dot(lo, e0), np.dot(hi, e0)
        cases.append(dict(name=f'random-cubic-{n}', curves=curves, e0=e0, lo=lo, hi=hi, target=float(smin + rng.uniform(0.2, 0.9) * (smax - smin))))
    mixed = [
        {'form': 'log', 'a': 80.0, 'b': 40.0},
        {'form': 'power', 'a': 500.0, 'b': 1.7},
        {'form': 'pel', 'g0': 300.0},
        {'form': 'poly', 'coef': [0.0, 5.0, 20.0, 50.0, 100.0, 200.0]},
        {'form': 'poly', 'coef': [0.0, 2.0, 60.0, 300.0]},
    ]
    cases.append(dict(name='mixed-forms', curves=mixed, e0=[800.0, 1500.0, 600.0, 1000.0, 1200.0],
                      lo=[0.05, 0.0, 0.0, 0.1, 0.2], hi=[0.8, 0.85, 0.7, 0.9, 0.75], target=2600.0))
    # slack target: the regions' own cost minima (negative marginal at low P) already exceed it -> lambda = 0
    cases.append(dict(name='slack-target', curves=[{'form': 'poly', 'coef': [0.0, -20.0, 50.0, 100.0]}, {'form': 'poly', 'coef': [0.0, -10.0, 40.0, 200.0]}],
                      e0=[1000.0, 500.0], lo=[0.0, 0.0], hi=[0.9, 0.9], target=100.0))
    return cases


# ------------------------------------------------------------------------------------------------------------
# Games
# ------------------------------------------------------------------------------------------------------------

def members(m, n):
    return [i for i in range(n) if m >> i & 1]


def game_values(inp):
    """v(S) = sum of baseline costs in S - least cost of meeting S's combined reduction (SLSQP per coalition)."""
    n = len(inp['curves'])
    fs = [curve_funcs(c) for c in inp['curves']]
    base = [fs[i][0](inp['p0'][i]) for i in range(n)]
    red = [inp['p0'][i] * inp['e0'][i] for i in range(n)]
    v = [0.0] * (2 ** n)
    for m in range(1, 2 ** n):
        S = members(m, n)
        p = slsqp_allocation([inp['curves'][i] for i in S], [inp['e0'][i] for i in S], [inp['lo'][i] for i in S],
                             [inp['hi'][i] for i in S], sum(red[i] for i in S))
        v[m] = sum(base[i] for i in S) - sum(fs[i][0](p[k]) for k, i in enumerate(S))
    return v


def shapley_permutations(v, n):
    phi = np.zeros(n)
    count = 0
    for order in itertools.permutations(range(n)):
        m = 0
        for i in order:
            phi[i] += v[m | 1 << i] - v[m]
            m |= 1 << i
        count += 1
    return (phi / count).tolist()


def superadditive(v, n, tol):
    worst = math.inf
    for s in range(1, 2 ** n):
        for t in range(1, 2 ** n):
            if s & t == 0:
                worst = min(worst, v[s | t] - v[s] - v[t])
    return worst >= -tol, worst


def convex(v, n, tol):
    worst = math.inf
    for s in range(2 ** n):
        for t in range(2 ** n):
            worst = min(worst, v[s | t] + v[s & t] - v[s] - v[t])
    return worst >= -tol, worst


def core_excess(v, n, x):
    best, arg = -math.inf, 0
    for m in range(1, 2 ** n - 1):
        e = v[m] - sum(x[i] for i in members(m, n))
        if e > best:
            best, arg = e, m
    return best, arg


def nucleolus_linprog(v, n, pre=False, tol=1e-9):
    full = 2 ** n - 1
    ind = lambda m: np.array([1.0 if m >> i & 1 else 0.0 for i in range(n)])
    free = list(range(1, full))
    fixed = {}
    bounds = [(None, None) if pre else (v[1 << i], None) for i in range(n)] + [(None, None)]
    while True:
        A_ub = np.array([np.append(-ind(m), -1.0) for m in free])
        b_ub = np.array([-v[m] for m in free])
        eq_rows = [np.append(ind(full), 0.0)] + [np.append(ind(m), 0.0) for m in fixed]
        b_eq = [v[full]] + [v[m] - lev for m, lev in fixed.items()]
        c = np.zeros(n + 1)
        c[-1] = 1
        r = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=np.array(eq_rows), b_eq=b_eq, bounds=bounds, method='highs')
        assert r.status == 0, r.message
        eps = r.x[-1]
        new = []
        for m in free:
            # can S's slack x(S) + eps - v(S) be made positive while eps stays optimal?
            b2 = list(bounds)
            b2[-1] = (eps, eps)
            r2 = linprog(np.append(-ind(m), 0.0), A_ub=A_ub, b_ub=b_ub, A_eq=np.array(eq_rows), b_eq=b_eq, bounds=b2, method='highs')
            assert r2.status == 0, r2.message
            if -r2.fun + eps - v[m] <= tol:
                new.append(m)
        assert new, 'no coalition fixed'
        for m in new:
            fixed[m] = eps
        span = np.array([ind(full)] + [ind(m) for m in fixed])
        rank = np.linalg.matrix_rank(span, tol=1e-9)
        free = [m for m in free if m not in fixed and np.linalg.matrix_rank(np.vstack([span, ind(m)]), tol=1e-9) > rank]
        if rank == n or not free:
            break
    if rank == n:
        A = np.array([ind(full)] + [ind(m) for m in fixed])
        b = np.array([v[full]] + [v[m] - lev for m, lev in fixed.items()])
        x, *_ = np.linalg.lstsq(A, b, rcond=None)
    else:  # pinned by individual rationality bounds: the last LP's x
        x = r.x[:n]
    return [float(t) for t in x], sorted(set(round(l, 12) for l in fixed.values()), reverse=True)


def game_entry(name, v, n):
    v = [float(t) for t in v]
    tol = 1e-9 * max(1.0, max(abs(t) for t in v))
    phi = shapley_permutations(v, n)
    sa, sa_gap = superadditive(v, n, tol)
    cv, cv_gap = convex(v, n, tol)
    ex, exm = core_excess(v, n, phi)
    nu, levels = nucleolus_linprog(v, n)
    pre_nu, _ = nucleolus_linprog(v, n, pre=True)
    return dict(name=name, n=n, v=v, shapley=phi, superadditive=bool(sa), superadditive_worst_gap=float(sa_gap), convex=bool(cv),
                convex_worst_gap=float(cv_gap), shapley_max_excess=float(ex), shapley_worst_coalition=exm, shapley_in_core=bool(ex <= tol), nucleolus=nu, nucleolus_levels=levels,
                prenucleolus=pre_nu)


def random_games(rng):
    out = []
    for n, kind in ((3, 'random'), (4, 'random'), (4, 'convex'), (5, 'random'), (5, 'superadditive'), (6, 'random')):
        v = [0.0] * (2 ** n)
        w = rng.uniform(1, 5, n)
        for m in range(1, 2 ** n):
            S = members(m, n)
            if kind == 'random':
                v[m] = float(rng.uniform(0, 10 * len(S)))
            elif kind == 'convex':
                v[m] = float(sum(w[i] for i in S) ** 2)
            else:  # superadditive: weights plus a positive bonus for size
                v[m] = float(sum(w[i] for i in S) + 0.8 * (len(S) - 1) ** 1.5 + rng.uniform(0, 0.2))
        if kind == 'random':
            v[2 ** n - 1] = float(15 * n)  # a rich grand coalition so the imputation set is nonempty
        for i in range(n):
            if kind == 'random':
                v[1 << i] = float(rng.uniform(0, 2))
        out.append(game_entry(f'{kind}-{n}', v, n))
    return out


# ------------------------------------------------------------------------------------------------------------
# MAC fits on the synthetic series
# ------------------------------------------------------------------------------------------------------------

def mac_fixtures():
    rows = read_csv('synthetic_gdp_emissions.csv')
    series = {}
    for r in rows:
        series.setdefault(r['region'], []).append((int(r['year']), float(r['gdp_bn_cny']), float(r['emissions_Mt'])))
    out = []
    grid = [0.05, 0.1, 0.2, 0.3]
    for name, s in series.items():
        s.sort()
        G = np.array([t[1] for t in s])
        E = np.array([t[2] for t in s])
        base = 0
        CI, CP = E / G, G / E
        dE = (CI[base] - CI) * G[base]  # Eq. 7
        P = dE / E[base]
        MAC = (CP - CP[base]) * E[base]  # Eq. 5
        P[base] = 0.0
        MAC[base] = 0.0

        def stats(y, fit):
            res = y - fit
            ss = float(((y - y.mean()) ** 2).sum())
            return 1 - float((res ** 2).sum()) / ss, math.sqrt(float((res ** 2).mean()))

        Xq = np.column_stack([P ** 2, P, np.ones_like(P)])
        q, *_ = np.linalg.lstsq(Xq, MAC, rcond=None)
        q_r2, q_rmse = stats(MAC, Xq @ q)
        pos = P > 0
        Xl = np.column_stack([np.ones(pos.sum()), np.log(P[pos])])
        l, *_ = np.linalg.lstsq(Xl, MAC[pos], rcond=None)
        l_r2, l_rmse = stats(MAC[pos], Xl @ l)
        pp = pos & (MAC > 0)
        Xp = np.column_stack([np.ones(pp.sum()), np.log(P[pp])])
        lp, *_ = np.linalg.lstsq(Xp, np.log(MAC[pp]), rcond=None)
        pa, pb = math.exp(lp[0]), lp[1]
        p_r2, p_rmse = stats(MAC[pp], pa * P[pp] ** pb)
        (na, nb), _ = curve_fit(lambda x, a, b: a * x ** b, P[pp], MAC[pp], p0=[pa, pb], ftol=1e-15, xtol=1e-15, gtol=1e-15, maxfev=100000)
        n_r2, n_rmse = stats(MAC[pp], na * P[pp] ** nb)
        # integrated cost curves (quad of the fitted MAC from 0)
        cost_q = [quad(lambda x: q[0] * x * x + q[1] * x + q[2], 0, g, epsabs=1e-13, epsrel=1e-13)[0] for g in grid]
        # the log singularity at 0 is handled by QUADPACK's algebraic-logarithmic weight (QAWS)
        cost_l = [l[0] * g + l[1] * quad(lambda x: 1.0, 0, g, weight='alg-loga', wvar=(0, 0), epsabs=1e-14, epsrel=1e-14)[0] for g in grid]
        cost_p = [quad(lambda x: pa * x ** pb, 0, g, epsabs=1e-13, epsrel=1e-13)[0] for g in grid]
        cost_pel = [quad(lambda x: G[base] * x / (1 - x), 0, g, epsabs=1e-13, epsrel=1e-13)[0] for g in grid]
        out.append(dict(region=name, gdp=G.tolist(), emissions=E.tolist(), P=P.tolist(), mac=MAC.tolist(), reduction=dE.tolist(),
                        quadratic=dict(coef=q.tolist(), r2=q_r2, rmse=q_rmse, n=len(P)),
                        log=dict(coef=l.tolist(), r2=l_r2, rmse=l_rmse, n=int(pos.sum()), dropped=int(len(P) - pos.sum())),
                        power_loglog=dict(coef=[pa, pb], r2=p_r2, rmse=p_rmse, n=int(pp.sum()), dropped=int(len(P) - pp.sum())),
                        power_nls=dict(coef=[float(na), float(nb)], r2=n_r2, rmse=n_rmse, n=int(pp.sum())),
                        grid=grid, cost_quadratic=cost_q, cost_log=cost_l, cost_power=cost_p, cost_pel=cost_pel))
    cubic = []
    paper = json.load(open(os.path.join(DATA, 'paper_tables.json')))['byScenario']
    for r in [x['region'] for x in read_csv('regions.csv')]:
        a, b = paper['1.5C-2030'][r], paper['2C-2030'][r]
        P = np.array([a['p_after'], a['p_before'], b['p_after'], b['p_before']]) / 100
        C = np.array([a['cost_after'], a['cost_before'], b['cost_after'], b['cost_before']])
        X = np.column_stack([P ** 3, P ** 2, P])
        k, *_ = np.linalg.lstsq(X, C, rcond=None)
        res = C - X @ k
        cubic.append(dict(region=r, P=P.tolist(), cost=C.tolist(), abc=k.tolist(),
                          r2=1 - float((res ** 2).sum()) / float(((C - C.mean()) ** 2).sum()), rmse=math.sqrt(float((res ** 2).mean()))))
    return dict(series=out, cubic=cubic)


def main():
    rng = np.random.default_rng(2023)
    meta = dict(numpy=np.__version__, scipy=scipy.__version__, script='spec/conformance/cer/make_fixtures.py')

    dump('mac_fixtures.json', dict(meta=meta, **mac_fixtures()))
    print('mac fixtures written')

    study = study_inputs()
    alloc = []
    for sid, inp in study.items():
        r = solve_case(inp['curves'], inp['e0'], inp['lo'], inp['hi'], inp['target'])
        alloc.append(dict(name=f'study-{sid}', scenario=sid, curves=inp['curves'], e0=inp['e0'], lo=inp['lo'], hi=inp['hi'], target=inp['target'], **r))
        print(sid, 'total', round(r['total'], 4), 'P', [round(100 * x, 2) for x in r['p']], 'slsqp-kkt', r['slsqp_vs_kkt'])
    for case in random_instances(rng):
        r = solve_case(case['curves'], case['e0'], case['lo'], case['hi'], case['target'])
        alloc.append(dict(**case, **r))
        print(case['name'], 'total', round(r['total'], 4), 'lambda', r['lam'], 'slsqp-kkt', r['slsqp_vs_kkt'])
    dump('allocation_fixtures.json', dict(meta=meta, cases=alloc))

    games = []
    for sid, inp in study.items():
        v = game_values(inp)
        g = game_entry(f'study-{sid}', v, len(inp['curves']))
        g.update(scenario=sid, regions=inp['regions'], p0=inp['p0'])
        games.append(g)
        print(sid, 'v(N)', round(v[-1], 4), 'shapley', [round(x, 3) for x in g['shapley']], 'superadditive', g['superadditive'], 'convex', g['convex'],
              'in core', g['shapley_in_core'], 'nucleolus', [round(x, 3) for x in g['nucleolus']])
    games.extend(random_games(rng))
    dump('game_fixtures.json', dict(meta=meta, games=games))
    print('game fixtures written')


if __name__ == '__main__':
    main()
