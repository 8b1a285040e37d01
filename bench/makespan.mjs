// From `apply` to the last video on disk, against the simulator (its own process), for each provider:
//   (a) reelform apply --wait --pull DIR        (b) reelform apply --wait, then reelform pull
//   (c) the ideal: task i submitted at exactly i/rate, ready after its generation time, files downloaded
//       within the shared bandwidth (any work-conserving order): max over k of ready(k) + (files ready
//       at or after it) x size / bandwidth.
// Prints makespan / ideal and API queries per task (status queries; for tencent, list pages, media requests
// and detail queries separately). Providers: gateway; tencent (batch status, Temporary storage: the default);
// tencent-permanent (the same, the campaign's output_config with storage_mode: Permanent).
//   npm run build && node bench/makespan.mjs [--scale 0.25] [--videos 300] [--providers gateway,tencent,tencent-permanent]
//     [--modes a,b] [--progress linear|stuck-99]
// --progress stuck-99: the simulator reports Progress 99 for every processing task (progress that says nothing).
// --scale multiplies task times (20-60 s) for a quick check; record full-size runs only (bench/README.md).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mulberry32 } from "../dist/simulator/prng.js";
import { SIM_TENCENT_CREDENTIALS } from "../dist/simulator/options.js";
import { CLI, spawnSimulatorWith } from "./_sim.mjs";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    videos: { type: "string", default: "300" },
    providers: { type: "string", default: "gateway,tencent,tencent-permanent" },
    seed: { type: "string", default: "7" },
    modes: { type: "string", default: "a,b" },
    progress: { type: "string", default: "linear" },
  },
});
const SCALE = Number(values.scale);
const VIDEOS = Number(values.videos);
const SEED = Number(values.seed);
const RATE = 20;
const TASK = { minS: 20 * SCALE, maxS: 60 * SCALE };
const FILE_BYTES = 5 * 1024 * 1024;
const BANDWIDTH = 50 * 1024 * 1024;

function spawnSim(stateFile) {
  return spawnSimulatorWith([
    "--rate",
    String(RATE),
    "--seed",
    String(SEED),
    "--task-seconds",
    `${TASK.minS}-${TASK.maxS}`,
    "--file-size",
    "5MiB",
    "--bandwidth",
    "50MiB/s",
    "--state-file",
    stateFile,
    "--progress",
    values.progress,
  ]);
}

function cli(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`reelform ${args[0]} exited ${code}: ${err.slice(-600)}`)),
    );
  });
}

function envFor(provider, url) {
  const env = {
    ...process.env,
    CI: "1",
    NO_COLOR: "1",
    REELFORM_BASE_URL: url,
    REELFORM_API_KEY: "sk-bench-key-0001",
    REELFORM_RATE: String(RATE),
  };
  if (provider.startsWith("tencent")) {
    Object.assign(env, {
      REELFORM_PROVIDER: "tencent",
      REELFORM_TENCENT_ENDPOINT: url,
      TENCENTCLOUD_SECRET_ID: SIM_TENCENT_CREDENTIALS.secretId,
      TENCENTCLOUD_SECRET_KEY: SIM_TENCENT_CREDENTIALS.secretKey,
    });
  }
  return env;
}

async function campaign(provider) {
  const storage = provider === "tencent-permanent" ? ", storage_mode: Permanent" : "";
  const dir = await mkdtemp(join(tmpdir(), "reelform-makespan-"));
  const numbers = Array.from({ length: VIDEOS }, (_, i) => i + 1).join(", ");
  await writeFile(
    join(dir, "launch.yaml"),
    [
      "version: 1",
      "campaign: makespan",
      "defaults:",
      "  model_name: Kling",
      '  model_version: "2.1"',
      `  output_config: { resolution: 720P, duration: 5${storage} }`,
      "videos:",
      '  - name: "clip-{{n}}"',
      '    prompt: "clip {{n}}"',
      "    matrix:",
      `      n: [${numbers}]`,
      "",
    ].join("\n"),
  );
  return dir;
}

/** The simulator's durations: its seeded stream, one draw per created task, in creation order. */
function idealSeconds() {
  const random = mulberry32(SEED ^ 0xc2b2ae35);
  const ready = Array.from(
    { length: VIDEOS },
    (_, i) => i / RATE + (TASK.minS * 1000 + random() * (TASK.maxS - TASK.minS) * 1000) / 1000,
  ).sort((a, b) => a - b);
  const perFile = FILE_BYTES / BANDWIDTH;
  return Math.max(...ready.map((r, k) => r + (VIDEOS - k) * perFile));
}

async function measure(provider, mode) {
  const dir = await campaign(provider);
  const stateFile = join(dir, "sim-state.json");
  const sim = await spawnSim(stateFile);
  const env = envFor(provider, sim.url);
  const started = performance.now();
  try {
    if (mode === "a") await cli(["apply", "launch.yaml", "--auto-approve", "--wait", "--pull", "out"], dir, env);
    else {
      await cli(["apply", "launch.yaml", "--auto-approve", "--wait"], dir, env);
      await cli(["pull", "launch.yaml", "--dir", "out"], dir, env);
    }
  } finally {
    await sim.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const requests = JSON.parse(await readFile(stateFile, "utf8")).requests;
  const count = (re) => requests.filter((r) => re.test(r.path)).length;
  const queries = {
    detail: count(/\/v1\/query\/|Action=DescribeTaskDetail/),
    list: count(/Action=DescribeTasks$/),
    media: count(/Action=DescribeMediaInfos$/),
  };
  await rm(dir, { recursive: true, force: true });
  return { seconds, queries };
}

const ideal = idealSeconds();
const fmt = (n, d = 2) => n.toFixed(d);
console.log(
  `${VIDEOS} videos at --rate ${RATE}, tasks ${TASK.minS}-${TASK.maxS} s (seed ${SEED}), progress ${values.progress}, 5 MiB files at 50 MiB/s: ideal ${fmt(ideal, 1)} s`,
);
for (const provider of values.providers.split(",")) {
  const results = {};
  for (const mode of values.modes.split(",")) {
    const r = await measure(provider, mode);
    results[mode] = r;
    const { detail, list, media } = r.queries;
    const perTask = (detail + list + media) / VIDEOS;
    const split =
      list + media > 0
        ? ` (${fmt(list / VIDEOS)} list pages + ${fmt(media / VIDEOS)} media requests + ${fmt(detail / VIDEOS)} detail queries)`
        : "";
    console.log(
      `${provider} (${mode}) ${mode === "a" ? "apply --wait --pull" : "apply --wait; pull  "}: ${fmt(r.seconds, 1)} s = ${fmt(r.seconds / ideal)}x ideal; ${fmt(perTask)} queries/task${split}`,
    );
  }
  if (results.a && results.b) console.log(`${provider}: (b)/(a) = ${fmt(results.b.seconds / results.a.seconds)}x`);
}
