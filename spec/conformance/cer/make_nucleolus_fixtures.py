#!/usr/bin/python3
"""Reference nucleoli of 12-16 player games for solvers/nucleolus.ts (constraint generation + Kohlberg), computed
independently: Maschler's sequence of LPs with ALL 2^n - 2 coalitions as rows in every LP, solved by scipy
linprog (HiGHS), coalitions fixed by their positive duals (HiGHS marginals), coalitions in the span of the fixed
ones dropped by an orthogonal projection, and the final payoff solved from the fixed equalities by least squares.

The games are SYNTHETIC and defined by formulas over a 64-bit hash (splitmix64) of the coalition's bitmask, so
test/cer/hash-games.ts rebuilds the same v(S) bit for bit from a few parameters (the fixture stores checksums
of v, not 2^16 values):

  random    v(S) = 10 |S| u(S) for 2 <= |S| < n, v({i}) = 2 u({i}), v(N) = 15 n    (u = hash / 2^53 in [0, 1))
  convex    v(S) = (sum_{i in S} w_i)^2 / 10 + u(S) / 2 for |S| >= 2, v({i}) = 0, w_i = 1 + 4 u(2^n + i)
  glove     v(S) = min(|S ∩ L|, |S ∩ R|) with L the first `left` players: nucleolus 1 to each left glove, 0 right
  symmetric v(S) = |S|^2 + |S|: nucleolus and pre-nucleolus the equal split
  savings   the 12- and 16-region cost-savings games of savings12.model / savings16.model (SYNTHETIC cubic
            costs), whose cores are thin: excess levels 1e-6 apart at v(N) = 312 (HiGHS runs with 1e-10
            tolerances for them)

Run: /usr/bin/python3 spec/conformance/cer/make_nucleolus_fixtures.py  (a few minutes; numpy seedless)
"""
import csv
import json
import math
import os

import numpy as np
import scipy
from scipy.optimize import linprog

HERE = os.path.dirname(os.path.abspath(__file__))
# HiGHS' default feasibility tolerances (1e-7) blur excess levels closer than that; thin cores need far less
TIGHT = dict(primal_feasibility_tolerance=1e-10, dual_feasibility_tolerance=1e-10)
M64 = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def unit(seed, k):
    """A double in [0, 1) from the hash of (seed, k): the top 53 bits over 2^53 (exact in both languages)."""
    return (splitmix64((seed << 32) + k) >> 11) / 9007199254740992.0


def game(family, n, seed, left=0):
    full = (1 << n) - 1
    v = np.zeros(1 << n)
    size = np.array([bin(m).count('1') for m in range(1 << n)])
    if family == 'random':
        for m in range(1, full):
            v[m] = 2.0 * unit(seed, m) if size[m] == 1 else 10.0 * size[m] * unit(seed, m)
        v[full] = 15.0 * n
    elif family == 'convex':
        w = [1.0 + 4.0 * unit(seed, (1 << n) + i) for i in range(n)]
        for m in range(1, full + 1):
            if size[m] < 2:
                continue
            s = 0.0
            for i in range(n):  # ascending players, the order the TS generator sums in
                if m >> i & 1:
                    s += w[i]
            v[m] = s * s / 10.0 + unit(seed, m) / 2.0
    elif family == 'glove':
        lmask = (1 << left) - 1
        for m in range(1, full + 1):
            v[m] = float(min(bin(m & lmask).count('1'), bin(m & ~lmask & full).count('1')))
    elif family == 'symmetric':
        for m in range(1, full + 1):
            v[m] = float(size[m] * size[m] + size[m])
    else:
        raise ValueError(family)
    return v


def savings_game(csv_name):
    """v(S) = sum_S RC_i(P0_i) - min sum_S RC_i(P_i) s.t. sum_S e0_i P_i >= sum_S e0_i P0_i, lo <= P <= hi, for
    RC = a P^3 + b P^2 + c P: 200 bisections on the multiplier for all coalitions at once, each rate the root of
    RC'(P) = lambda e0 clipped to its bounds (not the Newton iteration of solvers/allocation.ts)."""
    with open(os.path.join(HERE, csv_name)) as f:
        rows = list(csv.DictReader(f))
    col = lambda k: np.array([float(r[k]) for r in rows])
    a, b, c, e0, lo, hi, p0 = (col(k) for k in ('a', 'b', 'c', 'e0', 'lo', 'hi', 'p0'))
    n = len(rows)
    rc = lambda P: a * P ** 3 + b * P ** 2 + c * P
    masks = np.arange(1, 1 << n)
    M = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    R = (M * (p0 * e0)).sum(1)

    def rates(lam):
        m = lam[:, None] * e0[None, :]
        A, B, C = 3 * a, 2 * b, c - m
        return np.clip((-B + np.sqrt(np.maximum(B * B - 4 * A * C, 0))) / (2 * A), lo, hi)

    lam_lo = np.zeros(len(masks))
    lam_hi = np.full(len(masks), ((3 * a * hi ** 2 + 2 * b * hi + c) / e0).max())
    for _ in range(200):
        mid = 0.5 * (lam_lo + lam_hi)
        below = (M * rates(mid) * e0).sum(1) < R
        lam_lo, lam_hi = np.where(below, mid, lam_lo), np.where(below, lam_hi, mid)
    v = np.zeros(1 << n)
    v[masks] = (M * rc(p0)).sum(1) - (M * rc(rates(lam_hi))).sum(1)
    return v, n


