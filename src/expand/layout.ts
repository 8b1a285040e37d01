// What the review page lays its grid out by: the matrix axes of a request's video (its values are in
// `vars`), and its take. A video with both `rows:` and `matrix:` also has the axis "row" (the data row,
// named by its first column's value) next to its matrix axes. Row-based videos without a matrix and videos
// without a matrix have no axes (a plain grid).
import { matrixAxes } from "./matrix.js";
import type { Expansion, VideoPlan } from "./expansion.js";

const axesByPlan = new WeakMap<VideoPlan, readonly string[]>();

/** The matrix axes of the request's video (one shared array per video), or undefined for a plain grid. */
export function layoutAxes(e: Expansion): readonly string[] | undefined {
  const { plan, row } = e;
  if (!plan.spec.matrix) return undefined;
  let axes = axesByPlan.get(plan);
  if (!axes) {
    const matrix = matrixAxes(plan.spec.matrix);
    axesByPlan.set(plan, (axes = row !== undefined && matrix.length > 0 ? [...matrix, ROW_AXIS] : matrix));
  }
  return axes.length > 0 ? axes : undefined;
}

/** The axis of a rows × matrix video that tells its data rows apart. */
export const ROW_AXIS = "row";

/** A data row's label on the grid: its first column's value (as text), or its line in the data file. */
export function rowLabelOf(e: Expansion): string | undefined {
  const { plan, row } = e;
  if (!plan.spec.matrix || row === undefined) return undefined;
  const first = Object.values(row.values)[0];
  return first === undefined ? `line ${row.location.line}` : typeof first === "string" ? first : JSON.stringify(first);
}

/** Take n of a video with several takes (its key ends in "#n"), else undefined. */
export function takeOf(e: Expansion): number | undefined {
  const takes = e.combo.takes ?? e.plan.spec.takes ?? 1;
  if (takes <= 1) return undefined;
  const match = /#(\d+)$/.exec(e.key);
  return match ? Number(match[1]) : undefined;
}
