// GitHub Actions `strategy.matrix` semantics: cartesian product in key order (first key slowest),
// `exclude` by partial match applied first, then each `include` entry extends every original combination
// whose original values it does not overwrite, or else becomes a new combination appended at the end.
import type { MatrixSpec } from "../manifest/types.js";
import type { JsonValue } from "../util/canonical-json.js";
import { jsonEqual } from "./json-equal.js";
import type { ManifestPath } from "./sources.js";
import { fastKeyedRecord } from "../util/objects.js";

export interface Combination {
  values: Record<string, JsonValue>;
  /** Manifest path (relative to the matrix) of values supplied by include entries; axis values: see matrixSource. */
  includeSources?: Record<string, ManifestPath>;
  /** Takes for this combination (an include entry's `takes`). */
  takes?: number;
}

const RESERVED = new Set(["include", "exclude"]);

export function matrixAxes(matrix: MatrixSpec): string[] {
  return Object.keys(matrix).filter((k) => !RESERVED.has(k));
}

function axisValues(matrix: MatrixSpec, axis: string): JsonValue[] {
  const values = matrix[axis];
  return Array.isArray(values) ? (values as JsonValue[]) : [];
}

/** Upper bound of combinations, computed without enumerating: product of the axes (excludes not subtracted) + includes. */
export function matrixBound(matrix: MatrixSpec): number {
  const axes = matrixAxes(matrix);
  const includes = matrix.include?.length ?? 0;
  if (axes.length === 0) return Math.max(includes, 1);
  return axes.reduce((n, axis) => n * axisValues(matrix, axis).length, 1) + includes;
}

export function expandMatrix(matrix: MatrixSpec): Combination[] {
  const axes = matrixAxes(matrix);
  const originals =
    axes.length === 0 ? [] : cartesian(matrix, axes).filter((c) => !isExcluded(c, matrix.exclude ?? []));
  const added: Combination[] = [];
  (matrix.include ?? []).forEach((entry, index) => {
    if (!extendOriginals(originals, axes, entry, index)) added.push(newCombination(entry, index));
  });
  const all = [...originals, ...added];
  return all.length === 0 && axes.length === 0 ? [{ values: {} }] : all;
}

/** Odometer over the axes (last axis fastest); each combination is built once, without intermediate copies. */
function cartesian(matrix: MatrixSpec, axes: string[]): Combination[] {
  const lists = axes.map((axis) => axisValues(matrix, axis));
  const total = lists.reduce((n, list) => n * list.length, 1);
  const index = axes.map(() => 0);
  const combos: Combination[] = new Array<Combination>(total);
  for (let n = 0; n < total; n++) {
    const values: Record<string, JsonValue> = fastKeyedRecord<JsonValue>();
    for (let a = 0; a < axes.length; a++) values[axes[a] as string] = lists[a]?.[index[a] ?? 0] as JsonValue;
    combos[n] = { values };
    for (let a = axes.length - 1; a >= 0; a--) {
      index[a] = (index[a] ?? 0) + 1;
      if ((index[a] ?? 0) < (lists[a]?.length ?? 0)) break;
      index[a] = 0;
    }
  }
  return combos;
}

function isExcluded(combo: Combination, excludes: readonly Record<string, JsonValue>[]): boolean {
  return excludes.some((entry) => Object.keys(entry).every((k) => jsonEqual(combo.values[k], entry[k])));
}

/** Adds the entry to every original it fits; returns whether it fitted any. */
function extendOriginals(
  originals: Combination[],
  axes: string[],
  entry: Record<string, JsonValue>,
  index: number,
): boolean {
  const axisKeys = Object.keys(entry).filter((k) => axes.includes(k));
  let fitted = false;
  for (const combo of originals) {
    if (!axisKeys.every((k) => jsonEqual(combo.values[k], entry[k]))) continue;
    applyInclude(combo, entry, index, axes);
    fitted = true;
  }
  return fitted;
}

function applyInclude(combo: Combination, entry: Record<string, JsonValue>, index: number, axes: string[]): void {
  for (const [k, v] of Object.entries(entry)) {
    if (k === "takes") combo.takes = v as number;
    else if (!axes.includes(k)) {
      combo.values[k] = v;
      (combo.includeSources ??= {})[k] = ["include", index, k];
    }
  }
}

function newCombination(entry: Record<string, JsonValue>, index: number): Combination {
  const combo: Combination = { values: {} };
  applyInclude(combo, entry, index, []);
  return combo;
}

/**
 * Manifest path (relative to the matrix) of the node that supplied a combination's value, found on demand
 * (only findings need it): the include entry that added it, or the axis value it equals.
 */
export function matrixSource(matrix: MatrixSpec, combo: Combination, name: string): ManifestPath | undefined {
  const fromInclude = combo.includeSources?.[name];
  if (fromInclude) return fromInclude;
  if (!Object.hasOwn(combo.values, name) || !matrixAxes(matrix).includes(name)) return undefined;
  const index = axisValues(matrix, name).findIndex((v) => jsonEqual(v, combo.values[name]));
  return index < 0 ? undefined : [name, index];
}
