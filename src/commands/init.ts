// reelform init [dir]: scaffold a campaign repository (never overwriting a file), then validate its manifest.
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { displayPath } from "../util/paths.js";
import type { CommandContext } from "../command-context.js";
import { campaignFromFolder, MERGE_DRIVER_CONFIG, scaffoldFiles } from "./init-files.js";
import { run as validate } from "./validate.js";

const CAMPAIGN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export async function run(ctx: CommandContext, dirArg: string, flags: { campaign?: string }): Promise<number> {
  const dir = resolve(ctx.cwd, dirArg);
  const campaign = flags.campaign ?? campaignFromFolder(dir);
  if (!CAMPAIGN_NAME.test(campaign)) {
    throw new UserError(`--campaign must be letters, digits, '.', '_' and '-', starting with a letter or digit (at most 100 characters), got "${campaign}"`);
  }
  const files = scaffoldFiles(dir, campaign);
  const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
  if (existing.length > 0) {
    throw new UserError(`init: not overwriting ${existing.join(", ")} in ${displayPath(dir, ctx.cwd)}: nothing was written (move them away or init another folder)`);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`init: ${displayPath(dir, ctx.cwd)} is a file, not a folder`);
  for (const file of files) {
    const path = join(dir, file.path);
    await writeNewFile(path, file.content).catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`init: cannot write ${displayPath(path, ctx.cwd)}: ${error.code ?? error.message}`);
    });
    ctx.stdout.write(`created ${displayPath(path, ctx.cwd)}\n`);
  }
  ctx.stdout.write(`\nOnce per clone, set up the lockfile merge driver named in .gitattributes (git config is not versioned):\n${MERGE_DRIVER_CONFIG.map((line) => `  ${line}\n`).join("")}\n`);
  return validate(ctx, [displayPath(join(dir, files[0]!.path), ctx.cwd)], {});
}

/** wx: never replace a file, even one that appeared since the check above. */
async function writeNewFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { flag: "wx" });
}
