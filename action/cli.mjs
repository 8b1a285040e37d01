// Which reelform the Action runs: the version the repository pins in package.json (its own install, so CI
// plans as a laptop does), else the Action's own.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { planEnvironment } from "./inputs.mjs";

/** The reelform range package.json pins (devDependencies, else dependencies), or null. */
export function pinnedRange(workspace) {
  const path = join(workspace, "package.json");
  if (!existsSync(path)) return null;
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`package.json is not valid JSON (${error.message}): cannot tell whether it pins reelform`);
  }
  const range = pkg?.devDependencies?.reelform ?? pkg?.dependencies?.reelform;
  return typeof range === "string" ? range : null;
}

/**
 * @returns {{ cli: string, version: string, source: "repository" | "action", range: string | null }}
 * `source: "repository"` when package.json pins reelform: its node_modules/reelform must then be installed.
 */
export function chooseCli(workspace, actionPath) {
  const range = pinnedRange(workspace);
  const root = range ? join(workspace, "node_modules", "reelform") : actionPath;
  const cli = join(root, "dist", "cli.js");
  if (range && !existsSync(cli)) {
    throw new Error(
      `package.json pins reelform ${JSON.stringify(range)}, but node_modules/reelform/dist/cli.js is not installed (the Action runs \`npm ci\` in the repository for it: is package-lock.json committed?)`,
    );
  }
  return { cli, version: cliVersion(cli), source: range ? "repository" : "action", range };
}

/** `reelform --version` of a CLI ("unknown" when it cannot say). */
export function cliVersion(cli) {
  try {
    // No credential for this either: the CLI may be the repository's own, installed from its package.json.
    return (
      execFileSync(process.execPath, [cli, "--version"], {
        encoding: "utf8",
        env: planEnvironment(process.env),
        stdio: ["ignore", "pipe", "ignore"],
      })
        .trim()
        .split("\n")[0] || "unknown"
    );
  } catch {
    return "unknown";
  }
}

/** How the comment and the log name the CLI. */
export function describeCli({ version, source, range }) {
  return source === "repository"
    ? `reelform ${version} (pinned in package.json: ${range})`
    : `reelform ${version} (the Action's own: pin reelform in devDependencies to plan with your version)`;
}
