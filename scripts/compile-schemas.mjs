// Precompiles the JSON Schemas reelform validates on every run into ajv standalone code, so no command
// spends 100-200 ms compiling a schema at start-up:
//   schemas/manifest.schema.json -> src/manifest/schema-validator.generated.ts
//   schemas/lockfile.schema.json -> src/lockfile/schema-validator.generated.ts
//   schemas/request.schema.json  -> src/check/request-validator.generated.ts
// After editing either schema:
//   npm run build && node scripts/compile-schemas.mjs && npm run build
// Tests (test/manifest/schema-contract.test.ts, test/lockfile/io.test.ts, test/check/check.test.ts) fail while a
// generated file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validatorSchema } from "../dist/manifest/schema.js";
import {
  generateLockfileValidatorSource,
  generateRequestValidatorSource,
  generateValidatorSource,
} from "./validator-source.mjs";

const read = (name) => JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), "utf8"));
const outputs = [
  [
    "../src/manifest/schema-validator.generated.ts",
    generateValidatorSource(validatorSchema(read("manifest.schema.json"))),
  ],
  ["../src/lockfile/schema-validator.generated.ts", generateLockfileValidatorSource(read("lockfile.schema.json"))],
  ["../src/check/request-validator.generated.ts", generateRequestValidatorSource(read("request.schema.json"))],
];
for (const [relative, source] of outputs) {
  const target = fileURLToPath(new URL(relative, import.meta.url));
  writeFileSync(target, source);
  process.stdout.write(`wrote ${target}\n`);
}
