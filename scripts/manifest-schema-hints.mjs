// The editor hints of schemas/manifest.schema.json that are generated, not hand-written (so they cannot drift):
//   - `examples` of model_name, output_config resolution / aspect_ratio / duration, from data/models.json;
//   - model_version examples per model (videoFields.allOf: if model_name is M then model_version examples);
//   - the `true` placeholders that let `defaults` and a video say additionalProperties: false (draft-07 sees
//     only an object's own `properties`), so editors flag unknown fields as reelform's validate does;
//   - `markdownDescription` = `description` on every node (editors render it as markdown: backticks, bold).
// Write them: node scripts/annotate-manifest-schema.mjs. test/manifest/schema-hints.test.ts fails while stale.

/** @param {any} schema the manifest schema (not modified); @param {any} table data/models.json */
export function annotateManifestSchema(schema, table) {
  const out = structuredClone(schema);
  const defs = out.definitions;
  const fields = defs.videoFields.properties;
  const models = Object.entries(table.models ?? {});
  fields.model_name.examples = models.map(([name]) => name);
  defs.videoFields.allOf = models.map(([name, model]) => ({
    if: { properties: { model_name: { const: name } }, required: ["model_name"] },
    then: { properties: { model_version: { examples: Object.keys(model.versions ?? {}) } } },
  }));
  const rules = models.flatMap(([, model]) => everyRuleSet(model));
  const output = defs.outputConfig.properties;
  output.resolution.examples = sortedUnion(rules.map((r) => r.resolutions));
  output.aspect_ratio.examples = sortedUnion(rules.map((r) => r.aspect_ratios));
  output.duration.examples = sortedUnion(rules.map((r) => durationValues(r.durations)));
  const placeholders = Object.fromEntries(Object.keys(fields).map((name) => [name, true]));
  out.properties.defaults.properties = placeholders;
  defs.video.properties = { ...placeholders, ...runnerProperties(defs.video.properties, fields) };
  return withMarkdownDescriptions(out);
}

/** A model's rules for every source, model-wide and per version (a version entry overrides some of them). */
function everyRuleSet(model) {
  const sources = Object.values(model.rules ?? {});
  const versions = Object.values(model.versions ?? {}).flatMap((v) =>
    Object.values(v ?? {}).filter((r) => r && typeof r === "object"),
  );
  return [...sources, ...versions];
}

function durationValues(durations) {
  if (!durations || typeof durations !== "object") return [];
  if (Array.isArray(durations.values)) return durations.values;
  const { min, max } = durations;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max - min > 60) return [min, max].filter(Number.isFinite);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

function sortedUnion(lists) {
  const values = [...new Set(lists.flatMap((list) => (Array.isArray(list) ? list : [])))];
  return values.sort((a, b) =>
    typeof a === "number" && typeof b === "number"
      ? a - b
      : String(a).localeCompare(String(b), "en", { numeric: true }),
  );
}

/** The video's own (runner) properties: those that are not placeholders of API fields. */
function runnerProperties(properties, fields) {
  return Object.fromEntries(
    Object.entries(properties ?? {}).filter(([name, node]) => !(name in fields && node === true)),
  );
}

/** Every node with a description gets the same text as markdownDescription, right after it. */
function withMarkdownDescriptions(node) {
  if (Array.isArray(node)) return node.map(withMarkdownDescriptions);
  if (node === null || typeof node !== "object") return node;
  const entries = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "markdownDescription") continue;
    entries.push([key, VALUE_KEYWORDS.has(key) ? value : withMarkdownDescriptions(value)]);
    if (key === "description" && typeof value === "string") entries.push(["markdownDescription", value]);
  }
  return Object.fromEntries(entries);
}

/** Keywords whose value is data, not schemas: never annotated. */
const VALUE_KEYWORDS = new Set(["examples", "const", "enum", "default", "required"]);
