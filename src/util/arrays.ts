// Helpers for arrays as large as a campaign (500,000 tasks). `Math.min(...xs)` and `out.push(...xs)` pass
// every element as an argument and overflow the stack past about 100,000 elements: eslint.config.js
// (SPREAD_SYNTAX) forbids them in src/, and these take their place.

/** The smallest of `values` (numbers, or what `of` maps each to), or undefined for none. */
export function minOf<T>(values: Iterable<T>, of?: (value: T) => number): number | undefined {
  let best: number | undefined;
  for (const value of values) {
    const n = of ? of(value) : (value as unknown as number);
    if (best === undefined || n < best) best = n;
  }
  return best;
}

/** The largest of `values` (numbers, or what `of` maps each to), or undefined for none. */
export function maxOf<T>(values: Iterable<T>, of?: (value: T) => number): number | undefined {
  let best: number | undefined;
  for (const value of values) {
    const n = of ? of(value) : (value as unknown as number);
    if (best === undefined || n > best) best = n;
  }
  return best;
}

/** Appends every item to `target` (any number of them) and returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
