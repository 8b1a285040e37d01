// Fields the API (or reelform) types as numbers: there `5.0` is just 5 and needs no quoting hint.
// Everywhere else, a number whose text YAML would change (2.0, 010, 1e3) is refused.
import type { DocPath } from "./doc-path.js";

const TOP_LEVEL = new Set(["version", "budget"]);
const VIDEO_FIELDS = new Set(["tasks_priority", "takes"]);
const PRICE_FIELDS = new Set(["per_second", "audio_per_second"]);

export function isManifestNumericPath(path: DocPath): boolean {
  const [first, second] = path;
  if (path.length === 1) return TOP_LEVEL.has(String(first));
  if (first === "apply") return path.length === 2;
  if (first === "prices") return path.length === 4 && second === "rules" && PRICE_FIELDS.has(String(path[3]));
  const fields =
    first === "defaults" ? path.slice(1) : first === "videos" && typeof second === "number" ? path.slice(2) : undefined;
  return fields !== undefined && isNumericVideoField(fields);
}

function isNumericVideoField(fields: DocPath): boolean {
  if (fields.length === 1) return VIDEO_FIELDS.has(String(fields[0]));
  return fields.length === 2 && fields[0] === "output_config" && fields[1] === "duration";
}
