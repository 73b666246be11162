/**
 * "Did you mean" for unknown names: the known names closest to a misspelling by Levenshtein
 * edit distance (insertions, deletions, substitutions), ties broken alphabetically so the
 * suggestion is deterministic. A name also counts as close when one contains the other as a
 * dotted segment (`p95_latency` -> `transactional.p95_latency`, `bulk.p95_latency`).
 */

/** Levenshtein distance between a and b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `max` known names within a distance that grows with the name's length (2, or a third of it). */
export function closest(name: string, known: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { k: string; d: number }[] = [];
  for (const k of known) {
    const d = k.endsWith(`.${name}`) || name.endsWith(`.${k}`) ? 1 : editDistance(name, k);
    if (d <= limit) scored.push({ k, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
  return scored.slice(0, max).map((s) => s.k);
}

/** `did you mean "a" or "b"?` (empty when nothing is close). */
export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known).map((k) => `"${k}"`);
  if (c.length === 0) return '';
  return `did you mean ${c.length === 1 ? c[0] : `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]}`}?`;
}
