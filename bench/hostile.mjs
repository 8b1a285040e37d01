// The largest inputs reelform refuses (issue 10), side by side: wall time and peak RSS of the built CLI on each,
// to show that every cap fails fast, before memory is spent, and without a stack trace.
// `node bench/hostile.mjs` (after `npm run build`); `--accepted` also times the largest plan --json accepted
// (500,000 CSV rows, streamed), which takes about a minute.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const MAXRSS = fileURLToPath(new URL("./_maxrss.mjs", import.meta.url));
const MODEL = '    model_name: Kling\n    model_version: "2.1"\n';
const dir = mkdtempSync(join(tmpdir(), "reelform-bench-hostile-"));

function write(name, text) {
  writeFileSync(join(dir, name), text);
  return `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;
}

/** Runs the CLI; resolves with wall time, peak RSS, exit code and the last line of stderr. */
function measure(args, env = {}) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--import", MAXRSS, CLI, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", CI: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let lastOut = "";
    child.stderr.on("data", (d) => (stderr += d.toString()));
    child.stdout.on("data", (d) => (lastOut = (lastOut + d.toString()).slice(-4096)));
    child.on("close", (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const rss = Number(/REELFORM_BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
      const lines = `${stderr}\n${lastOut}`
        .split("\n")
        .filter((l) => l && !l.startsWith("REELFORM_BENCH_") && !l.startsWith(" "));
      const trace = /internal error|RangeError|^\s+at /m.test(stderr);
      resolve({
        wall,
        rss,
        code,
        trace,
        last: (lines.find((l) => /error|failed|refus|at most/.test(l)) ?? lines.at(-1) ?? "").slice(0, 110),
      });
    });
  });
}

/** A gateway (or Tencent endpoint) whose every answer is a 1 GiB body, sent until the client goes away. */
async function endlessGateway() {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, "x");
    let left = 1024 ** 3;
    const pump = () => {
      while (!res.destroyed && left > 0 && res.write(chunk)) left -= chunk.length;
      if (left <= 0) res.end();
      else if (!res.destroyed) res.once("drain", pump);
    };
    pump();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

const deepYaml = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i + 2)}k:`).join("\n");
const sizes = {
  deepYaml: write(
    "deep-yaml.yaml",
    `version: 1\ncampaign: x\nvars:\n${deepYaml} v\nvideos:\n  - name: a\n    prompt: p\n${MODEL}`,
  ),
  deepIf: write(
    "deep-if.yaml",
    `version: 1\ncampaign: x\nvars: { a: true }\nvideos:\n  - name: a\n    prompt: "${"{{#if a}}".repeat(5000)}x${"{{/if}}".repeat(5000)}"\n${MODEL}`,
  ),
  matrix: write(
    "matrix.yaml",
    `version: 1\ncampaign: x\nvideos:\n  - name: "v-{{a}}-{{b}}-{{c}}-{{d}}"\n    prompt: p\n    matrix: { ${"abcd"
      .split("")
      .map((n) => `${n}: [${Array.from({ length: 1000 }, (_, i) => i).join(", ")}]`)
      .join(", ")} }\n${MODEL}`,
  ),
  rows: write(
    "rows.csv",
    `sku,title\n${Array.from({ length: 1_000_000 }, (_, i) => `s${i},Product number ${i}`).join("\n")}\n`,
  ),
  half: write(
    "half.csv",
    `sku,title\n${Array.from({ length: 500_000 }, (_, i) => `s${i},Product number ${i}`).join("\n")}\n`,
  ),
};
write(
  "rows.yaml",
  `version: 1\ncampaign: x\nvideos:\n  - name: "p-{{sku}}"\n    rows: rows.csv\n    prompt: "{{title}} turning slowly"\n${MODEL}`,
);
write(
  "half.yaml",
  `version: 1\ncampaign: x\nvideos:\n  - name: "p-{{sku}}"\n    rows: half.csv\n    prompt: "{{title}} turning slowly"\n${MODEL}`,
);
write("one.yaml", `version: 1\ncampaign: x\nvideos:\n  - name: a\n    prompt: p\n${MODEL}`);
write("one-tencent.yaml", `version: 1\ncampaign: y\nvideos:\n  - name: a\n    prompt: p\n${MODEL}`);
// Issue 22 item 9: partials ×10, five deep (each prompt would be 100 MB), over a 200-value matrix.
const tenOf = (partial) => `{{> ${partial}}}`.repeat(10);
sizes.bomb = write(
  "bomb.yaml",
  [
    "version: 1",
    "campaign: bomb",
    "partials:",
    `  a: "${"x".repeat(1000)}"`,
    `  b: "${tenOf("a")}"`,
    `  c: "${tenOf("b")}"`,
    `  d: "${tenOf("c")}"`,
    `  e: "${tenOf("d")}"`,
    "videos:",
    '  - name: "v-{{n}}"',
    `    prompt: "${tenOf("e")}"`,
    MODEL.trimEnd(),
    "    matrix:",
    `      n: [${Array.from({ length: 200 }, (_, i) => i).join(", ")}]`,
    "",
  ].join("\n"),
);

