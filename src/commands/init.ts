// reelform init [dir]: scaffold a campaign repository (never overwriting a file), then validate its manifest.
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { displayPath } from "../util/paths.js";
import type { CommandContext } from "./context.js";
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
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content, { flag: "wx" }); // wx: never replace a file that appeared meanwhile
    ctx.stdout.write(`created ${displayPath(join(dir, file.path), ctx.cwd)}\n`);
  }
  ctx.stdout.write(`\nOnce per clone, set up the lockfile merge driver named in .gitattributes (git config is not versioned):\n${MERGE_DRIVER_CONFIG.map((line) => `  ${line}\n`).join("")}\n`);
  return validate(ctx, [displayPath(join(dir, files[0]!.path), ctx.cwd)], {});
}
