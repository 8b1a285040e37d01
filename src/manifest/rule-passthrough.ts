// Unknown fields in a video, defaults, output_config or a file_infos entry (docs/api.md "Models" rule): a
// near-miss of a known field is an error with the suggestion (the API would refuse every request with
// UnknownParameter); a field near none goes to the API as written, with a warning. A runner field in defaults
// is an error.
import type { Diagnostic } from "../diagnostics.js";
import { formatPath, type DocPath } from "./doc-path.js";
import { isJsonObject } from "../util/objects.js";
import { asArray, videosOf, type RuleContext } from "./rule-context.js";
import { knownProperties, manifestSchema } from "./schema.js";
import { closestMatch } from "./suggest.js";
import type { ManifestDoc } from "./types.js";

/** Keys reelform itself reads in a video; never sent to the API (the video's other properties are API fields). */
export const RUNNER_FIELDS: readonly string[] = Object.keys(
  manifestSchema().definitions?.video?.properties ?? {},
).filter((name) => !(name in (manifestSchema().definitions?.videoFields?.properties ?? {})));

/** Objects whose unknown keys go to the API as they are, with the schema node that lists their known keys. */
function passthroughObjects(
  doc: ManifestDoc,
): { path: DocPath; value: unknown; schema: "videoFields" | "video" | "outputConfig" | "fileInfo" }[] {
  const owners: {
    path: DocPath;
    value: { output_config?: unknown; file_infos?: unknown } | undefined;
    schema: "videoFields" | "video";
  }[] = [
    { path: ["defaults"], value: doc.defaults, schema: "videoFields" },
    ...videosOf(doc).map(({ video, index }) => ({
      path: ["videos", index] as DocPath,
      value: video,
      schema: "video" as const,
    })),
  ];
  return owners.flatMap(({ path, value, schema }) => [
    { path, value, schema },
    { path: [...path, "output_config"], value: value?.output_config, schema: "outputConfig" as const },
    ...asArray(value?.file_infos).map((info, j) => ({
      path: [...path, "file_infos", j],
      value: info,
      schema: "fileInfo" as const,
    })),
  ]);
}

export function passthroughFields(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const definitions = manifestSchema().definitions ?? {};
  const knownKeys = new Map<string, string[]>();
  return passthroughObjects(doc).flatMap(({ path, value, schema }) => {
    const definition = definitions[schema];
    if (!isJsonObject(value) || !definition) return [];
    const known = knownKeys.get(schema) ?? Object.keys(knownProperties(definition));
    knownKeys.set(schema, known);
    return Object.keys(value)
      .filter((key) => !known.includes(key))
      .map((key) =>
        schema === "videoFields" && RUNNER_FIELDS.includes(key)
          ? runnerFieldInDefaults(key, [...path, key], ctx)
          : unknownFieldDiagnostic(key, [...path, key], known, ctx),
      );
  });
}

/** `defaults` holds API fields only: a runner field there would silently do nothing. */
function runnerFieldInDefaults(key: string, path: DocPath, ctx: RuleContext): Diagnostic {
  return {
    severity: "error",
    message: `"${key}" cannot be set in defaults: ${RUNNER_FIELDS.join(", ")} belong to each video`,
    suggestion: `move "${key}" into the videos that need it`,
    ...ctx.locate(path, { key: true }),
  };
}

function unknownFieldDiagnostic(key: string, path: DocPath, known: string[], ctx: RuleContext): Diagnostic {
  const match = closestMatch(key, [...new Set([...known, ...RUNNER_FIELDS])]);
  const at = ctx.locate(path, { key: true });
  if (match !== undefined) {
    // A misspelt runner field would silently become an API field; a misspelt API field is refused by the API.
    return {
      severity: "error",
      message: `unknown field "${key}" in ${formatPath(path.slice(0, -1))}`,
      suggestion: `did you mean "${match}"?`,
      ...at,
    };
  }
  return {
    severity: "warning",
    message: `unknown field "${key}" in ${formatPath(path.slice(0, -1))} passes through to the API unchanged`,
    ...at,
  };
}
