#!/usr/bin/python3
"""Reference number formatting for the report renderers (report/format.ts).

Tables in abate reports must print the digits R and Stata users expect. The reference is C printf's
"%.{d}f" (correct rounding of the exact binary value, ties to even), taken from two independent
implementations that must agree: Python's '%.*f' and R's sprintf (values passed to R in hex so that
R's decimal parser cannot perturb them). Writes format_fixed.json next to this script.

Run: /usr/bin/python3 spec/conformance/report/make_fixtures.py   (needs Rscript on PATH)
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def cases():
    vals = []
    # Exact binary ties at the rounding digit: (2k+1)/2^(d+1) has d+1 decimals, the last a 5
    # (JS toFixed rounds these away from zero; printf rounds them to even).
    for d in range(0, 5):
        for k in range(-40, 41):
            vals.append(((2 * k + 1) / 2 ** (d + 1), d))
    vals.extend([(0.125, 2), (0.375, 2), (2.5, 0), (-2.5, 0), (-0.125, 2), (1.0625, 3), (0.03125, 4)])
    # Decimal "ties" that are not exact in binary (1.005 is 1.00499999999999989...).
    vals.extend([(1.005, 2), (1.015, 2), (1.025, 2), (2.675, 2), (0.045, 2), (-1.005, 2), (1.45, 1), (8.345, 2)])
    # Small negative values that round to zero keep their sign in printf.
    vals.extend([(-0.0001, 3), (-0.0004999, 3), (-1e-9, 2)])
    # Wide range of magnitudes, seeded.
    rng = random.Random(20240611)
    for _ in range(400):
        mag = rng.uniform(-8, 12)
        v = rng.choice([-1, 1]) * 10 ** mag
        vals.append((v, rng.randint(0, 8)))
    for _ in range(100):
        vals.append((rng.uniform(-1, 1), 3))
    # Integers and large values.
    vals.extend([(300.0, 0), (123456789.0, 2), (2.0 ** 60, 0), (1e20, 1), (-7.0, 3), (9.9995, 3), (99.95, 1)])
    # Deduplicate, keep order.
    seen = set()
    out = []
    for v, d in vals:
        key = (v.hex(), d)
        if key in seen:
            continue
        seen.add(key)
        out.append((v, d))
    return out


def main():
    cs = cases()
    py = ['%.*f' % (d, v) for v, d in cs]
    # R's sprintf takes a vector of digits; pass value/digits pairs through a small script instead.
    script = (
        'lines <- readLines(file("stdin")); parts <- strsplit(lines, " ");\n'
        'v <- as.numeric(vapply(parts, `[`, "", 1)); d <- as.integer(vapply(parts, `[`, "", 2));\n'
        'cat(sprintf("%.*f", d, v), sep="\\n")\n'
    )
    inp = '\n'.join('%s %d' % (v.hex(), d) for v, d in cs) + '\n'
    res = subprocess.run(['Rscript', '-e', script], input=inp, capture_output=True, text=True, check=True)
    r = res.stdout.strip('\n').split('\n')
    assert len(r) == len(py), (len(r), len(py))
    bad = [(cs[i], py[i], r[i]) for i in range(len(py)) if py[i] != r[i]]
    if bad:
        print('Python and R disagree:', bad[:10], file=sys.stderr)
        sys.exit(1)
    rver = subprocess.run(['Rscript', '-e', 'cat(R.version.string)'], capture_output=True, text=True, check=True).stdout
    fixture = {
        'source': 'Python %s "%%.*f" and %s sprintf("%%.*f"), identical on every case' % (sys.version.split()[0], rver),
        'cases': [{'hex': v.hex(), 'value': v, 'digits': d, 'expected': s} for (v, d), s in zip(cs, py)],
    }
    with open(os.path.join(HERE, 'format_fixed.json'), 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')
    print('wrote %d cases' % len(cs))


if __name__ == '__main__':
    main()
