#!/usr/bin/python3
"""Write the SYNTHETIC data files of the construct cases in valid/ and run-errors/ (spatial panels, surveys).

Nothing here is observed data: six made-up cities on a ring, a panel drawn from a SAR process with two-way
effects, and small expert surveys whose statistics the cases derive by hand. Deterministic (a fixed LCG), so
re-running it rewrites the same bytes:  python3 spec/conformance/make_construct_data.py
"""
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VALID = os.path.join(HERE, 'valid', 'data')
RUN = os.path.join(HERE, 'run-errors', 'data')

state = 20260601


def uniform(lo, hi):
    """A linear congruential generator (Numerical Recipes constants): reproducible without numpy."""
    global state
    state = (1664525 * state + 1013904223) % 2**32
    return lo + (hi - lo) * state / 2**32


def fmt(v):
    return f'{v:.6f}'.rstrip('0').rstrip('.')


def write(folder, name, header, rows):
    with open(os.path.join(folder, name), 'w', newline='') as f:
        f.write(','.join(header) + '\n')
        for r in rows:
            f.write(','.join(fmt(v) if isinstance(v, float) else str(v) for v in r) + '\n')


# ---- six cities on a ring: lon/lat on a circle of one degree around (120 E, 30 N); neighbours i-1 and i+1
N, YEARS = 6, list(range(2015, 2021))
cities = [f'c{i + 1}' for i in range(N)]
lon = [120 + math.cos(2 * math.pi * i / N) for i in range(N)]
lat = [30 + math.sin(2 * math.pi * i / N) for i in range(N)]
coastal = ['true' if i < 3 else 'false' for i in range(N)]
edges = [(cities[i], cities[(i + d) % N], 1.0) for i in range(N) for d in (1, N - 1)]

# ---- panel: y = 0.4 W y + 1.0 x - 0.5 z + alpha_i + tau_t + e, W the row-standardised ring
alpha = [uniform(-1, 1) for _ in range(N)]
area = [round(uniform(10, 50), 1) for _ in range(N)]  # constant within a city: absorbed by unit effects
rows = []
for t, year in enumerate(YEARS):
    tau = 0.1 * t
    x = [uniform(1, 5) for _ in range(N)]
    z = [uniform(0, 2) for _ in range(N)]
    rest = [1.0 * x[i] - 0.5 * z[i] + alpha[i] + tau + uniform(-0.3, 0.3) for i in range(N)]
    y = rest[:]
    for _ in range(200):  # fixed point of y = 0.4 W y + rest (converges: |0.4| < 1, W row-standardised)
        y = [0.4 * 0.5 * (y[(i - 1) % N] + y[(i + 1) % N]) + rest[i] for i in range(N)]
    rows += [(cities[i], year, y[i], x[i], z[i], area[i]) for i in range(N)]
rows.sort(key=lambda r: (int(r[0][1:]), r[1]))
header = ['city', 'year', 'y', 'x', 'z', 'area']

for folder in (VALID, RUN):
    write(folder, 'cities.csv', ['city', 'lon', 'lat', 'coastal'], zip(cities, lon, lat, coastal))
    write(folder, 'ring.csv', ['from', 'to', 'weight'], edges)
    write(folder, 'panel.csv', header, rows)

# ---- run-time failures of the spatial constructs
write(RUN, 'panel-unbalanced.csv', header, [r for r in rows if not (r[0] == 'c3' and r[1] == 2017)])
write(RUN, 'panel-one-year.csv', header, [r for r in rows if r[1] == 2015])
write(RUN, 'panel-zero-x.csv', header, [r[:3] + (0.0,) + r[4:] if (r[0], r[1]) == ('c2', 2016) else r for r in rows])
write(RUN, 'ring-typo.csv', ['from', 'to', 'weight'], [(a, 'c06' if (a, b) == ('c5', 'c6') else b, w) for a, b, w in edges])
write(RUN, 'ring-island.csv', ['from', 'to', 'weight'], [e for e in edges if 'c6' not in (e[0], e[1])])

# ---- Moran's I by hand (valid/): four units on a line a - b - c - d, two periods
write(VALID, 'line.csv', ['unit', 'year', 'v'], [(u, y, float(v)) for u, vs in
      zip('abcd', [(1, 1), (2, 4), (3, 2), (4, 3)]) for y, v in zip((2020, 2021), vs)])
write(VALID, 'line_edges.csv', ['from', 'to'], [('a', 'b'), ('b', 'a'), ('b', 'c'), ('c', 'b'), ('c', 'd'), ('d', 'c')])

# ---- expert surveys: four respondents, four items, a 1..5 scale (statistics derived in the cases)
answers = [('r1', 5, 5, 1, 1), ('r2', 5, 4, 2, 1), ('r3', 5, 5, 1, 1), ('r4', 4, 4, 2, 2)]
items = [('i1', 'Item one', 'cost'), ('i2', 'Item two', 'cost'), ('i3', 'Item three', 'policy'),
         ('i4', 'Item four', 'policy')]
for folder in (VALID, RUN):
    write(folder, 'items.csv', ['code', 'name', 'category'], items)
    write(folder, 'scores.csv', ['respondent', 'i1', 'i2', 'i3', 'i4'], answers)
write(RUN, 'scores-out-of-scale.csv', ['respondent', 'i1', 'i2', 'i3', 'i4'],
      [a if a[0] != 'r3' else ('r3', 5, 5, 6, 1) for a in answers])

# ---- MAC series (Eq. 5-8): carbon intensity falls to 0.8 and 0.5 of the base year's (derived in the cases)
mac = [('r1', 2005, 100.0, 100.0), ('r1', 2006, 100.0, 80.0), ('r1', 2007, 100.0, 50.0),
       ('r2', 2005, 200.0, 200.0), ('r2', 2006, 250.0, 200.0), ('r2', 2007, 400.0, 200.0)]
write(VALID, 'mac_series.csv', ['region', 'year', 'gdp', 'co2'], mac)
write(RUN, 'mac_two_years.csv', ['region', 'year', 'gdp', 'co2'], [m for m in mac if m[1] < 2007])
