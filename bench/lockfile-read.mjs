// What the lockfile's format costs to write and read (issue 24): the scale fixture's entries (bench/_lockfile-
// fixture.mjs: finished and pulled, a few failed, created and with an earlier generation) written with
// serializeLockfile and read back with parseLockfileText, each in a process of its own, CPU time (user+sys)
// and peak RSS of that process. `--dist DIR` measures another build (e.g. main's, to compare formats).
//   node bench/lockfile-read.mjs [--count 100000] [--dist /path/to/other/dist]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};
const count = Number(arg("--count", "100000"));
const dist = arg("--dist", fileURLToPath(new URL("../dist", import.meta.url)));

if (process.argv.includes("--child")) {
  const { scaleEntry, scaleKey, CAMPAIGN } = await import("./_lockfile-fixture.mjs");
  const { serializeLockfile } = await import(`${dist}/lockfile/serialize.js`);
  const { parseLockfileText } = await import(`${dist}/lockfile/validate.js`);
  const { LOCKFILE_FORMAT_VERSION } = await import(`${dist}/lockfile/types.js`);
  const entries = Object.create(null);
  for (let i = 0; i < count; i++) entries[scaleKey(i)] = scaleEntry(i, { pulled: true });
  const cpu = (f) => {
    const start = process.cpuUsage();
    const value = f();
    const used = process.cpuUsage(start);
    return { value, ms: Math.round((used.user + used.system) / 1000) };
  };
  const op = arg("--op", "read");
  const written = cpu(() => serializeLockfile({ format_version: 1, campaign: CAMPAIGN, entries }));
  const read = op === "read" ? cpu(() => parseLockfileText(written.value, "s.lock.json")) : undefined;
  if (read && Object.keys(read.value.entries).length !== count) throw new Error("entries lost");
  console.log(
    JSON.stringify({
      format: LOCKFILE_FORMAT_VERSION,
      op,
      bytes_per_entry: Math.round(Buffer.byteLength(written.value) / count),
      cpu_ms: op === "read" ? read.ms : written.ms,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  const rows = [];
  for (const op of ["write", "read"]) {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", "--op", op, "--count", String(count), "--dist", dist],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    rows.push(JSON.parse(child.stdout));
  }
  console.log(`${count} entries, ${dist}:`);
  console.table(rows);
  console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
}
