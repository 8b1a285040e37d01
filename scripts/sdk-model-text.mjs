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
  return html.replace(/^\s*\*\s?/gm, "").replace(/<br\s*\/?>|<\/?(li|p|ol|ul)[^>]*>/g, "\n").replace(/<[^>]+>/g, "").replace(/\n\s*\n+/g, "\n").trim();
}

/** "当 ModelName 是 Kling，可选值为 1.6、2.0；" -> { Kling: ["1.6", "2.0"] }. */
export function versionsByModel(doc) {
  const out = {};
  for (const m of (doc ?? "").matchAll(/当 ?ModelName ?是 ?(\w+)，可选值为 ?([^；;\n]+)/g)) {
    out[m[1]] = m[2].split("、").map((v) => v.trim()).filter(Boolean);
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

/** Everything the refresh report shows, read from the SDK text. */
export function readSdkFacts(source) {
  const versionDoc = fieldDoc(source, "CreateAigcVideoTaskRequest", "ModelVersion");
  const output = (field) => sentencesByModel(fieldDoc(source, "AigcVideoOutputConfig", field));
  return {
    versions: versionsByModel(versionDoc),
    fileTypes: [...(fieldDoc(source, "AigcVideoTaskInputFileInfo", "Type") ?? "").matchAll(/^(\w+)：/gm)].map((m) => m[1]),
    promptDoc: fieldDoc(source, "AigcVideoTaskInput", "Prompt"),
    lastFrameDoc: fieldDoc(source, "AigcVideoTaskInput", "LastFrameUrl"),
    outputConfig: { Resolution: output("Resolution"), AspectRatio: output("AspectRatio"), Duration: output("Duration") },
    audioDoc: fieldDoc(source, "AigcVideoOutputConfig", "AudioGeneration"),
  };
}

/** Versions the table lists for Tencent, per model. */
export function tableVersions(table) {
  const out = {};
  for (const [model, entry] of Object.entries(table.models ?? {})) {
    out[model] = Object.entries(entry.versions ?? {}).filter(([, sources]) => sources.tencent !== false).map(([v]) => v);
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
