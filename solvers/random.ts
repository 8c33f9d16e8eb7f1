// Seeded random numbers for every stochastic step (k-means seeding, Shapley sampling, simulated effects,
// synthetic data). Reproducible bit for bit for a given seed on every platform.
// pure-rand's xoroshiro128+ gives non-random first draws for small integer seeds, so the user's seed is
// first scrambled with splitmix32 (a bijection on 32-bit integers).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

function splitmix32(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

export interface Rng {
  /** Uniform on [0, 1), 53 bits. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, no caching, so draws are a pure function of the stream position). */
  normal(): number;
  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[] | Int32Array | Uint32Array): void;
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const gen = xoroshiro128plus(splitmix32(seed));
  const uniform = () => uniformFloat64(gen);
  const int = (n: number) => Math.floor(uniform() * n);
  return {
    uniform,
    int,
    normal() {
      let u = uniform();
      while (u === 0) u = uniform();
      const v = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle(a) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t as never;
      }
    },
  };
}
