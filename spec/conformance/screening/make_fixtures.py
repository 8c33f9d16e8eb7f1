#!/usr/bin/python3
"""Reference values for the screening solvers (k-means, silhouette, Kruskal-Wallis, descriptive statistics).

Run from the repository root with Debian's Python (it has numpy / scipy / scikit-learn):
    /usr/bin/python3 spec/conformance/screening/make_fixtures.py
Writes kmeans.json, silhouette.json, kruskal.json, describe.json and study.json next to this file. Every input
data set is generated here with a fixed numpy seed and stored in the JSON, so the TypeScript tests read exactly
the same numbers. Quantile references come from R (quantiles.R), the canonical Hyndman-Fan implementation.
Floats are written with repr(), which round-trips binary64 exactly.
"""
import csv
import itertools
import json
import os
import platform

import numpy as np
import scipy
import scipy.stats as st
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_samples, silhouette_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DATA = os.path.join(ROOT, 'models', 'yrd-collaboration', 'data')

META = {
    'generator': 'spec/conformance/screening/make_fixtures.py',
    'python': platform.python_version(),
    'numpy': np.__version__,
    'scipy': scipy.__version__,
    'sklearn': sklearn.__version__,
}


def dump(name, obj):
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump({'meta': META, **obj}, f, indent=1)
        f.write('\n')


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


# --------------------------------------------------------------------------------------------------------
# k-means from fixed initial centres (scikit-learn's Lloyd), plus global optima by enumeration.

def sk_lloyd(X, init, tol=0.0, max_iter=300):
    km = KMeans(n_clusters=init.shape[0], init=init, n_init=1, algorithm='lloyd', tol=tol, max_iter=max_iter)
    km.fit(X)
    return {
        'labels': [int(v) for v in km.labels_],
        'centres': flat(km.cluster_centers_),
        'inertia': float(km.inertia_),
        'iterations': int(km.n_iter_),
    }


def partitions(n, k):
    """All partitions of range(n) into exactly k non-empty blocks, as label vectors in first-appearance form."""
    def rec(i, lab, used):
        if i == n:
            if used == k:
                yield list(lab)
            return
        for c in range(min(used + 1, k)):
            lab.append(c)
            yield from rec(i + 1, lab, max(used, c + 1))
            lab.pop()
    yield from rec(0, [], 0)


def sse(X, lab):
    lab = np.asarray(lab)
    return float(sum(((X[lab == c] - X[lab == c].mean(0)) ** 2).sum() for c in np.unique(lab)))


def brute_best(X, k):
    best = None
    for lab in partitions(X.shape[0], k):
        v = sse(X, lab)
        if best is None or v < best[0] - 1e-12:
            best = (v, lab)
    return best


kmeans_cases = []
rng = np.random.default_rng(101)

# 1. well separated blobs, init = k distinct data rows chosen at random
Xb, _ = make_blobs(n_samples=300, n_features=4, centers=5, cluster_std=1.2, random_state=7)
init_rows = rng.choice(300, size=5, replace=False)
kmeans_cases.append({'name': 'blobs_rows_init', 'X': Xb, 'init': Xb[init_rows]})
# 2. unstructured uniform data: many Lloyd iterations
Xu = rng.uniform(size=(200, 3))
kmeans_cases.append({'name': 'uniform_rows_init', 'X': Xu, 'init': Xu[rng.choice(200, size=6, replace=False)]})
# 3. an initial centre far from every point: the cluster empties and is relocated to the farthest point
Xe = rng.normal(size=(60, 2))
init_e = np.vstack([Xe[:3], [[50.0, 50.0]]])
kmeans_cases.append({'name': 'empty_cluster_relocation', 'X': Xe, 'init': init_e})
# 4. scikit-learn's default tol (1e-4, relative to the mean variance): stops on the centre shift
kmeans_cases.append({'name': 'uniform_default_tol', 'X': Xu, 'init': Xu[:6], 'tol': 1e-4})
# 5. max_iter reached before convergence: a final assignment step makes labels match the centres
kmeans_cases.append({'name': 'uniform_max_iter_2', 'X': Xu, 'init': Xu[:6], 'max_iter': 2})
# 6. Likert-like integer data (ties in distances)
Xl = rng.integers(1, 8, size=(40, 25)).astype(float)
kmeans_cases.append({'name': 'likert_rows_init', 'X': Xl, 'init': Xl[[0, 5, 9]]})

