// Sizes and rates in the simulator's flags: --file-size 5MiB, --bandwidth 50MiB/s.

/** "5MiB", "512KiB", "1GB", "4096" -> bytes; undefined when malformed. "/s" is allowed (bandwidths). */
export function parseBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*(?:\/s)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? "b").toLowerCase().replace(/b$/, "");
  const scale: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3 };
  const factor = scale[unit];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}
