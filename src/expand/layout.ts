// What the review page lays its grid out by: the matrix axes of a request's video (its values are in
// `vars`), and its take. Row-based videos and videos without a matrix have no axes (a plain grid).
import { matrixAxes } from "./matrix.js";
import type { Expansion, VideoPlan } from "./expansion.js";

const axesByPlan = new WeakMap<VideoPlan, readonly string[]>();

/** The matrix axes of the request's video (one shared array per video), or undefined for a plain grid. */
export function layoutAxes(e: Expansion): readonly string[] | undefined {
  const { plan, row } = e.trace;
  if (!plan.spec.matrix || row !== undefined) return undefined;
  let axes = axesByPlan.get(plan);
  if (!axes) axesByPlan.set(plan, (axes = matrixAxes(plan.spec.matrix)));
  return axes.length > 0 ? axes : undefined;
}

/** Take n of a video with several takes (its key ends in "#n"), else undefined. */
export function takeOf(e: Expansion): number | undefined {
  const takes = e.trace.combo.takes ?? e.trace.plan.spec.takes ?? 1;
  if (takes <= 1) return undefined;
  const match = /#(\d+)$/.exec(e.key);
  return match ? Number(match[1]) : undefined;
}
