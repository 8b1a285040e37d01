// `reelform import`: does a task made elsewhere match the key's request? The task's detail echoes its request
// (AigcVideoTask.Input, in Tencent's PascalCase names); the fields that decide what video is made are compared:
// model, version, prompt, negative prompt, and each output setting the key's request sets. Pure.
import { canonicalJson, type JsonObject, type JsonValue } from "../util/canonical-json.js";
import { OUTPUT_CONFIG_FIELDS, REQUEST_FIELDS } from "./tencent/fields.js";

const COMPARED = ["model_name", "model_version", "prompt", "negative_prompt"] as const;

/** One line per field that differs: `prompt: "a red kettle" in the manifest, "a blue mug" in the task`. */
export function echoDifferences(request: JsonObject, input: Readonly<Record<string, unknown>> | undefined): string[] {
  if (!input) return ["the task's details do not echo its request (no Input): cannot compare"];
  const differences: string[] = [];
  for (const field of COMPARED) compare(field, request[field], input[REQUEST_FIELDS[field] ?? field], differences);
  const wanted = asObject(request.output_config) ?? {};
  const echoed = asObject(input.OutputConfig) ?? {};
  for (const field of Object.keys(wanted).sort()) {
    const name = (OUTPUT_CONFIG_FIELDS as Record<string, string | undefined>)[field] ?? field;
    compare(`output_config.${field}`, wanted[field], echoed[name], differences);
  }
  return differences;
}

function compare(path: string, wanted: unknown, echoed: unknown, out: string[]): void {
  if (same(wanted, echoed)) return;
  out.push(`${path}: ${show(wanted)} in the manifest, ${show(echoed)} in the task`);
}

/** Numbers and their text are the same setting (`duration: 5` and `"5"`); absent and empty are the same. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (v === "" || v === null ? undefined : typeof v === "number" ? String(v) : v);
  const x = norm(a);
  const y = norm(b);
  if (x === undefined || y === undefined) return x === y;
  return canonicalJson(x as JsonValue) === canonicalJson(y as JsonValue);
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(none)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
