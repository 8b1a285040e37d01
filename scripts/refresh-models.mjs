#!/usr/bin/env node
// Compares reelform's tables with the texts of Tencent's Node SDK and reports what changed, for a person to
// review and copy into the tables (it never edits them: the SDK text is prose, not data):
// - model names and versions (CreateAigcVideoTaskRequest.ModelVersion) against data/models.json;
// - the ErrCodeExt enum (AigcVideoTask.ErrCodeExt) against the classification tables (src/api/task-errors.ts);
// - InputRegion's values against src/check/api-fields.ts;
// - the models each request field's text names (a field restriction added, lifted or moved) against
//   data/tencent-field-restrictions.json (`--accept-restrictions` rewrites it once reviewed);
// - the request texts themselves (CreateAigcVideoTaskRequest, never the DescribeTaskDetail echo).
//   npm install --save-dev tencentcloud-sdk-nodejs@latest   # the SDK is a devDependency (types and this script)
//   npm run build && npm run refresh-models                 # or: node scripts/refresh-models.mjs [--json] [--sdk FILE] [--accept-restrictions]
// Exit code: 0 when nothing differs, 2 when something does, 1 on error.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  compareErrCodes,
  compareLists,
  compareRestrictions,
  compareVersions,
  readSdkFacts,
  tableVersions,
} from "./sdk-model-text.mjs";

const MODELS_FILE = "tencentcloud/services/vod/v20180717/vod_models.d.ts";
const RESTRICTIONS = new URL("../data/tencent-field-restrictions.json", import.meta.url);
const args = process.argv.slice(2);
const json = args.includes("--json");
const accept = args.includes("--accept-restrictions");
const sdkArg = args.indexOf("--sdk") >= 0 ? args[args.indexOf("--sdk") + 1] : undefined;

function fail(message) {
  process.stderr.write(`refresh-models: ${message}\n`);
  process.exit(1);
}

function sdkLocation() {
  if (sdkArg) return { file: sdkArg, version: "(given file)" };
  const require = createRequire(import.meta.url);
  try {
    const pkg = require.resolve("tencentcloud-sdk-nodejs/package.json");
    return { file: pkg.replace(/package\.json$/, MODELS_FILE), version: JSON.parse(readFileSync(pkg, "utf8")).version };
  } catch {
    return fail("tencentcloud-sdk-nodejs is not installed: npm install --save-dev tencentcloud-sdk-nodejs@latest");
  }
}

/** The classification tables as reelform ships them (built: npm run build). */
async function ourTables() {
  try {
    const [{ TASK_ERROR_CODES }, { INPUT_REGIONS }] = await Promise.all([
      import("../dist/api/task-errors.js"),
      import("../dist/check/api-fields.js"),
    ]);
    return { errorCodes: TASK_ERROR_CODES, inputRegions: INPUT_REGIONS };
  } catch {
    return fail("reelform is not built (the tables are read from dist/): npm run build");
  }
}

const sdk = sdkLocation();
let text;
try {
  text = readFileSync(sdk.file, "utf8");
} catch (error) {
  fail(`cannot read ${sdk.file}: ${error.code ?? error.message}`);
}
const table = JSON.parse(readFileSync(new URL("../data/models.json", import.meta.url), "utf8"));
const recorded = JSON.parse(readFileSync(RESTRICTIONS, "utf8"));
const ours = await ourTables();
const facts = readSdkFacts(text);
const report = {
  sdk_version: sdk.version,
  table_sdk_version: table.provenance?.tencent?.version,
  changes: compareVersions(facts.versions, tableVersions(table)),
  err_code_ext: compareErrCodes(facts.errCodeExts, ours.errorCodes),
  input_regions: compareLists(facts.inputRegions, ours.inputRegions),
  restrictions: compareRestrictions(facts.restrictions, recorded.fields ?? {}),
  facts,
};
const differs =
  report.changes.length > 0 ||
  report.err_code_ext.unclassified.length > 0 ||
  report.err_code_ext.notInSdk.length > 0 ||
  report.input_regions.added.length > 0 ||
  report.input_regions.removed.length > 0 ||
  report.restrictions.length > 0;

if (accept)
  writeFileSync(RESTRICTIONS, `${JSON.stringify({ sdk_version: sdk.version, fields: facts.restrictions }, null, 2)}\n`);
if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else process.stdout.write(`${textReport(report, sdk.file).join("\n")}\n`);
process.exit(differs && !accept ? 2 : 0);

function textReport(r, file) {
  const out = [
    `SDK ${r.sdk_version} (${file}); the table was read from SDK ${r.table_sdk_version ?? "(not recorded)"}.`,
    "",
  ];
  out.push(r.changes.length === 0 ? "Models and versions: the same as the table." : "Models and versions that differ:");
  for (const c of r.changes) out.push(`  ${c.model}: ${c.change}: ${c.versions.join(", ")}`);
  const codes = r.err_code_ext;
  out.push(
    codes.unclassified.length + codes.notInSdk.length === 0
      ? "ErrCodeExt: every value is classified (src/api/task-errors.ts)."
      : "ErrCodeExt against src/api/task-errors.ts:",
  );
  if (codes.unclassified.length)
    out.push(`  not classified (add each to transient or not_transient): ${codes.unclassified.join(", ")}`);
  if (codes.notInSdk.length) out.push(`  classified but no longer in the SDK's enum: ${codes.notInSdk.join(", ")}`);
  const regions = r.input_regions;
  out.push(
    regions.added.length + regions.removed.length === 0
      ? "InputRegion: the same values as src/check/api-fields.ts."
      : "InputRegion against src/check/api-fields.ts:",
  );
  if (regions.added.length) out.push(`  new: ${regions.added.join(", ")}`);
  if (regions.removed.length) out.push(`  no longer listed: ${regions.removed.join(", ")}`);
  out.push(
    r.restrictions.length === 0
      ? "Field restrictions: the same as data/tencent-field-restrictions.json."
      : "Field restrictions (the models each field's text names) against data/tencent-field-restrictions.json:",
  );
  for (const c of r.restrictions)
    out.push(
      `  ${c.field}: ${c.change}${c.before ? ` (was ${c.before.join(", ") || "all models"})` : ""}${c.models.length ? `: ${c.models.join(", ")}` : ""}`,
    );
  const f = r.facts;
  out.push(
    "",
    `Input file types: ${f.fileTypes.join(", ")}`,
    `Prompt: ${f.promptDoc ?? "(not found)"}`,
    `Last frame: ${f.lastFrameDoc ?? "(not found)"}`,
    `Audio: ${f.audioDoc ?? "(not found)"}`,
  );
  for (const [field, byModel] of Object.entries(f.outputConfig)) {
    out.push("", `${field}, per model (compare with \`reelform models\`):`);
    for (const [model, lines] of Object.entries(byModel)) for (const line of lines) out.push(`  ${model}: ${line}`);
  }
  out.push(
    "",
    "Review the texts, edit data/models.json (rules and provenance.tencent), src/api/task-errors.ts, src/check/api-fields.ts and",
    "src/provider/tencent/fields.ts, rerun with --accept-restrictions, then: npm run typecheck && npx vitest run test/check test/tencent",
  );
  return out;
}
