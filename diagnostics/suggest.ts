// Did-you-mean: the one place that picks a near candidate for a misspelt name.

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: `allco` is one edit from `alloc`. */
function distance(a0: string, b0: string): number {
  const a = a0.toLowerCase(),
    b = b0.toLowerCase();
  const rows = Array.from({ length: a.length + 1 }, (_, i) => {
    const r = new Array<number>(b.length + 1).fill(0);
    r[0] = i;
    return r;
  });
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate within a distance proportional to the name's length, if any. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** `did you mean 'x'?` for the closest candidate, if one is close enough. */
export const suggest = (name: string, candidates: Iterable<string>): string | undefined => {
  const m = didYouMean(name, candidates);
  return m ? `did you mean '${m}'?` : undefined;
};

/** Up to `max` candidates close to an unknown name, closest first (ties by name), for `did you mean a or b?`. */
export function nearest(name: string, candidates: readonly string[], max = 3): string[] {
  return candidates
    .map((c) => ({ c, d: distance(name, c) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}
