// Runs the reelform CLI for the Action: stdout captured, stderr captured *and* passed through to the job log
// (so reelform's ::error/::warning lines become annotations there, and only there).
import { spawn } from "node:child_process";

/** @returns {Promise<{ code: number, stdout: string, stderr: string }>} */
export function runReelform(cli, args, { cwd, env, echoStdout = false }) {
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
      process.stderr.write(chunk);
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

/** `plan --detailed-exitcode`: 0 nothing to do, 2 changes pending; anything else (1, 126, 127, a signal) failed. */
export function planOutcome(code) {
  if (code === 0) return "no-changes";
  if (code === 2) return "changes";
  return "failed";
}
