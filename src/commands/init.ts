// reelform init [dir]: scaffold a campaign repository (never overwriting a file), then validate its manifest.
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { displayPath } from "../util/paths.js";
import type { CommandContext } from "../command-context.js";
import { campaignFromFolder, MERGE_DRIVER_CONFIG, scaffoldFiles } from "./init-files.js";
import { run as validate } from "./validate.js";
import { printCreated, printInitAdvice } from "../report/command-notes.js";

const CAMPAIGN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function run(
  ctx: CommandContext,
  dirArg: string,
  flags: { campaign?: string; branch?: string },
): Promise<number> {
  const dir = resolve(ctx.cwd, dirArg);
  const campaign = flags.campaign ?? campaignFromFolder(dir);
  if (!CAMPAIGN_NAME.test(campaign)) {
    throw new UserError(
      `--campaign must be letters, digits, '.', '_' and '-', starting with a letter or digit (at most 100 characters), got "${campaign}"`,
    );
  }
  if (flags.branch !== undefined && !BRANCH_NAME.test(flags.branch)) {
    throw new UserError(`--branch must be a branch name (letters, digits, '.', '_', '/', '-'), got "${flags.branch}"`);
  }
  const branch = flags.branch !== undefined ? { name: flags.branch, from: "--branch" } : applyBranch(dir);
  const files = scaffoldFiles(dir, campaign, branch.name);
  const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (existing.length > 0) {
    throw new UserError(
      `init: not overwriting ${existing.join(", ")} in ${displayPath(dir, ctx.cwd)}: nothing was written (move them away or init another folder)`,
    );
  }
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UserError(`init: ${displayPath(dir, ctx.cwd)} is a file, not a folder`);
  for (const file of files) {
    const path = join(dir, file.path);
    await writeNewFile(path, file.content).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`init: cannot write ${displayPath(path, ctx.cwd)}: ${error.code ?? error.message}`);
    });
    printCreated(ctx, displayPath(path, ctx.cwd));
  }
  printInitAdvice(ctx, branch, MERGE_DRIVER_CONFIG);
  return validate(ctx, [displayPath(join(dir, files[0]!.path), ctx.cwd)], {});
}

const BRANCH_NAME = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

/**
 * The branch the workflow applies: the repository's default branch (origin/HEAD), else the current branch of
 * a fresh repository, else main. git is asked in the folder being set up (or the nearest existing parent).
 */
export function applyBranch(dir: string): { name: string; from: string } {
  let cwd = dir;
  while (!existsSync(cwd) && dirname(cwd) !== cwd) cwd = dirname(cwd);
  const git = (...args: string[]): string | null => {
    const result = spawnSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return result.status === 0 ? result.stdout.trim() : null;
  };
  const remote = git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD");
  if (remote?.startsWith("origin/") && BRANCH_NAME.test(remote.slice(7)))
    return { name: remote.slice(7), from: "origin's default branch" };
  const current = git("symbolic-ref", "--quiet", "--short", "HEAD");
  if (current && BRANCH_NAME.test(current)) return { name: current, from: "the repository's current branch" };
  return { name: "main", from: "not a git repository yet, so the usual default: pass --branch to choose" };
}

/** wx: never replace a file, even one that appeared since the check above. */
async function writeNewFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { flag: "wx" });
}
