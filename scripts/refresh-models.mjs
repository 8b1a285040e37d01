#!/usr/bin/env node
// Compares data/models.json with the model texts of Tencent's Node SDK and reports what changed, for a
// person to review and copy into the table (it never edits the table: the SDK text is prose, not data).
//   npm install --save-dev tencentcloud-sdk-nodejs@latest   # the SDK is a devDependency for this script only
//   npm run refresh-models                                  # or: node scripts/refresh-models.mjs [--json] [--sdk FILE]
// Exit code: 0 when the SDK lists the same models and versions as the table, 2 when it differs, 1 on error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { compareVersions, readSdkFacts, tableVersions } from "./sdk-model-text.mjs";

const MODELS_FILE = "tencentcloud/services/vod/v20180717/vod_models.d.ts";
const args = process.argv.slice(2);
const json = args.includes("--json");
const sdkArg = args.indexOf("--sdk") >= 0 ? args[args.indexOf("--sdk") + 1] : undefined;

function sdkLocation() {
  if (sdkArg) return { file: sdkArg, version: "(given file)" };
  const require = createRequire(import.meta.url);
  try {
    const pkg = require.resolve("tencentcloud-sdk-nodejs/package.json");
    return { file: pkg.replace(/package\.json$/, MODELS_FILE), version: JSON.parse(readFileSync(pkg, "utf8")).version };
  } catch {
    process.stderr.write("refresh-models: tencentcloud-sdk-nodejs is not installed: npm install --save-dev tencentcloud-sdk-nodejs@latest\n");
    process.exit(1);
  }
}

const sdk = sdkLocation();
const table = JSON.parse(readFileSync(new URL("../data/models.json", import.meta.url), "utf8"));
const facts = readSdkFacts(readFileSync(sdk.file, "utf8"));
const changes = compareVersions(facts.versions, tableVersions(table));
const recorded = table.provenance?.tencent?.version;

if (json) {
  process.stdout.write(`${JSON.stringify({ sdk_version: sdk.version, table_sdk_version: recorded, changes, facts }, null, 2)}\n`);
} else {
  const out = [`SDK ${sdk.version} (${sdk.file}); the table was read from SDK ${recorded ?? "(not recorded)"}.`, ""];
  out.push(changes.length === 0 ? "Models and versions: the same as the table." : "Models and versions that differ:");
  for (const c of changes) out.push(`  ${c.model}: ${c.change}: ${c.versions.join(", ")}`);
  out.push("", `Input file types: ${facts.fileTypes.join(", ")}`, `Prompt: ${facts.promptDoc ?? "(not found)"}`, `Last frame: ${facts.lastFrameDoc ?? "(not found)"}`, `Audio: ${facts.audioDoc ?? "(not found)"}`);
  for (const [field, byModel] of Object.entries(facts.outputConfig)) {
    out.push("", `${field}, per model (compare with \`reelform models\`):`);
    for (const [model, lines] of Object.entries(byModel)) for (const line of lines) out.push(`  ${model}: ${line}`);
  }
  out.push("", "Review the texts, edit data/models.json (rules and provenance.tencent), then run the table tests: npx vitest run test/check");
  process.stdout.write(`${out.join("\n")}\n`);
}
process.exit(changes.length === 0 ? 0 : 2);
