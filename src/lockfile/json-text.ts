// Deterministic JSON text: the same value always gives the same bytes. Plain objects are written with
// their keys in code-point order; `Ordered` objects keep the field order their builder chose. We do not
// use JSON.stringify for objects because JS engines put integer-like keys ("10", "9") first, whatever
// the insertion order, which would break the promised key order.

/** An object whose fields are written in the given order (undefined values are left out). */
export class Ordered {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

/**
 * Code-point order (not UTF-16 code-unit order, which differs outside the BMP): at the first differing
 * unit, surrogates (D800-DFFF) are moved above E000-FFFF, which turns unit order into code-point order.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return toCodePointRank(x) - toCodePointRank(y);
  }
  return a.length - b.length;
}

function toCodePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Sorts in code-point order; the native comparison gives the same order when no key has a surrogate. */
export function sortKeys(keys: string[]): string[] {
  return sortByCodePoints(keys, (k) => k);
}

export function sortByCodePoints<T>(items: T[], keyOf: (item: T) => string): T[] {
  if (items.some((item) => SURROGATE.test(keyOf(item))))
    return items.sort((a, b) => compareCodePoints(keyOf(a), keyOf(b)));
  return items.sort((a, b) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Pretty JSON with 2-space indentation and no trailing newline. */
export function prettyJson(value: unknown, indent = ""): string {
  const plain = toInsertionOrdered(value);
  if (plain !== INTEGER_KEY) {
    const text = JSON.stringify(plain, null, 2) ?? "null";
    return indent ? text.replace(/\n/g, `\n${indent}`) : text;
  }
  if (value instanceof Ordered) return writeFields(value.fields, indent);
  if (Array.isArray(value)) return writeArray(value, indent);
  const record = value as Record<string, unknown>;
  return writeFields(
    sortKeys(Object.keys(record)).map((k) => [k, record[k]] as const),
    indent,
  );
}

/** The same order as prettyJson, on one line with no spaces (JSON.stringify's compact form). */
export function compactJson(value: unknown): string {
  const plain = toInsertionOrdered(value);
  if (plain !== INTEGER_KEY) return JSON.stringify(plain) ?? "null";
  if (value instanceof Ordered) return compactFields(value.fields);
  if (Array.isArray(value)) return `[${value.map(compactJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  return compactFields(sortKeys(Object.keys(record)).map((k) => [k, record[k]] as const));
}

function compactFields(fields: ReadonlyArray<readonly [string, unknown]>): string {
  const parts: string[] = [];
  for (const [key, v] of fields) if (v !== undefined) parts.push(`${JSON.stringify(key)}:${compactJson(v)}`);
  return `{${parts.join(",")}}`;
}

const INTEGER_KEY = Symbol("integer-like key");
const INTEGER_LIKE = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * Fast path: a copy whose objects have their keys inserted in the wanted order, for the native
 * JSON.stringify. Engines put integer-like keys ("10") first whatever the insertion order, so such a
 * subtree is written by hand instead (INTEGER_KEY).
 */
function toInsertionOrdered(value: unknown): unknown {
  if (value instanceof Ordered) return fromFields(value.fields);
  if (Array.isArray(value)) {
    const items = value.map(toInsertionOrdered);
    return items.includes(INTEGER_KEY) ? INTEGER_KEY : items;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  return fromFields(sortKeys(Object.keys(record)).map((k) => [k, record[k]] as const));
}

function fromFields(fields: ReadonlyArray<readonly [string, unknown]>): unknown {
  const out = Object.create(null) as Record<string, unknown>; // "__proto__" is a key like any other
  for (const [key, v] of fields) {
    if (v === undefined) continue;
    if (INTEGER_LIKE.test(key)) return INTEGER_KEY;
    const converted = toInsertionOrdered(v);
    if (converted === INTEGER_KEY) return INTEGER_KEY;
    out[key] = converted;
  }
  return out;
}

function writeFields(fields: ReadonlyArray<readonly [string, unknown]>, indent: string): string {
  const inner = `${indent}  `;
  const parts: string[] = [];
  for (const [key, v] of fields)
    if (v !== undefined) parts.push(`${inner}${JSON.stringify(key)}: ${prettyJson(v, inner)}`);
  return parts.length === 0 ? "{}" : `{\n${parts.join(",\n")}\n${indent}}`;
}

function writeArray(items: unknown[], indent: string): string {
  if (items.length === 0) return "[]";
  const inner = `${indent}  `;
  return `[\n${items.map((v) => `${inner}${prettyJson(v, inner)}`).join(",\n")}\n${indent}]`;
}

/** Fields in a fixed order first, then any others (written by a newer part of reelform) in key order. */
export function orderedFields(
  record: object,
  order: readonly string[],
  convert: (key: string, v: unknown) => unknown = (_k, v) => v,
): Ordered {
  const source = record as Record<string, unknown>;
  const known = knownSet(order);
  const fields: (readonly [string, unknown])[] = [];
  // Once per entry, per task and per output of a 500,000-entry lockfile: no Set, spread or map per call.
  for (const k of order) {
    const v = source[k];
    if (v !== undefined) fields.push([k, convert(k, v)]);
  }
  let extra: string[] | undefined;
  for (const k of Object.keys(source)) if (!known.has(k)) (extra ??= []).push(k);
  if (extra)
    for (const k of sortKeys(extra)) {
      const v = source[k];
      if (v !== undefined) fields.push([k, convert(k, v)]);
    }
  return new Ordered(fields);
}

const knownSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function knownSet(order: readonly string[]): ReadonlySet<string> {
  let known = knownSets.get(order);
  if (!known) knownSets.set(order, (known = new Set(order)));
  return known;
}
