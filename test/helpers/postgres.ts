// A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, run as a non-root user
// (PostgreSQL refuses to run as root, and CI runs as root: the Debian user `postgres` then), listening only
// on 127.0.0.1 at a free port, its unix socket inside the temporary directory. It is stopped and removed in
// every case: by destroy() (call it in afterAll), and by an exit handler when the worker dies first.
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** REELFORM_TEST_PG_BIN, else the newest Debian server version installed (/usr/lib/postgresql/<version>/bin). */
const PG_BIN = process.env.REELFORM_TEST_PG_BIN ?? newestDebianBin() ?? "/usr/lib/postgresql/15/bin";

function newestDebianBin(): string | undefined {
  let versions: string[];
  try {
    versions = readdirSync("/usr/lib/postgresql");
  } catch {
    return undefined;
  }
  const newest = versions
    .filter((v) => /^\d+$/.test(v) && existsSync(join("/usr/lib/postgresql", v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join("/usr/lib/postgresql", newest, "bin") : undefined;
}

/** The server binaries are installed (`.ci/run` installs Debian's postgresql when they are absent). */
export const postgresAvailable = existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "pg_ctl"));

/** Said by the tests that skip because the binaries are absent. */
export const POSTGRES_SKIP_REASON = `PostgreSQL server binaries not found in ${PG_BIN} (apt-get install postgresql, or set REELFORM_TEST_PG_BIN)`;

export interface PgCluster {
  /** postgres://reelform:PASSWORD@127.0.0.1:PORT/reelform */
  url: string;
  password: string;
  port: number;
  dir: string;
  /** libpq variables naming the same database, for tests of PGHOST/PGUSER/…. */
  libpqEnv: Record<string, string>;
  /** `pg_ctl stop -m MODE` (immediate: the server dies as in a crash). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it and removes its directory; idempotent. */
  destroy(): Promise<void>;
}

const live = new Set<{ dir: string; data: string; owner: RunAs | undefined }>();
let exitHandlerInstalled = false;

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL will not run as root: as root, run its binaries as `postgres`. */
function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const found = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (found.status !== 0)
    throw new Error("running as root and there is no `postgres` user to run the test cluster as (useradd postgres)");
  return { uid: Number(found.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(bin: string, args: string[], owner: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const options: SpawnOptions = {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C" },
      ...(owner ?? {}),
    };
    const child = spawn(join(PG_BIN, bin), args, options);
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(" ")} exited ${code}: ${output}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.once("exit", () => {
    for (const cluster of live) {
      spawnSync(join(PG_BIN, "pg_ctl"), ["stop", "-D", cluster.data, "-m", "immediate", "-w"], {
        stdio: "ignore",
        ...(cluster.owner ?? {}),
      });
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
}

/** A fresh cluster with a database `reelform` owned by the password-protected role `reelform`. */
export async function startCluster(): Promise<PgCluster> {
  if (!postgresAvailable) throw new Error(POSTGRES_SKIP_REASON);
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), "reelform-pg-"));
  const data = join(dir, "data");
  const record = { dir, data, owner };
  live.add(record);
  installExitHandler();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const password = `pw-${randomBytes(12).toString("hex")}`;
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  await run(
    "initdb",
    ["-D", data, "-U", "reelform", "--pwfile", pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"],
    owner,
  );
  let port = 0;
  const logFile = join(dir, "server.log");
  const start = async (): Promise<void> => {
    // fsync off: the tests kill the server process, never the machine, so the page cache keeps every commit.
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=60`;
    await run("pg_ctl", ["start", "-D", data, "-w", "-t", "120", "-l", logFile, "-o", options], owner);
  };
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 5) throw error; // another process took the port between freePort and start
    }
  }
  const url = `postgres://reelform:${password}@127.0.0.1:${port}/reelform`;
  const stop = async (mode: "fast" | "immediate" = "fast"): Promise<void> => {
    await run("pg_ctl", ["stop", "-D", data, "-m", mode, "-w", "-t", "120"], owner);
  };
  await runWithPassword(
    "createdb",
    ["-h", "127.0.0.1", "-p", String(port), "-U", "reelform", "reelform"],
    password,
    owner,
  );
  return {
    url,
    password,
    port,
    dir,
    libpqEnv: {
      PGHOST: "127.0.0.1",
      PGPORT: String(port),
      PGUSER: "reelform",
      PGPASSWORD: password,
      PGDATABASE: "reelform",
      PGSSLMODE: "disable",
    },
    stop,
    start,
    async destroy() {
      if (!live.has(record)) return;
      await stop("immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      live.delete(record);
    },
  };
}

function runWithPassword(bin: string, args: string[], password: string, owner: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(PG_BIN, bin), args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PGPASSWORD: password },
      ...(owner ?? {}),
    });
    let output = "";
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${bin} exited ${code}: ${output}`))));
  });
}