const gateway = await endlessGateway();
const apiEnv = { REELFORM_BASE_URL: gateway.url, REELFORM_API_KEY: "sk-bench" };
const tencentEnv = {
  REELFORM_PROVIDER: "tencent",
  REELFORM_TENCENT_ENDPOINT: gateway.url,
  TENCENTCLOUD_SECRET_ID: "AKIDbench0000000000000000000000000000",
  TENCENTCLOUD_SECRET_KEY: "benchSecretKey000000000000000000",
};
const cases = [
  [`validate: 3,000-level block YAML (${sizes.deepYaml})`, ["validate", "deep-yaml.yaml"]],
  [`validate: 5,000-deep {{#if}} (${sizes.deepIf})`, ["validate", "deep-if.yaml"]],
  ["plan: 10^12-request matrix, --max-requests 1e15", ["plan", "matrix.yaml", "--max-requests", "1e15"]],
  ["plan: 10^12-request matrix, --max-requests 500000", ["plan", "matrix.yaml", "--max-requests", "500000"]],
  [
    `plan --json: 1,000,000 CSV rows (${sizes.rows}), --max-requests 1000000`,
    ["plan", "rows.yaml", "--json", "--max-requests", "1000000"],
  ],
  [
    `plan --json: 1,000,000 CSV rows (${sizes.rows}), --max-requests 500000`,
    ["plan", "rows.yaml", "--json", "--max-requests", "500000"],
  ],
  ["apply: every create answer an endless body (6 attempts)", ["apply", "one.yaml", "--auto-approve"], apiEnv],
  [`validate: template bomb, partials ×10 five deep over 200 values (${sizes.bomb})`, ["validate", "bomb.yaml"]],
  ["plan: the same template bomb", ["plan", "bomb.yaml"]],
  [
    "apply, tencent provider: every answer a 1 GiB body (6 attempts)",
    ["apply", "one-tencent.yaml", "--auto-approve"],
    tencentEnv,
  ],
];
if (process.argv.includes("--accepted"))
  cases.push([
    `plan --json: 500,000 CSV rows (${sizes.half}), accepted, streamed`,
    ["plan", "half.yaml", "--json", "--max-requests", "500000"],
  ]);

console.log("| input | exit | wall | peak RSS | stack trace | first error line |");
console.log("|---|---|---|---|---|---|");
let failed = false;
for (const [label, args, env] of cases) {
  const r = await measure(args, env);
  failed ||= r.trace || (r.code !== 1 && !label.includes("accepted"));
  console.log(
    `| ${label} | ${r.code} | ${r.wall.toFixed(2)} s | ${r.rss.toFixed(0)} MB | ${r.trace ? "**yes**" : "no"} | ${r.last.replace(/\|/g, "\\|")} |`,
  );
}
gateway.server.closeAllConnections();
gateway.server.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
