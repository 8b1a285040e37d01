// Precompiles schemas/manifest.schema.json into src/manifest/schema-validator.generated.ts (ajv standalone
// code), so `validate` does not spend ~200 ms compiling the schema on every run. After editing the schema:
//   npm run build && node scripts/compile-manifest-schema.mjs && npm run build
// A test (test/manifest/schema-contract.test.ts) fails when the generated file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inlineDefinitions } from "../dist/manifest/schema.js";
import { generateValidatorSource } from "./manifest-validator-source.mjs";

const schema = JSON.parse(readFileSync(new URL("../schemas/manifest.schema.json", import.meta.url), "utf8"));
const target = fileURLToPath(new URL("../src/manifest/schema-validator.generated.ts", import.meta.url));
writeFileSync(target, generateValidatorSource(inlineDefinitions(schema)));
process.stdout.write(`wrote ${target}\n`);
