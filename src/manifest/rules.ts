// Document-level rules that JSON Schema cannot say well: passthrough fields (warnings, with did-you-mean),
// misspelt runner fields, duplicate video ids, and where data files may live. Each rule is a small function.
import type { Diagnostic } from "../diagnostics.js";
import type { JsonValue } from "../util/canonical-json.js";
import { formatPath, type DocPath } from "./doc-path.js";
import { knownProperties, manifestSchema } from "./schema.js";
import { closestMatch } from "./suggest.js";
import type { ManifestDoc } from "./types.js";
import type { Locate } from "./yaml-locate.js";

export interface RuleContext {
  locate: Locate;
}

type Rule = (doc: ManifestDoc, ctx: RuleContext) => Diagnostic[];

/** Keys reelform itself reads in a video; never sent to the API. */
export const RUNNER_FIELDS: readonly string[] = Object.keys(manifestSchema().definitions?.video?.properties ?? {});

export const MANIFEST_RULES: readonly Rule[] = [passthroughFields, uniqueVideoIds, dataFilePaths];

/** Runs every rule. Also on a document with schema errors (all problems in one run), so rules read defensively. */
export function applyRules(doc: unknown, ctx: RuleContext): Diagnostic[] {
  if (!isObject(doc)) return [];
  return MANIFEST_RULES.flatMap((rule) => rule(doc as unknown as ManifestDoc, ctx));
}

/** The videos that are mappings, with their indexes (a broken document may have other things in the list). */
function videosOf(doc: ManifestDoc): { video: ManifestDoc["videos"][number]; index: number }[] {
  const videos: unknown[] = Array.isArray(doc.videos) ? doc.videos : [];
  return videos.flatMap((video, index) => (isObject(video) ? [{ video: video as ManifestDoc["videos"][number], index }] : []));
}

/** Objects whose unknown keys go to the API as they are, with the schema node that lists their known keys. */
function passthroughObjects(doc: ManifestDoc): { path: DocPath; value: unknown; schema: "videoFields" | "video" | "outputConfig" | "fileInfo" }[] {
  const owners: { path: DocPath; value: { output_config?: unknown; file_infos?: unknown } | undefined; schema: "videoFields" | "video" }[] = [
    { path: ["defaults"], value: doc.defaults, schema: "videoFields" },
    ...videosOf(doc).map(({ video, index }) => ({ path: ["videos", index] as DocPath, value: video, schema: "video" as const })),
  ];
  return owners.flatMap(({ path, value, schema }) => [
    { path, value, schema },
    { path: [...path, "output_config"], value: value?.output_config, schema: "outputConfig" as const },
    ...asArray(value?.file_infos).map((info, j) => ({ path: [...path, "file_infos", j], value: info, schema: "fileInfo" as const })),
  ]);
}

function passthroughFields(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const definitions = manifestSchema().definitions ?? {};
  return passthroughObjects(doc).flatMap(({ path, value, schema }) => {
    const definition = definitions[schema];
    if (!isObject(value) || !definition) return [];
    const known = Object.keys(knownProperties(definition));
    return Object.keys(value)
      .filter((key) => !known.includes(key))
      .map((key) => (schema === "videoFields" && RUNNER_FIELDS.includes(key) ? runnerFieldInDefaults(key, [...path, key], ctx) : unknownFieldDiagnostic(key, [...path, key], known, ctx)));
  });
}

/** `defaults` holds API fields only: a runner field there would silently do nothing. */
function runnerFieldInDefaults(key: string, path: DocPath, ctx: RuleContext): Diagnostic {
  return { severity: "error", message: `"${key}" cannot be set in defaults: ${RUNNER_FIELDS.join(", ")} belong to each video`, suggestion: `move "${key}" into the videos that need it`, ...ctx.locate(path, { key: true }) };
}

function unknownFieldDiagnostic(key: string, path: DocPath, known: string[], ctx: RuleContext): Diagnostic {
  const match = closestMatch(key, [...new Set([...known, ...RUNNER_FIELDS])]);
  const at = ctx.locate(path, { key: true });
  if (match !== undefined && RUNNER_FIELDS.includes(match)) {
    // A misspelt runner field would silently become an API field (and the matrix/rows/takes would not happen).
    return { severity: "error", message: `unknown field "${key}" in ${formatPath(path.slice(0, -1))}`, suggestion: `did you mean "${match}"?`, ...at };
  }
  return {
    severity: "warning",
    message: `unknown field "${key}" in ${formatPath(path.slice(0, -1))} passes through to the API unchanged`,
    ...(match !== undefined ? { suggestion: `did you mean "${match}"?` } : {}),
    ...at,
  };
}

function uniqueVideoIds(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const first = new Map<string, number>();
  const found: Diagnostic[] = [];
  videosOf(doc).forEach(({ video, index: i }) => {
    if (typeof video.id !== "string") return;
    const earlier = first.get(video.id);
    if (earlier === undefined) first.set(video.id, i);
    else {
      const line = ctx.locate(["videos", earlier, "id"]).line;
      found.push({ severity: "error", message: `video id "${video.id}" is already used by videos[${earlier}] (line ${line})`, suggestion: "give each video its own id", ...ctx.locate(["videos", i, "id"]) });
    }
  });
  return found;
}

const DATA_EXTENSIONS = /\.(csv|json|ya?ml)$/i;
const PRICE_EXTENSIONS = /\.(json|ya?ml)$/i;

/** Data files live next to the manifest: a manifest in a pull request must not read /etc/passwd or ../../secrets into prompts. */
function dataFilePaths(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  videosOf(doc).forEach(({ video, index: i }) => {
    if (typeof video.rows === "string") found.push(...checkDataPath(video.rows, ["videos", i, "rows"], DATA_EXTENSIONS, "CSV, JSON or YAML", ctx));
  });
  if (typeof doc.prices === "string") found.push(...checkDataPath(doc.prices, ["prices"], PRICE_EXTENSIONS, "YAML or JSON", ctx));
  return found;
}

function checkDataPath(file: string, path: DocPath, extensions: RegExp, kinds: string, ctx: RuleContext): Diagnostic[] {
  const at = ctx.locate(path);
  const segments = file.split(/[\\/]/);
  if (/^([\\/]|[A-Za-z]:)/.test(file) || segments.includes("..")) {
    return [{ severity: "error", message: `${formatPath(path)} must be a path inside the manifest's folder, not "${file}"`, suggestion: "copy the file next to the manifest and give a relative path", ...at }];
  }
  if (!extensions.test(file)) {
    return [{ severity: "error", message: `${formatPath(path)} must name a ${kinds} file (by its extension), not "${file}"`, ...at }];
  }
  return [];
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