kmeans_out = []
for c in kmeans_cases:
    ref = sk_lloyd(c['X'], c['init'], tol=c.get('tol', 0.0), max_iter=c.get('max_iter', 300))
    kmeans_out.append({
        'name': c['name'], 'n': int(c['X'].shape[0]), 'd': int(c['X'].shape[1]), 'X': flat(c['X']),
        'init': flat(c['init']), 'tol': c.get('tol', 0.0), 'maxIter': c.get('max_iter', 300), 'expected': ref,
    })

# Global optima: enumeration for small sets; scikit-learn n_init=100 for the blobs (unique, well separated optimum).
optimum_cases = []
Xs = rng.normal(size=(9, 2))
Xs[:3] += 4.0
Xs[3:6] -= 4.0
for k in (2, 3, 4):
    v, lab = brute_best(Xs, k)
    optimum_cases.append({'name': f'small9_k{k}', 'n': 9, 'd': 2, 'X': flat(Xs), 'k': k, 'inertia': v, 'labels': lab,
                          'source': 'enumeration of all partitions'})
km = KMeans(n_clusters=5, init='k-means++', n_init=100, algorithm='lloyd', tol=0.0, random_state=0).fit(Xb)
optimum_cases.append({'name': 'blobs_k5', 'n': 300, 'd': 4, 'X': flat(Xb), 'k': 5, 'inertia': float(km.inertia_),
                      'labels': [int(v) for v in km.labels_], 'source': 'sklearn KMeans n_init=100'})

dump('kmeans.json', {'lloyd': kmeans_out, 'optimum': optimum_cases})

# --------------------------------------------------------------------------------------------------------
# Silhouette

sil_cases = []


def add_sil(name, X, labels):
    labels = np.asarray(labels)
    sil_cases.append({
        'name': name, 'n': int(X.shape[0]), 'd': int(X.shape[1]), 'X': flat(X), 'labels': [int(v) for v in labels],
        'samples': flat(silhouette_samples(X, labels, metric='euclidean')),
        'score': float(silhouette_score(X, labels, metric='euclidean')),
    })


add_sil('blobs_true_k5', Xb, KMeans(n_clusters=5, init=Xb[init_rows], n_init=1, algorithm='lloyd', tol=0.0).fit(Xb).labels_)
add_sil('uniform_random_labels', Xu, rng.integers(0, 4, size=200))
lab_single = rng.integers(0, 3, size=30)
lab_single[7] = 3  # a one-member cluster: scikit-learn scores it 0
Xsg = rng.normal(size=(30, 3))
add_sil('with_singleton', Xsg, lab_single)
# duplicates across clusters: a = b = 0 for some points (0/0 -> 0)
Xd = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
add_sil('duplicates_a_eq_b_zero', Xd, [0, 0, 1, 1, 2])
add_sil('likert_labels', Xl, rng.integers(0, 3, size=40))
# non-contiguous label values
add_sil('label_values_arbitrary', Xsg, np.where(lab_single == 3, 42, lab_single * 7 - 5))

dump('silhouette.json', {'cases': sil_cases})

# --------------------------------------------------------------------------------------------------------
# Kruskal-Wallis

kw_cases = []


def add_kw(name, groups):
    groups = [np.asarray(g, dtype=float) for g in groups]
    res = st.kruskal(*groups)
    pooled = np.concatenate(groups)
    ranks = st.rankdata(pooled)
    mean_ranks, o = [], 0
    for g in groups:
        mean_ranks.append(float(ranks[o:o + len(g)].mean()))
        o += len(g)
    _, t = np.unique(pooled, return_counts=True)
    kw_cases.append({
        'name': name, 'groups': [flat(g) for g in groups], 'H': float(res.statistic), 'p': float(res.pvalue),
        'df': len(groups) - 1, 'meanRanks': mean_ranks,
        'tieCorrection': float(1 - (t ** 3 - t).sum() / (len(pooled) ** 3 - len(pooled))),
    })


add_kw('continuous_3', [rng.normal(0, 1, 12), rng.normal(0.5, 1, 15), rng.normal(1, 1, 9)])
add_kw('likert_ties_4', [rng.integers(1, 8, 25), rng.integers(2, 8, 25), rng.integers(1, 6, 50), rng.integers(3, 8, 25)])
add_kw('two_groups_unequal', [rng.normal(size=5), rng.normal(size=40)])
add_kw('very_significant', [rng.normal(0, 1, 60), rng.normal(3, 1, 60), rng.normal(6, 1, 60)])
add_kw('almost_null', [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1.0]])
add_kw('heavy_ties_binary', [[0, 0, 0, 1, 1], [0, 1, 1, 1, 1, 1], [0, 0, 0, 0, 1]])

