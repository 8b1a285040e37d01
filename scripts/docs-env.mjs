// Rewrites the environment-variable table of docs/commands.md from the declarations in src/config/settings.ts
// (built into dist/ first: `npm run docs:env` builds, then runs this). test/docs/env-table.test.ts fails when
// the page and the declarations differ.
import { readFileSync, writeFileSync } from "node:fs";
import { withEnvTable } from "../dist/config/settings-doc.js";

const page = new URL("../docs/commands.md", import.meta.url);
const before = readFileSync(page, "utf8");
const after = withEnvTable(before);
if (after !== before) writeFileSync(page, after);
process.stdout.write(`${after === before ? "unchanged" : "rewrote the table of"} ${page.pathname}\n`);
