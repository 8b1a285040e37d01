// Apply throughput against the simulator (own process, fixed 50 ms latency). Prints ratios to the ideal.
//   npm run build && node bench/apply.mjs            (or: npm run bench)
// (a) rate-bound: 2,000 requests, --rate 200, --parallelism 64: ideal 10 s
// (b) concurrency-bound: 5,000 requests, no rate limit, --parallelism 64: ideal 64 / 50 ms = 1,280 req/s
// (c) the same as (b) with a plain p-limit + fetch script (the floor), and with `xargs -P 64 curl`
// reelform is driven through its real submission path: executeSubmissions + createTask + the fsync'd
// journal; only manifest compilation and the plan are skipped (they run before the first request).
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { createTask } from "../dist/api/create.js";
import { executeSubmissions } from "../dist/apply/executor.js";
import { JournalWriter } from "../dist/apply/journal.js";
import { systemClock } from "../dist/sched/clock.js";
import { USER_AGENT } from "../dist/version.js";
import { benchBodies, measure, spawnSimulator } from "./_sim.mjs";

const sim = await spawnSimulator("50ms");
const config = { baseUrl: sim.url, apiKey: "bench-key", timeoutMs: 60_000, userAgent: USER_AGENT };
const dir = await mkdtemp(join(tmpdir(), "reelform-bench-"));
const never = new AbortController().signal;
let run = 0;

async function reelform(count, parallelism, rate) {
  run += 1;
  const items = benchBodies(count, `r${run}`).map((body, i) => ({
    key: `k${i}`,
    hash: "h",
    generation: 1,
    session_id: body.session_id,
    body,
  }));
  const journal = await JournalWriter.open(join(dir, `run${run}.journal`));
  const m = await measure(() =>
    executeSubmissions(
      items,
      { parallelism, rate },
      {
        client: (body, signal) => createTask(config, body, { signal }),
        clock: systemClock,
        journal,
        emit: () => {},
        stopSignal: never,
        abortSignal: never,
      },
    ),
  );
  await journal.close();
  if (m.result.summary.created !== count) throw new Error(`only ${m.result.summary.created}/${count} created`);
  return m;
}

async function plainScript(count, parallelism) {
  run += 1;
  const limit = pLimit(parallelism);
  const bodies = benchBodies(count, `p${run}`);
  return measure(() =>
    Promise.all(
      bodies.map((body) =>
        limit(async () => {
          // One retry: a keep-alive socket the server just closed fails the first write (what any script hits).
          for (let attempt = 1; ; attempt += 1) {
            try {
              const res = await fetch(`${sim.url}/tencent-vod/v1/aigc-video`, {
                method: "POST",
                headers: { authorization: "Bearer bench-key", "content-type": "application/json" },
                body: JSON.stringify(body),
              });
              const json = await res.json();
              if (!json.Response?.TaskId) throw new Error(JSON.stringify(json));
              return;
            } catch (error) {
              if (attempt >= 2) throw error;
            }
          }
        }),
      ),
    ),
  );
}

async function xargsCurl(count, parallelism) {
  if (spawnSync("sh", ["-c", "command -v curl"]).status !== 0) return null;
  run += 1;
  const lines = benchBodies(count, `x${run}`)
    .map((b) => JSON.stringify(b).replaceAll("'", ""))
    .join("\n");
  const file = join(dir, "bodies.txt");
  await writeFile(file, `${lines}\n`);
  const url = `${sim.url}/tencent-vod/v1/aigc-video`;
  const cmd = `xargs -d '\\n' -P ${parallelism} -I{} curl -s -o /dev/null -H 'authorization: Bearer bench-key' -H 'content-type: application/json' -d '{}' ${url} < ${file}`;
  const t0 = performance.now();
  spawnSync("sh", ["-c", cmd], { stdio: "inherit" });
  return { seconds: (performance.now() - t0) / 1000 };
}

const fmt = (n, d = 1) => n.toFixed(d);
try {
  await reelform(200, 64, 0); // warm-up: JIT, connection pool
  const a = await reelform(2000, 64, 200);
  console.log(
    `(a) rate-bound   2000 req, rate 200, parallelism 64: ${fmt(a.seconds, 2)} s (ideal 10 s) -> ${fmt((10 / a.seconds) * 100)} % of ideal; CPU ${fmt((a.cpuMs * 1000) / 2000, 0)} µs/request`,
  );
  const b = await reelform(5000, 64, 0);
  const bRate = 5000 / b.seconds;
  console.log(
    `(b) concurrency  5000 req, no rate, parallelism 64: ${fmt(bRate, 0)} req/s (ideal 1280) -> ${fmt((bRate / 1280) * 100)} % of ideal; CPU ${fmt((b.cpuMs * 1000) / 5000, 0)} µs/request`,
  );
  const c = await plainScript(5000, 64);
  const cRate = 5000 / c.seconds;
  console.log(
    `(c) plain p-limit + fetch, same workload: ${fmt(cRate, 0)} req/s (${fmt((cRate / 1280) * 100)} % of ideal); reelform/plain = ${fmt((bRate / cRate) * 100)} %; CPU ${fmt((c.cpuMs * 1000) / 5000, 0)} µs/request`,
  );
  const x = await xargsCurl(1000, 64); // fewer: one process per request is slow to spawn
  if (x)
    console.log(
      `(c) xargs -P 64 curl, 1000 of the same requests: ${fmt(1000 / x.seconds, 0)} req/s (${fmt((1000 / x.seconds / 1280) * 100)} % of ideal)`,
    );
  else console.log("(c) xargs -P 64 curl: curl not found, skipped");
} finally {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
}
