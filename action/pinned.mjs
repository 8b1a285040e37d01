#!/usr/bin/env node
// Exit 0 when the repository (GITHUB_WORKSPACE, else the current folder) pins reelform in package.json, so
// action.yml installs it; exit 1 when it does not; exit 2 (with the reason) when package.json is unreadable.
import { pinnedRange } from "./cli.mjs";

try {
  const range = pinnedRange(process.env.GITHUB_WORKSPACE || process.cwd());
  process.stdout.write(
    range
      ? `reelform: package.json pins reelform ${JSON.stringify(range)}: installing the repository's dependencies\n`
      : "reelform: package.json does not pin reelform: running the Action's own\n",
  );
  process.exitCode = range ? 0 : 1;
} catch (error) {
  process.stdout.write(`::error::reelform Action: ${error.message}\n`);
  process.exitCode = 2;
}
