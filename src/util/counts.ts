// Counts of things in a fixed order, as one phrase: "2 to create, 1 to replace" or "3 waiting, 5 succeeded".

/**
 * "N phrase" for each name of `order` with a count above zero, joined by ", "; `none` when every count is
 * zero. Names missing from `counts` count as zero.
 */
export function describeCounts<K extends string>(
  counts: Partial<Record<K, number>>,
  order: readonly K[],
  phrase: (name: K) => string,
  none: string,
): string {
  const parts = order.filter((name) => (counts[name] ?? 0) > 0).map((name) => `${counts[name]} ${phrase(name)}`);
  return parts.length > 0 ? parts.join(", ") : none;
}
