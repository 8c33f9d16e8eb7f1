// The SYNTHETIC games of spec/conformance/cer/make_nucleolus_fixtures.py, rebuilt bit for bit from their formulas
// over a splitmix64 hash of the coalition's bitmask (the fixture stores checksums of v, not 2^16 values).
const M64 = (1n << 64n) - 1n;

function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** A double in [0, 1): the top 53 bits of the hash of (seed, k) over 2^53. */
export function unit(seed: number, k: number): number {
  return Number(splitmix64((BigInt(seed) << 32n) + BigInt(k)) >> 11n) / 9007199254740992;
}

function popcount(m: number): number {
  let c = 0;
  for (let r = m; r !== 0; r &= r - 1) c++;
  return c;
}

export interface HashGame {
  family: 'random' | 'convex' | 'glove' | 'symmetric';
  n: number;
  seed: number;
  left?: number;
}

export function hashGame(g: HashGame): Float64Array {
  const { n, seed } = g;
  const full = 2 ** n - 1;
  const v = new Float64Array(2 ** n);
  switch (g.family) {
    case 'random':
      for (let m = 1; m < full; m++) v[m] = popcount(m) === 1 ? 2 * unit(seed, m) : 10 * popcount(m) * unit(seed, m);
      v[full] = 15 * n;
      break;
    case 'convex': {
      const w = Array.from({ length: n }, (_, i) => 1 + 4 * unit(seed, 2 ** n + i));
      for (let m = 1; m <= full; m++) {
        if (popcount(m) < 2) continue;
        let s = 0;
        for (let i = 0; i < n; i++) if (m & (1 << i)) s += w[i]!;
        v[m] = (s * s) / 10 + unit(seed, m) / 2;
      }
      break;
    }
    case 'glove': {
      const lmask = (1 << (g.left ?? 0)) - 1;
      for (let m = 1; m <= full; m++) v[m] = Math.min(popcount(m & lmask), popcount(m & ~lmask & full));
      break;
    }
    case 'symmetric':
      for (let m = 1; m <= full; m++) v[m] = popcount(m) * popcount(m) + popcount(m);
      break;
  }
  return v;
}
