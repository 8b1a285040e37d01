// The heap a read lockfile keeps (issue 24): the scale fixture (bench/_lockfile-fixture.mjs, written in the
// current format by reelform's own writer) read with readLockfile, then the heap still in use after a full
// collection, per entry, and the read's CPU time. `--dist DIR` measures another build (written and read by it).
//   node --expose-gc bench/lockfile-heap.mjs [--count 100000] [--dist /path/to/other/dist]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { count: { type: "string", default: "100000" }, dist: { type: "string" } },
  strict: true,
});
if (typeof globalThis.gc !== "function") {
  console.error("run with node --expose-gc bench/lockfile-heap.mjs");
  process.exit(2);
}
const count = Number(values.count);
const dist = values.dist ?? fileURLToPath(new URL("../dist", import.meta.url));
const { writeScaleLockfile } = await import("./_lockfile-fixture.mjs");
const { readLockfile } = await import(`${dist}/lockfile/io.js`);
const dir = mkdtempSync(join(tmpdir(), "reelform-heap-"));
try {
  const path = join(dir, "s.lock.json");
  await writeScaleLockfile(path, count, { pulled: true });
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const start = process.cpuUsage();
  const lockfile = await readLockfile(path);
  const cpu = process.cpuUsage(start);
  globalThis.gc();
  const kept = process.memoryUsage().heapUsed - before;
  const entries = Object.keys(lockfile.entries).length;
  console.log(
    `${dist}: ${entries} entries read in ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; heap kept ${(kept / 1e6).toFixed(0)} MB, ${Math.round(kept / entries)} B an entry`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
