// Reads the model facts out of the Tencent SDK's vod_models.d.ts (the texts the model table is built from)
// and compares them with data/models.json. Pure functions: scripts/refresh-models.mjs does the I/O.

/** The doc comment right above `Field:` / `Field?:` inside `export interface Name {`, tags stripped. */
export function fieldDoc(source, interfaceName, field) {
  const start = source.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) return undefined;
  const end = source.indexOf("\n}", start);
  const body = source.slice(start, end < 0 ? undefined : end);
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${field}\\??:`).exec(body);
  return match ? plain(match[1]) : undefined;
}

function plain(html) {
  return html
    .replace(/^\s*\*\s?/gm, "")
    .replace(/<br\s*\/?>|<\/?(li|p|ol|ul)[^>]*>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

/** "当 ModelName 是 Kling，可选值为 1.6、2.0；" -> { Kling: ["1.6", "2.0"] }. */
export function versionsByModel(doc) {
  const out = {};
  for (const m of (doc ?? "").matchAll(/当 ?ModelName ?是 ?(\w+)，可选值为 ?([^；;\n]+)/g)) {
    out[m[1]] = m[2]
      .split("、")
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return out;
}

/** Lines of a field's doc that speak about one model ("当 ModelName 是 Hailuo，…"), keyed by model. */
export function sentencesByModel(doc) {
  const out = {};
  for (const line of (doc ?? "").split("\n")) {
    const m = /ModelName ?是 ?(\w+)/.exec(line);
    if (m) out[m[1]] = [...(out[m[1]] ?? []), line.trim()];
  }
  return out;
}

/**
 * The request's interfaces: what a create request may carry. Read from CreateAigcVideoTaskRequest (M:11958),
 * never from AigcVideoTaskInput, the echo DescribeTaskDetail gives back (its texts differ: e.g. its last-frame
 * sentence names only GV, Kling and Vidu).
 */
export const REQUEST_INTERFACES = [
  "CreateAigcVideoTaskRequest",
  "AigcVideoOutputConfig",
  "AigcVideoTaskInputFileInfo",
  "AigcVideoTaskInputSubjectInfo",
];

/** The field names an interface declares, in order. */
export function interfaceFields(source, interfaceName) {
  const start = source.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) return [];
  const end = source.indexOf("\n}", start);
  return [...source.slice(start, end < 0 ? undefined : end).matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
}

/** Everything the refresh report shows, read from the SDK text. */
export function readSdkFacts(source) {
  const versionDoc = fieldDoc(source, "CreateAigcVideoTaskRequest", "ModelVersion");
  const output = (field) => sentencesByModel(fieldDoc(source, "AigcVideoOutputConfig", field));
  const versions = versionsByModel(versionDoc);
  return {
    versions,
    fileTypes: [...(fieldDoc(source, "AigcVideoTaskInputFileInfo", "Type") ?? "").matchAll(/^(\w+)：/gm)].map(
      (m) => m[1],
    ),
    promptDoc: fieldDoc(source, "CreateAigcVideoTaskRequest", "Prompt"),
    lastFrameDoc: fieldDoc(source, "CreateAigcVideoTaskRequest", "LastFrameUrl"),
    outputConfig: {
      Resolution: output("Resolution"),
      AspectRatio: output("AspectRatio"),
      Duration: output("Duration"),
    },
    audioDoc: fieldDoc(source, "AigcVideoOutputConfig", "AudioGeneration"),
    errCodeExts: enumNames(fieldDoc(source, "AigcVideoTask", "ErrCodeExt")),
    inputRegions: inputRegions(fieldDoc(source, "CreateAigcVideoTaskRequest", "InputRegion")),
    restrictions: fieldRestrictions(source, Object.keys(versions)),
  };
}

/** "<li>Name： what it means</li>" lines of an enum's doc -> the names. */
export function enumNames(doc) {
  return [...(doc ?? "").matchAll(/^([A-Za-z][\w.]*)：/gm)].map((m) => m[1]);
}

/** "当输入文件存储在海外时：Oversea；" -> "Oversea" (each value once, the default included). */
export function inputRegions(doc) {
  return [...new Set([...(doc ?? "").matchAll(/：\s*([A-Za-z]+)\s*[；;。]?\s*$/gm)].map((m) => m[1]))];
}

/**
 * Per request field ("AigcVideoOutputConfig.LogoAdd"), the models its text names ([] = it names none, so it
 * is taken to apply to every model): a change is a field restriction added, lifted or moved.
 */
export function fieldRestrictions(source, models) {
  const out = {};
  for (const name of REQUEST_INTERFACES) {
    for (const field of interfaceFields(source, name)) {
      const doc = fieldDoc(source, name, field) ?? "";
      out[`${name}.${field}`] = [...models]
        .sort()
        .filter((model) => new RegExp(`(^|[^A-Za-z])${model}([^A-Za-z]|$)`, "i").test(doc));
    }
  }
  return out;
}

/** ErrCodeExt values the SDK lists that the classification tables do not, and the other way round. */
export function compareErrCodes(sdk, classified) {
  const known = [...classified.transient, ...classified.not_transient];
  return {
    unclassified: sdk.filter((code) => !known.includes(code)),
    notInSdk: known.filter((code) => !sdk.includes(code)),
  };
}

/** Two lists of names: what one has that the other has not. */
export function compareLists(sdk, ours) {
  return { added: sdk.filter((v) => !ours.includes(v)), removed: ours.filter((v) => !sdk.includes(v)) };
}

/** Fields whose named models changed, new fields, and fields gone, against the recorded restrictions. */
export function compareRestrictions(sdk, recorded) {
  const changes = [];
  for (const [field, models] of Object.entries(sdk)) {
    const before = recorded[field];
    if (before === undefined) changes.push({ field, change: "new field", models });
    else if (before.join() !== models.join())
      changes.push({
        field,
        change: models.length === 0 ? "now names no model (all models)" : "names other models",
        before,
        models,
      });
  }
  for (const field of Object.keys(recorded))
    if (!(field in sdk)) changes.push({ field, change: "no longer in the SDK", before: recorded[field], models: [] });
  return changes;
}

/** Versions the table lists for Tencent, per model. */
export function tableVersions(table) {
  const out = {};
  for (const [model, entry] of Object.entries(table.models ?? {})) {
    out[model] = Object.entries(entry.versions ?? {})
      .filter(([, sources]) => sources.tencent !== false)
      .map(([v]) => v);
  }
  return out;
}

/** Models and versions added or removed in the SDK compared with the table. */
export function compareVersions(sdk, table) {
  const models = new Set([...Object.keys(sdk), ...Object.keys(table)]);
  const changes = [];
  for (const model of [...models].sort()) {
    const inSdk = sdk[model];
    const inTable = table[model];
    if (!inSdk) changes.push({ model, change: "model not in the SDK text", versions: inTable });
    else if (!inTable) changes.push({ model, change: "new model", versions: inSdk });
    else {
      const added = inSdk.filter((v) => !inTable.includes(v));
      const removed = inTable.filter((v) => !inSdk.includes(v));
      if (added.length) changes.push({ model, change: "new versions", versions: added });
      if (removed.length) changes.push({ model, change: "versions no longer listed", versions: removed });
    }
  }
  return changes;
}
