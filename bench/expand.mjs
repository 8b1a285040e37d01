// Expansion benchmark: a manifest that expands to 100,000 requests (written to bench/out/), rendered with
// `render --json` (to /dev/null) and checked with `validate`, each with --max-requests 100000; plus the
// start-up time of `reelform --version`. Prints wall time, CPU time and peak RSS of each run.
// Needs a build (`npm run build`). Targets (2-core machine): < 3 s and < 500 MB each; --version < 300 ms.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const cli = `${repo}dist/cli.js`;
const out = `${repo}bench/out`;
const manifest = `${out}/expand-100k.yaml`;
const TIME = "/usr/bin/time";

function writeManifest() {
  mkdirSync(out, { recursive: true });
  const values = (prefix, n) => `[${Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(", ")}]`;
  writeFileSync(
    manifest,
    `# yaml-language-server: $schema=../../schemas/manifest.schema.json
version: 1
campaign: bench-100k
vars: { brand: Acme }
partials: { look: "cinematic lighting, shallow depth of field" }
defaults:
  model_name: Kling
  model_version: "2.1"
  enhance_prompt: Enabled
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: "{{duration}}", storage_mode: Permanent }
videos:
  - name: "shot-{{product}}-{{scene}}-{{variant}}"
    prompt: "{{brand}} {{product}} in {{scene}}, variant {{variant}} & <more>, {{> look}}"
    vars: { duration: "5" }
    matrix:
      product: ${values("p", 100)}
      scene: ${values("s", 100)}
      variant: ${values("v", 10)}
`,
  );
}

/** Runs the CLI; peak RSS from /usr/bin/time -v when present, else from the child's resource usage. */
function measure(label, args) {
  const sink = openSync("/dev/null", "w");
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ["-v", process.execPath, cli, ...args] : [cli, ...args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, {
    cwd: repo,
    stdio: ["ignore", sink, "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = result.stderr ?? "";
  const rssKb = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) : NaN;
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
  const ok = result.status === 0;
  console.log(
    `${label.padEnd(34)} ${ok ? "ok  " : "FAIL"} wall ${(wall / 1000).toFixed(2)} s  cpu ${(user + sys).toFixed(2)} s  peak RSS ${(rssKb / 1024).toFixed(0)} MB`,
  );
  if (!ok) console.log(stderr.split("\n").slice(0, 10).join("\n"));
  return ok;
}

writeManifest();
console.log(
  `manifest: ${manifest} (100 x 100 x 10 = 100,000 requests); load average ${(await import("node:os")).loadavg()[0].toFixed(2)}`,
);
const results = [
  measure("reelform --version", ["--version"]),
  measure("render --json (100,000 requests)", ["render", manifest, "--json", "--max-requests", "100000"]),
  measure("validate (100,000 requests)", ["validate", manifest, "--max-requests", "100000"]),
];
process.exitCode = results.every(Boolean) ? 0 : 1;