def shapley_by_formula(v, n):
    """phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S))."""
    phi = np.zeros(n)
    size = np.array([bin(m).count('1') for m in range(1 << n)])
    w = np.array([math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)])
    for i in range(n):
        S = np.array([m for m in range(1 << n) if not m >> i & 1])
        phi[i] = (w[size[S]] * (v[S | (1 << i)] - v[S])).sum()
    return phi.tolist()


def nucleolus_full_lp(v, n, pre=False):
    full = (1 << n) - 1
    masks = np.arange(1, full)
    A = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    scale = max(np.abs(v).max(), 1.0)
    vs = v / scale
    free = np.ones(len(masks), bool)
    eq_rows = [np.ones(n)]
    eq_rhs = [vs[full]]
    levels = []
    bounds = [(None, None) if pre else (vs[1 << i], None) for i in range(n)] + [(None, None)]
    c = np.zeros(n + 1)
    c[-1] = 1.0
    lps = 0
    while True:
        idx = np.nonzero(free)[0]
        A_ub = -np.hstack([A[idx], np.ones((len(idx), 1))])
        b_ub = -vs[masks[idx]]
        A_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
        r = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=np.array(eq_rhs), bounds=bounds, method='highs',
                    options=TIGHT)
        lps += 1
        assert r.status == 0, r.message
        eps = r.x[-1]
        dual = -r.ineqlin.marginals  # >= 0 for the rows x(S) + eps >= v(S)
        new = idx[dual > 1e-9]
        assert len(new), 'no positive dual'
        levels.append(eps * scale)
        for k in new:
            eq_rows.append(A[k])
            eq_rhs.append(vs[masks[k]] - eps)
        free[new] = False
        # drop the coalitions the fixed ones determine (their indicator is in the span)
        q, s, _ = np.linalg.svd(np.array(eq_rows).T, full_matrices=False)
        basis = q[:, s > 1e-9 * s[0]]
        rank = basis.shape[1]
        idx = np.nonzero(free)[0]
        resid = A[idx] - (A[idx] @ basis) @ basis.T
        free[idx[np.linalg.norm(resid, axis=1) < 1e-9]] = False
        if rank == n or not free.any():
            break
    if rank == n:
        x, *_ = np.linalg.lstsq(np.array(eq_rows), np.array(eq_rhs), rcond=None)
    else:
        x = r.x[:n]
    return [float(t * scale) for t in x], [float(t) for t in levels], lps


def checksums(v):
    """Sum of v (ascending masks) and v at a few masks: the TS generator must reproduce these to the last bit."""
    m = len(v) - 1
    at = sorted({1, 2, 3, m // 3, m // 2, m - 2, m - 1, m})
    return dict(sum=float(sum(float(t) for t in v)), at={str(k): float(v[k]) for k in at})


CASES = [
    ('random', 12, 101, {}, True),
    ('random', 14, 102, {}, False),
    ('random', 16, 103, {}, True),
    ('convex', 16, 104, {}, False),
    ('glove', 16, 0, {'left': 7}, False),
    ('symmetric', 16, 0, {}, True),
]


def main():
    out = []
    for family, n, seed, extra, with_pre in CASES:
        v = game(family, n, seed, **extra)
        x, levels, lps = nucleolus_full_lp(v, n)
        entry = dict(name=f'{family}-{n}', family=family, n=n, seed=seed, **extra, checksums=checksums(v),
                     nucleolus=x, levels=levels, lps=lps)
        if with_pre:
            entry['prenucleolus'] = nucleolus_full_lp(v, n, pre=True)[0]
        out.append(entry)
        print(entry['name'], 'levels', len(levels), 'x[:4]', [round(t, 6) for t in x[:4]])
    for k in (12, 16):
        v, n = savings_game(f'savings{k}.csv')
        x, levels, lps = nucleolus_full_lp(v, n)
        out.append(dict(name=f'savings-{k}', family='savings', n=n, model=f'savings{k}.model', v_sum=float(v.sum()),
                        shapley=shapley_by_formula(v, n), nucleolus=x, levels=levels, lps=lps))
        print(f'savings-{k} levels', len(levels), 'x[:4]', [round(t, 9) for t in x[:4]])
    with open(os.path.join(HERE, 'nucleolus_fixtures.json'), 'w') as f:
        json.dump(dict(generator='make_nucleolus_fixtures.py', scipy=scipy.__version__, numpy=np.__version__,
                       method='full-row LP sequence, HiGHS duals', games=out), f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
