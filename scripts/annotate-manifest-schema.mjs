// Rewrites the generated editor hints of schemas/manifest.schema.json (see manifest-schema-hints.mjs), then the
// precompiled validator must be regenerated too:
//   node scripts/annotate-manifest-schema.mjs && npm run build && node scripts/compile-schemas.mjs && npm run build
import { readFileSync, writeFileSync } from "node:fs";
import { annotateManifestSchema } from "./manifest-schema-hints.mjs";

const schemaUrl = new URL("../schemas/manifest.schema.json", import.meta.url);
const read = (url) => JSON.parse(readFileSync(url, "utf8"));
const annotated = annotateManifestSchema(read(schemaUrl), read(new URL("../data/models.json", import.meta.url)));
writeFileSync(schemaUrl, `${JSON.stringify(annotated, null, 2)}\n`);
process.stdout.write(`wrote ${schemaUrl.pathname}\n`);
