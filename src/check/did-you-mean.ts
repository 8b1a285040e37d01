// "did you mean …" for misspelt enum-ish values and variable names.

/** The candidate closest to value (case-insensitive edit distance), if close enough to be a likely typo. */
export function closestMatch(value: string, candidates: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(wanted, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  return best !== undefined && bestDistance <= limit && best !== value ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A "did you mean" suggestion, or a list of the allowed values when nothing is close. */
export function suggestValue(value: string, allowed: readonly string[]): string {
  const guess = closestMatch(value, allowed);
  return guess ? `did you mean "${guess}"?` : `allowed: ${allowed.join(", ")}`;
}
