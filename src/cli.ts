#!/usr/bin/env node
// argv -> options -> command. The only place errors become exit codes. Commands are imported lazily, through
// the typed table in src/commands/table.ts, so that `reelform --version` does not load YAML, ajv, handlebars
// or listr2.
import type { CommandContext } from "./command-context.js";
import { loadCommand } from "./commands/table.js";
import { resolveCommandSettings } from "./config/command-settings.js";
import { colorEnabled, isCI } from "./config/terminal.js";
import { DiagnosticsError, ExitCode, UserError } from "./errors.js";
import { buildProgram } from "./program.js";
import { safeLines } from "./util/safe-text.js";
import { resolve } from "node:path";

function createContext(): { ctx: CommandContext; stop: AbortController; abort: AbortController } {
  const stop = new AbortController();
  const abort = new AbortController();
  const env = process.env;
  const isTTY = Boolean(process.stdout.isTTY);
  const noColorFlag = process.argv.includes("--no-color");
  const ctx: CommandContext = {
    env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    color: colorEnabled({ env, isTTY, noColorFlag }),
    ci: isCI(env),
    stopSignal: stop.signal,
    abortSignal: abort.signal,
  };
  return { ctx, stop, abort };
}

/**
 * --dotenv: its variables join the environment (which wins) for every part of the command. --state URL wins
 * over REELFORM_STATE: it is put there, so the state is resolved from one place (src/state/settings.ts).
 */
async function withCommandEnv(ctx: CommandContext, opts: unknown): Promise<CommandContext> {
  const state = (opts as { state?: unknown } | undefined)?.state;
  if (typeof state === "string") ctx = { ...ctx, env: { ...ctx.env, REELFORM_STATE: state } };
  const dotenv = (opts as { dotenv?: unknown } | undefined)?.dotenv;
  if (typeof dotenv !== "string") return { ...ctx, settings: resolveCommandSettings(ctx.env) };
  const { readEnvFile, underEnvironment } = await import("./config/api.js");
  const vars = readEnvFile(resolve(ctx.cwd, dotenv)); // read once: its names are also kept from templates
  const env = underEnvironment(ctx.env, vars);
  return { ...ctx, env, dotenvNames: Object.keys(vars), settings: resolveCommandSettings(env) };
}

/** What the first Ctrl-C / SIGTERM means for a command: the simulator and the review server just stop serving. */
function firstSignalNotice(command: string, signal: NodeJS.Signals): string {
  if (command === "review")
    return `\nreelform: ${signal} received: stopping the review server (every verdict clicked is saved)\n`;
  return command === "simulator"
    ? `\nreelform: ${signal} received: stopping the simulator\n`
    : `\nreelform: ${signal} received: no new requests; waiting for those in flight (press Ctrl-C again to abort them)\n`;
}

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

/** Installed before the command is even parsed, so a signal during start-up is handled too. */
function installSignalHandlers(stop: AbortController, abort: AbortController, command: () => string): void {
  // The reader of our output went away (`reelform plan | head`): finish like a first Ctrl-C (nothing new
  // starts, the journal is folded) instead of dying on an unhandled EPIPE with work half recorded.
  // A dropped SSH session (SIGHUP) closes the terminal too: EIO on its writes means the same.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "EIO") throw error;
    stop.abort();
  });
  process.stderr.on("error", () => stop.abort()); // nowhere left to report it; the lockfile still records the run
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stop.signal.aborted) {
      process.stderr.write(firstSignalNotice(command(), signal));
      stop.abort();
    } else if (!abort.signal.aborted) {
      process.stderr.write(`\nreelform: aborting requests in flight; they will be in doubt (?) on the next plan\n`);
      abort.abort();
    }
  };
  // SIGHUP (a dropped SSH session, some CI cancellations) and SIGQUIT mean the same as Ctrl-C / SIGTERM:
  // drain, fold the journal, release the lock, exit 130. Left unhandled, they would kill the run mid-flight.
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
}

let internalBug = false;

/**
 * A bug thrown outside the command's own promise (a stray callback): say so, then stop like a first
 * SIGTERM, so that the command still lets answers in flight arrive, folds what it knows and releases its
 * lock; the exit code is then 1.
 */
function installBugHandlers(stop: AbortController): void {
  const onBug = (error: unknown): void => {
    internalBug = true;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `reelform: internal error (this is a bug, please report it):\n${detail}\nreelform: stopping; recording what is known first\n`,
    );
    stop.abort();
    // The drain of requests in flight is bounded (30 s); a bug that hangs the command must not hang forever.
    setTimeout(() => process.exit(ExitCode.error), 90_000).unref();
  };
  process.on("uncaughtException", onBug);
  process.on("unhandledRejection", onBug);
}

/** A message's own line breaks (a list of changed inputs) are kept; every line is made safe on its own. */
function safeMessage(message: string): string {
  return safeLines(message).join("\n");
}

function reportError(error: unknown, stderr: NodeJS.WritableStream): Promise<number> | number {
  if (error instanceof DiagnosticsError) {
    return import("./report/diagnostics.js").then(({ printDiagnostics }) => {
      printDiagnostics(error.diagnostics, { stream: stderr, env: process.env });
      stderr.write(`reelform: ${safeMessage(error.message)}\n`);
      return error.exitCode;
    });
  }
  if (error instanceof UserError) {
    stderr.write(`reelform: ${safeMessage(error.message)}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`reelform: internal error (this is a bug, please report it):\n${detail}\n`);
  return ExitCode.error;
}

export async function main(argv: string[]): Promise<number> {
  const { ctx, stop, abort } = createContext();
  let exitCode: number = ExitCode.ok;
  let command = "";
  installSignalHandlers(stop, abort, () => command);
  const program = buildProgram(async (name, ...args) => {
    command = name;
    installBugHandlers(stop);
    const run = await loadCommand(name);
    try {
      exitCode = await run(await withCommandEnv(ctx, args.at(-1)), ...args);
    } finally {
      // A state database's connection would keep the process alive (and its lock held) after the command.
      await (await import("./state/open.js")).closeOpenStates();
    }
  });
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      // --help, `help` and --version exit 0; a usage error, and a bare `reelform` (help in place of a command), 1.
      return (error as { exitCode?: number }).exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    return reportError(error, process.stderr);
  }
}

/**
 * Once the command is done and nothing is left to run, exit explicitly. Left to end on its own, Node tears
 * the environment down first and removes its signal handlers early in that teardown: a SIGHUP or SIGQUIT
 * arriving in those last milliseconds (a dropped SSH session just as the run finishes) then killed the
 * process by the signal, after it had recorded everything. process.exit() keeps the handlers to the end.
 * `beforeExit` comes only when the event loop is empty, so every write and every cleanup has finished.
 */
function exitWhenIdle(): void {
  process.once("beforeExit", () => process.exit());
}

main(process.argv).then(
  (code) => {
    process.exitCode = internalBug && code !== ExitCode.writeFailed ? ExitCode.error : code;
    exitWhenIdle();
  },
  (error: unknown) => {
    process.stderr.write(`reelform: internal error: ${String(error)}\n`);
    process.exitCode = ExitCode.error;
    exitWhenIdle();
  },
);
