/** A seeded pseudo-random source, so a simulator run with the same seed and requests repeats exactly. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for fault dice and ids (not for anything secret). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Independent streams per concern (faults, latency, ids, durations, endings), so adding latency never changes which request fails. */
export function randomStreams(seed: number): {
  faults: Random;
  latency: Random;
  ids: Random;
  durations: Random;
  endings: Random;
} {
  return {
    faults: mulberry32(seed),
    latency: mulberry32(seed ^ 0x9e3779b9),
    ids: mulberry32(seed ^ 0x85ebca6b),
    durations: mulberry32(seed ^ 0xc2b2ae35),
    endings: mulberry32(seed ^ 0x27d4eb2f),
  };
}

export function randomHex(random: Random, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** A UUID v4 layout from the seeded stream (RequestId values look like the real ones). */
export function randomUuid(random: Random): string {
  const hex = randomHex(random, 32);
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
