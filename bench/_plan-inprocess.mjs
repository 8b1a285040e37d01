// Fallback measured by bench/plan.mjs while compileManifest is not available: the plan pipeline after
// expansion (read lockfile + validate, diff, render text), on synthetic requests built like the manifest's.
import { readLockfile } from "../dist/lockfile/io.js";
import { diffAgainstLockfile } from "../dist/plan/diff.js";
import { renderPlanText } from "../dist/plan/render-text.js";
import { syntheticRequests } from "./_plan-fixture.mjs";

const [lockfilePath, count] = process.argv.slice(2);
const started = performance.now();
const requests = syntheticRequests(Number(count));
const expandedMs = performance.now() - started;
const lockfile = await readLockfile(lockfilePath);
const expanded = { campaign: "bench", manifestPath: "bench.yaml", lockfilePath, requests, inputs: [], settings: {}, warnings: [] };
const plan = diffAgainstLockfile(expanded, lockfile, {});
const text = renderPlanText(plan, { color: false });
process.stdout.write(text.slice(-300));
process.stderr.write(`\nREELFORM_BENCH_SYNTHETIC_EXPANSION_MS=${expandedMs.toFixed(0)}\n`);
