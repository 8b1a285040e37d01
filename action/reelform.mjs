// Runs the reelform CLI for the Action: stdout captured, stderr captured *and* passed through to the job log
// (so reelform's ::error/::warning lines become annotations there, and only there). Paths always follow `--`,
// so a tracked file named `--help.yaml` is a path, never an option.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileDigest, planDigest, reviewFileOf } from "./digest.mjs";

/** @returns {Promise<{ code: number, stdout: string, stderr: string }>} */
export function runReelform(cli, args, { cwd, env, echoStdout = false, echoStderr = true }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (echoStdout) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (echoStderr) process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** stderr for a human reader: workflow commands (::error …) are annotations, already shown beside the files. */
export function withoutWorkflowCommands(text) {
  return text
    .split("\n")
    .filter((line) => !line.startsWith("::"))
    .join("\n")
    .trim();
}

/** The warnings reelform annotated (`::warning file=F,line=L,col=C::message`), as `F:L:C: message` lines. */
export function warningsOf(stderr) {
  const decode = (s) =>
    s.replace(/%0A/g, "\n").replace(/%0D/g, "\r").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const out = [];
  for (const line of stderr.split("\n")) {
    const match = /^::warning(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const props = Object.fromEntries(
      (match[1] ?? "")
        .split(",")
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf("=")), decode(p.slice(p.indexOf("=") + 1))]),
    );
    const where = [props.file, props.line, props.col].filter(Boolean).join(":");
    out.push(`${where ? `${where}: ` : ""}${decode(match[2])}`);
  }
  return out;
}

/** `plan --detailed-exitcode`: 0 nothing to do, 2 changes pending; anything else (1, 126, 127, a signal) failed. */
export function planOutcome(code) {
  if (code === 0) return "no-changes";
  if (code === 2) return "changes";
  return "failed";
}

/**
 * Plans a manifest as reviewers see it and as a merge must match it: `plan --json` (saved with `--out` when
 * given, for `apply <saved plan>`), its digest with the review file's, and with `markdown` the comment's text.
 */
export async function reviewedPlanOf(cli, manifest, { cwd, env, markdown = false, out }) {
  const saveArgs = out ? ["--out", out] : [];
  const json = await runReelform(cli, ["plan", "--json", "--detailed-exitcode", ...saveArgs, "--", manifest], {
    cwd,
    env,
    echoStderr: !markdown,
  });
  const result = {
    manifest,
    code: json.code,
    outcome: planOutcome(json.code),
    markdown: "",
    errors: "",
    warnings: warningsOf(json.stderr),
    digest: null,
  };
  if (result.outcome !== "failed") {
    try {
      const reviewPath = join(cwd, reviewFileOf(manifest));
      result.digest = planDigest(
        manifest,
        JSON.parse(json.stdout),
        fileDigest(existsSync(reviewPath) ? readFileSync(reviewPath) : null),
      );
    } catch (error) {
      Object.assign(result, {
        outcome: "failed",
        code: 1,
        errors: `the plan's JSON could not be read: ${error.message}`,
      });
      return result;
    }
  }
  if (!markdown) {
    if (result.outcome === "failed") result.errors = withoutWorkflowCommands(json.stderr);
    return result;
  }
  const md = await runReelform(cli, ["plan", "--markdown", "--detailed-exitcode", "--", manifest], { cwd, env });
  // Both runs read the same files: should they disagree, the failure is what the comment shows.
  if (planOutcome(md.code) === "failed" || result.outcome === "failed") {
    const failed = planOutcome(md.code) === "failed" ? md : json;
    return {
      ...result,
      code: failed.code,
      outcome: "failed",
      errors: result.errors || withoutWorkflowCommands(failed.stderr),
      digest: null,
    };
  }
  return { ...result, markdown: md.stdout };
}