chi2_grid = []
for x, df in [(0.5, 1), (3.84, 1), (5.99, 2), (20.0, 3), (85.2, 9), (200.0, 2), (400.0, 4), (1e-6, 3), (1.0, 0.5), (50.0, 30)]:
    chi2_grid.append({'x': x, 'df': df, 'sf': float(st.chi2.sf(x, df))})

dump('kruskal.json', {'cases': kw_cases, 'chi2sf': chi2_grid})

# --------------------------------------------------------------------------------------------------------
# Descriptive statistics (quantiles: see quantiles.R)

desc_cases = []


def add_desc(name, x):
    x = np.asarray(x, dtype=float)
    _, t = np.unique(x, return_counts=True)
    desc_cases.append({
        'name': name, 'x': flat(x), 'mean': float(np.mean(x)),
        'var1': float(np.var(x, ddof=1)), 'var0': float(np.var(x, ddof=0)),
        'sd1': float(np.std(x, ddof=1)), 'sd0': float(np.std(x, ddof=0)),
        'cv1': float(np.std(x, ddof=1) / np.mean(x)), 'cv0': float(np.std(x, ddof=0) / np.mean(x)),
        'ranks': flat(st.rankdata(x, method='average')), 'tieSum': float((t ** 3 - t).sum()),
    })


add_desc('normal_50', rng.normal(3, 2, 50))
add_desc('large_offset', 1e9 + rng.normal(0, 1, 30))  # catastrophic cancellation in one-pass formulas
add_desc('likert_25', rng.integers(1, 8, 25))
add_desc('two_values', [2.0, 5.0])
add_desc('negative_mean', rng.normal(-4, 1, 20))

Xm = rng.integers(1, 8, size=(25, 6)).astype(float)
dump('describe.json', {'cases': desc_cases, 'matrix': {
    'rows': 25, 'cols': 6, 'data': flat(Xm), 'colMeans': flat(Xm.mean(0)),
    'colSd1': flat(Xm.std(0, ddof=1)), 'colCv1': flat(Xm.std(0, ddof=1) / Xm.mean(0)),
    'colCv0': flat(Xm.std(0, ddof=0) / Xm.mean(0)),
}})

# --------------------------------------------------------------------------------------------------------
# Study data (SYNTHETIC scores, see models/yrd-collaboration/data/README.md): per main category, items are
# points in respondent space; for each k in 2..n-1 the SSE-optimal partition (enumeration), its inertia and
# mean silhouette; the best k; the Kruskal-Wallis test across that partition's clusters on the pooled scores
# of each cluster's items; the CV of every item (ddof 1 and 0).

with open(os.path.join(DATA, 'scores_synthetic.csv')) as f:
    rows = list(csv.reader(f))
codes = rows[0][1:]
S = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
with open(os.path.join(DATA, 'items.csv')) as f:
    items = list(csv.DictReader(f))
assert [it['code'] for it in items] == codes

study = {'respondents': int(S.shape[0]), 'codes': codes,
         'cv1': flat(S.std(0, ddof=1) / S.mean(0)), 'cv0': flat(S.std(0, ddof=0) / S.mean(0)), 'categories': []}
for cat in sorted({it['category'] for it in items}):
    idx = [j for j, it in enumerate(items) if it['category'] == cat]
    P = S[:, idx].T  # items as points, one coordinate per respondent
    table = []
    for k in range(2, len(idx)):
        v, lab = brute_best(P, k)
        table.append({'k': k, 'inertia': v, 'labels': lab, 'silhouette': float(silhouette_score(P, lab))})
    entry = {'category': cat, 'items': [codes[j] for j in idx], 'table': table}
    if table:
        best = table[0]
        for row in table:
            if row['silhouette'] > best['silhouette'] + 1e-12:
                best = row
        lab = np.asarray(best['labels'])
        groups = [P[lab == c].ravel() for c in range(best['k'])]
        res = st.kruskal(*groups)
        entry.update({'bestK': best['k'], 'kw': {'H': float(res.statistic), 'p': float(res.pvalue), 'df': best['k'] - 1}})
    study['categories'].append(entry)

dump('study.json', study)
print('wrote kmeans.json silhouette.json kruskal.json describe.json study.json')
