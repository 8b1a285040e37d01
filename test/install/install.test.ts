// reelform installed the three ways a team uses it, each into a fresh project outside the repository (its
// node_modules unused): from a git URL (npm runs the `prepare` build), from `npm pack`'s tarball, and with
// `npx --package <tarball>`. In each: --version, validate, and the simulator demo (apply --wait against it).
// Slow (npm installs): one file, one packed tarball, the local npm cache (--prefer-offline).
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../helpers/exec.js";

const exec = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

/** The environment of a user's shell: nothing that points back into the repository. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(REELFORM_|npm_|NODE_PATH$|INIT_CWD$|VITEST|GITHUB_ACTIONS$)/.test(key)) env[key] = value;
  return { ...env, NO_COLOR: "1", CI: "1" };
}

function freshProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-install-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "campaigns", version: "1.0.0", private: true }));
  copyFileSync(join(REPO, "manifests", "demo.yaml"), join(dir, "demo.yaml"));
  return dir;
}

const run = (command: string, args: string[], cwd: string, env = userEnv()) =>
  exec(command, args, { cwd, env, maxBuffer: 16 << 20 });

/** `reelform …` as installed; `bin` is the command and its leading arguments (e.g. npx --package …). */
async function checkInstalled(bin: string[], cwd: string): Promise<void> {
  const [command, ...prefix] = bin as [string, ...string[]];
  const reelform = (...args: string[]) => run(command, [...prefix, ...args], cwd);
  expect((await reelform("--version")).stdout.trim()).toBe(VERSION);
  expect((await reelform("validate", "demo.yaml")).stdout).toContain("demo.yaml: ok, 6 requests");
  await withSimulator(bin, cwd, async (url) => {
    const env = { ...userEnv(), REELFORM_API_KEY: "sim-key", REELFORM_BASE_URL: url };
    const applied = await exec(
      command,
      [...prefix, "apply", "demo.yaml", "--auto-approve", "--wait", "--timeout", "60s"],
      { cwd, env },
    );
    expect(applied.stdout + applied.stderr).toMatch(/6 created/);
    expect(existsSync(join(cwd, "demo.lock.json"))).toBe(true);
  });
}

/** Starts the installed package's own simulator on a free port. */
async function withSimulator(bin: string[], cwd: string, use: (url: string) => Promise<void>): Promise<void> {
  const [command, ...prefix] = bin as [string, ...string[]];
  const child = spawn(command, [...prefix, "simulator", "--port", "0", "--task-duration", "200ms"], {
    cwd,
    env: userEnv(),
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      child.on("close", (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
    });
    await use(url);
  } finally {
    child.kill();
  }
}
let tarball: string;

describe("installing reelform outside its repository", () => {
  beforeAll(async () => {
    // --ignore-scripts: dist/ is already built (npm test builds first); rebuilding it here would pull it from
    // under the tests running beside this one. The git install below runs `prepare` in its own clone.
    const out = mkdtempSync(join(tmpdir(), "reelform-pack-"));
    const packed = await run(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", out, ...NPM_FLAGS],
      REPO,
    );
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(out, info!.filename);
    expect(info!.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "dist/cli.js",
        "schemas/manifest.schema.json",
        "data/models.json",
        "templates/init/workflow.yml",
        "docs/commands.md",
      ]),
    );
    expect(info!.files.filter((f) => f.path.endsWith(".map"))).toEqual([]);
  }, 120_000);

  it("from npm pack's tarball", async () => {
    const dir = freshProject();
    await run("npm", ["install", tarball, ...NPM_FLAGS], dir);
    await checkInstalled([join(dir, "node_modules", ".bin", "reelform")], dir);
  }, 300_000);

  it("with npx --package <tarball>", async () => {
    const dir = freshProject();
    await checkInstalled(["npx", "--yes", "--prefer-offline", "--package", tarball, "reelform"], dir);
  }, 300_000);

  it("from a git URL (git+file://, as github:owner/reelform): npm runs the prepare build", async () => {
    const dir = freshProject();
    await run("npm", ["install", `git+file://${REPO}`, ...NPM_FLAGS], dir);
    expect(existsSync(join(dir, "node_modules", "reelform", "dist", "cli.js"))).toBe(true);
    await checkInstalled([join(dir, "node_modules", ".bin", "reelform")], dir);
  }, 600_000);
});
