// A throwaway PostgreSQL cluster for bench/state.mjs (the tests use test/helpers/postgres.ts): initdb in a
// temporary folder, as `postgres` when run as root, on a free loopback port; stop() stops and removes it.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** REELFORM_TEST_PG_BIN, else the newest Debian server version installed. */
const BIN =
  process.env.REELFORM_TEST_PG_BIN ??
  (() => {
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root)
      ? readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, "bin", "initdb")))
      : [];
    return join(root, versions.sort((a, b) => Number(b) - Number(a))[0] ?? "15", "bin");
  })();

export const postgresInstalled = existsSync(join(BIN, "initdb"));

function owner() {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid, gid };
}

function run(bin, args, as, env = {}) {
  const r = spawnSync(join(BIN, bin), args, { encoding: "utf8", ...as, env: { ...process.env, LC_ALL: "C", ...env } });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr}`);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

export async function startBenchCluster() {
  const as = owner();
  const dir = mkdtempSync(join(tmpdir(), "reelform-bench-pg-"));
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid);
  const data = join(dir, "data");
  writeFileSync(join(dir, "pw"), "bench\n");
  if (as.uid !== undefined) chownSync(join(dir, "pw"), as.uid, as.gid);
  run("initdb", ["-D", data, "-U", "reelform", "--pwfile", join(dir, "pw"), "--auth=scram-sha-256", "--no-sync"], as);
  const port = await freePort();
  run(
    "pg_ctl",
    [
      "start",
      "-D",
      data,
      "-w",
      "-l",
      join(dir, "log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
    ],
    as,
  );
  let n = 0;
  const stop = () => {
    spawnSync(join(BIN, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"], { ...as, stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  return {
    /** A fresh database's URL. */
    database() {
      n += 1;
      run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "reelform", `bench${n}`], as, {
        PGPASSWORD: "bench",
      });
      return `postgres://reelform:bench@127.0.0.1:${port}/bench${n}`;
    },
    stop,
  };
}
