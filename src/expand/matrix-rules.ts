// Semantic rules of a matrix that the schema cannot express.
import type { Diagnostic } from "../diagnostics.js";
import type { MatrixSpec } from "../manifest/types.js";
import { closestMatch } from "../check/did-you-mean.js";
import { matrixAxes } from "./matrix.js";
import type { Locate, ManifestPath } from "./sources.js";

export function checkMatrix(matrix: MatrixSpec, at: ManifestPath, locate: Locate): Diagnostic[] {
  const axes = matrixAxes(matrix);
  const out: Diagnostic[] = [];
  if (axes.length === 0 && (matrix.include ?? []).length === 0) {
    // GitHub refuses this too ("Matrix must define at least one vector"): an empty include is not a vector.
    out.push({
      severity: "error",
      ...locate(at),
      message: "the matrix must define at least one vector: an axis with values, or a non-empty include",
      suggestion: "add an axis (e.g. product: [sneaker]) or include entries, or remove matrix:",
    });
  }
  for (const axis of axes) {
    const values = matrix[axis];
    if (!Array.isArray(values) || values.length === 0) {
      out.push({
        severity: "error",
        ...locate([...at, axis]),
        message: `matrix axis "${axis}" has no values`,
        suggestion: "give it a list of at least one value, or remove it",
      });
    }
  }
  (matrix.exclude ?? []).forEach((entry, i) => {
    for (const key of Object.keys(entry)) {
      if (axes.includes(key)) continue;
      const guess = closestMatch(key, axes);
      out.push({
        severity: "error",
        ...locate([...at, "exclude", i, key]),
        message: `exclude names "${key}", which is not a matrix axis`,
        suggestion: guess ? `did you mean "${guess}"?` : `axes: ${axes.join(", ")}`,
      });
    }
  });
  (matrix.include ?? []).forEach((entry, i) => {
    const takes = entry.takes;
    if (takes !== undefined && !(typeof takes === "number" && Number.isInteger(takes) && takes >= 1)) {
      out.push({
        severity: "error",
        ...locate([...at, "include", i, "takes"]),
        message: "takes must be a whole number of at least 1",
      });
    }
  });
  return out;
}
