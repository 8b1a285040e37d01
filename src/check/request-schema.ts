// schemas/request.schema.json applied to a rendered body; ajv errors turned into plain findings.
import type { ErrorObject, ValidateFunction } from "ajv";
import type { JsonObject } from "../util/canonical-json.js";
import { suggestValue } from "./did-you-mean.js";
import type { Finding } from "./finding.js";
import { validate as precompiledValidate } from "./request-validator.generated.js";

/** Precompiled by scripts/compile-schemas.mjs (a test keeps it fresh). */
const validate = precompiledValidate as unknown as ValidateFunction;

export function checkRequestSchema(body: JsonObject): Finding[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== "if").map(toFinding);
}

function toFinding(error: ErrorObject): Finding {
  const path = error.instancePath.slice(1).replace(/\//g, ".");
  const field = path || "body";
  const base = { severity: "error" as const, path };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return {
        ...base,
        path: path ? `${path}.${String(params.missingProperty)}` : String(params.missingProperty),
        message: `${field === "body" ? "the request" : field} needs "${String(params.missingProperty)}"`,
      };
    case "enum": {
      const allowed = (params.allowedValues as string[]) ?? [];
      return {
        ...base,
        message: `${field} is ${JSON.stringify(error.data)}, not one of ${allowed.join(", ")}`,
        ...(typeof error.data === "string" ? { suggestion: suggestValue(error.data, allowed) } : {}),
      };
    }
    case "pattern":
      return { ...base, message: `${field} must be an http(s) URL, got ${JSON.stringify(error.data)}` };
    case "maxLength":
      return {
        ...base,
        message: `${field} is ${String((error.data as string).length)} characters long (at most ${String(params.limit)})`,
      };
    case "type":
      return {
        ...base,
        message: `${field} must be ${String(params.type)}, got ${JSON.stringify(error.data)}`,
        ...(params.type === "string" && typeof error.data === "number"
          ? { suggestion: `quote it: "${String(error.data)}"` }
          : {}),
      };
    default:
      return {
        ...base,
        message: `${field} ${error.message ?? "is invalid"}${error.data !== undefined && typeof error.data !== "object" ? ` (got ${JSON.stringify(error.data)})` : ""}`,
      };
  }
}
