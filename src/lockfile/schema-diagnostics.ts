// ajv errors -> diagnostics pointing at the offending node (file:line:col), for JSON files reelform writes.
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../diagnostics.js";
import { locatePath, positionAt } from "./json-locate.js";

const MAX_DIAGNOSTICS = 20;

export function schemaDiagnostics(errors: readonly ErrorObject[], text: string, file: string): Diagnostic[] {
  const useful = errors.filter((e) => e.keyword !== "if");
  const shown = useful.slice(0, MAX_DIAGNOSTICS).map((e) => toDiagnostic(e, text, file));
  if (useful.length > MAX_DIAGNOSTICS)
    shown.push({ severity: "error", file, message: `… and ${useful.length - MAX_DIAGNOSTICS} more problems` });
  return shown;
}

function toDiagnostic(error: ErrorObject, text: string, file: string): Diagnostic {
  const path = pointerSegments(error.instancePath);
  const { line, col } = positionAt(text, locatePath(text, path));
  return { severity: "error", file, line, col, message: `${describePath(path)}: ${describeError(error)}` };
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** entries["hero-1"].task.outputs[0].url — how a reader finds the node by eye. */
export function describePath(path: readonly string[]): string {
  if (path.length === 0) return "top level";
  return path
    .map((s, i) =>
      /^\d+$/.test(s)
        ? `[${s}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && path[i - 1] !== "entries"
          ? `${i ? "." : ""}${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join("");
}

function describeError(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `missing field "${String(p.missingProperty)}"`;
    case "additionalProperties":
      return `unknown field "${String(p.additionalProperty)}"`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return error.message ?? error.keyword;
  }
}
