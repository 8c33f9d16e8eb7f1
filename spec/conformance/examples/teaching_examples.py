# Independent reference for the teaching examples examples/game-savings and examples/expert-survey (pinned in
# test/models/teaching-examples.test.ts). The coalition LP is a fractional knapsack (fill the cheapest regions
# first up to their caps), so it is solved by sorting; the Shapley value by its permutation-weight formula; the
# survey statistics by Python's statistics module (sample standard deviation). Run: python3 teaching_examples.py
import csv, itertools, math, statistics as st, os

here = os.path.dirname(os.path.abspath(__file__))
ex = os.path.join(here, '..', '..', '..', 'examples')
R = {r['region']: (float(r['unit_cost']), float(r['cap']), float(r['target']))
     for r in csv.DictReader(open(os.path.join(ex, 'game-savings', 'data', 'regions.csv')))}

def cost(S):
    need, c = sum(R[r][2] for r in S), 0.0
    for r in sorted(S, key=lambda r: R[r][0]):
        x = min(R[r][1], need); c += x * R[r][0]; need -= x
    assert need <= 1e-9
    return c

def v(S):
    return sum(R[r][0] * R[r][2] for r in S) - cost(S) if S else 0.0

n = len(R)
print('joint_cost', cost(set(R)), 'saving', v(set(R)))
for i in R:
    others = [j for j in R if j != i]
    s = sum(math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) * (v(set(T) | {i}) - v(set(T)))
            for k in range(n) for T in itertools.combinations(others, k))
    print('shapley', i, repr(s))
rows = list(csv.DictReader(open(os.path.join(ex, 'expert-survey', 'data', 'scores.csv'))))
for item in [c for c in rows[0] if c != 'respondent']:
    x = [float(r[item]) for r in rows]
    print('survey', item, repr(st.mean(x)), repr(st.stdev(x)), repr(st.stdev(x) / st.mean(x)))
