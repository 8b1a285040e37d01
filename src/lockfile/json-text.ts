// Deterministic JSON text: the same value always gives the same bytes. Plain objects are written with
// their keys in code-point order; `Ordered` objects keep the field order their builder chose. We do not
// use JSON.stringify for objects because JS engines put integer-like keys ("10", "9") first, whatever
// the insertion order, which would break the promised key order.

/** An object whose fields are written in the given order (undefined values are left out). */
export class Ordered {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

/** Code-point order (not UTF-16 code-unit order, which differs for characters outside the BMP). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** Fast path for the common all-BMP case, exact in every case. */
export function sortKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (a < b ? (hasSurrogates(a, b) ? compareCodePoints(a, b) : -1) : a > b ? (hasSurrogates(a, b) ? compareCodePoints(a, b) : 1) : 0));
}

function hasSurrogates(a: string, b: string): boolean {
  return /[\uD800-\uDFFF]/.test(a) || /[\uD800-\uDFFF]/.test(b);
}

/** Pretty JSON with 2-space indentation and no trailing newline. */
export function prettyJson(value: unknown, indent = ""): string {
  if (value instanceof Ordered) return writeFields(value.fields, indent);
  if (Array.isArray(value)) return writeArray(value, indent);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return writeFields(sortKeys(Object.keys(record)).map((k) => [k, record[k]] as const), indent);
  }
  return JSON.stringify(value ?? null) ?? "null";
}

function writeFields(fields: ReadonlyArray<readonly [string, unknown]>, indent: string): string {
  const inner = `${indent}  `;
  const parts: string[] = [];
  for (const [key, v] of fields) if (v !== undefined) parts.push(`${inner}${JSON.stringify(key)}: ${prettyJson(v, inner)}`);
  return parts.length === 0 ? "{}" : `{\n${parts.join(",\n")}\n${indent}}`;
}

function writeArray(items: unknown[], indent: string): string {
  if (items.length === 0) return "[]";
  const inner = `${indent}  `;
  return `[\n${items.map((v) => `${inner}${prettyJson(v, inner)}`).join(",\n")}\n${indent}]`;
}

/** Fields in a fixed order first, then any others (written by a newer part of reelform) in key order. */
export function orderedFields(record: object, order: readonly string[], convert: (key: string, v: unknown) => unknown = (_k, v) => v): Ordered {
  const source = record as Record<string, unknown>;
  const known = new Set(order);
  const extra = sortKeys(Object.keys(source).filter((k) => !known.has(k)));
  return new Ordered([...order, ...extra].map((k) => [k, source[k] === undefined ? undefined : convert(k, source[k])] as const));
}
