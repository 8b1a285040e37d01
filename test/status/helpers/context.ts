import { PassThrough, Writable } from "node:stream";
import type { CommandContext } from "../../../src/command-context.js";

/** A command context writing into strings: not a TTY, no colour, not CI unless asked. */
export function captureContext(overrides: Partial<CommandContext> = {}) {
  const out = { stdout: "", stderr: "" };
  const sink = (name: "stdout" | "stderr") =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        out[name] += chunk.toString();
        done();
      },
    });
  const ctx: CommandContext = {
    env: { REELFORM_API_KEY: "sk-test-secret", REELFORM_BASE_URL: "https://gateway.example.com" },
    cwd: "/tmp",
    stdout: sink("stdout"),
    stderr: sink("stderr"),
    stdin: new PassThrough(),
    isTTY: false,
    stdinIsTTY: false,
    color: false,
    ci: true,
    stopSignal: new AbortController().signal,
    abortSignal: new AbortController().signal,
    ...overrides,
  };
  return { ctx, out };
}
