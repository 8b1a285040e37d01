// `reelform plan` on a 100,000-request manifest against a 100,000-entry lockfile (1% of the bodies
// changed, 1% orphans): wall time and peak memory of the built CLI. Targets: < 4 s, < 700 MB.
// Usage: npm run build && node bench/plan.mjs [count]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileManifest } from "../dist/expand/compile.js";
import { writeLockfile } from "../dist/lockfile/io.js";
import { benchLockfile, manifestYaml } from "./_plan-fixture.mjs";

const count = Number(process.argv[2] ?? 100_000);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "reelform-bench-plan-"));
const manifest = join(dir, "bench.yaml");
const lockfilePath = join(dir, "bench.lock.json");
writeFileSync(manifest, manifestYaml(count));

function measure(args) {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", here("./_maxrss.mjs"), ...args], {
    cwd: dir,
    maxBuffer: 1 << 30,
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  const maxRssKb = Number(/REELFORM_BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1]);
  const cpuMs = Number(/REELFORM_BENCH_CPU_US=(\d+)/.exec(child.stderr)?.[1]) / 1000;
  return { status: child.status, wallMs, cpuMs, maxRssMb: maxRssKb / 1024, stdout: child.stdout, stderr: child.stderr };
}

// Setup (not measured): the lockfile an earlier apply of (nearly) this manifest would have written.
const { requests } = await compileManifest(manifest, { cwd: dir, env: {}, maxRequests: count });
await writeLockfile(lockfilePath, benchLockfile(requests));
const result = measure([here("../dist/cli.js"), "plan", manifest, "--max-requests", String(count)]);
const summary = result.stdout.trim().split("\n").at(-1);
if (result.status !== 0 || !summary?.startsWith("Plan:")) {
  console.error(`plan failed (exit ${result.status}):\n${result.stderr.slice(0, 2000)}`);
  process.exitCode = 1;
} else {
  const ok = result.wallMs < 4000 && result.maxRssMb < 700;
  console.log(
    `plan bench (built CLI), ${count.toLocaleString("en-US")} requests x ${count.toLocaleString("en-US")} lockfile entries`,
  );
  console.log(`  ${summary}`);
  console.log(
    `  wall ${(result.wallMs / 1000).toFixed(2)} s (target < 4 s; CPU time ${(result.cpuMs / 1000).toFixed(2)} s, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores), peak RSS ${result.maxRssMb.toFixed(0)} MB (target < 700 MB): ${ok ? "OK" : "OVER TARGET"}`,
  );
  if (!ok) process.exitCode = 1;
}
if (process.env.REELFORM_BENCH_KEEP) console.log(`  kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
