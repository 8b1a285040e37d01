// Runs every benchmark script in this folder, one after another (`npm run bench`).
// Each script prints its own figures; see bench/README.md for the recorded results.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith(".mjs") && f !== "run-all.mjs" && !f.startsWith("_"))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script}`);
  const result = spawnSync(process.execPath, [`${dir}${script}`], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
