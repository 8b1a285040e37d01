import type { CommandSettings } from "./config/command-settings.js";
import type { Readable, Writable } from "node:stream";

/**
 * Everything a command may know about the outside world, resolved once in src/cli.ts.
 * Below the commands nothing reads process.env, process.cwd() or process.stdout.
 */
export interface CommandContext {
  /** The environment (--dotenv included); a setting is read through `settings`, never from here. */
  env: Readonly<Record<string, string | undefined>>;
  /** Names the --dotenv file set: secrets by intent, never visible to templates (see allow_env). */
  dotenvNames?: readonly string[];
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** stdout is a terminal (progress bars, prompts). */
  isTTY: boolean;
  /** stdin is a terminal (confirmation prompts). */
  stdinIsTTY: boolean;
  /** Colour allowed: TTY or FORCE_COLOR, no NO_COLOR, not --no-color (config/terminal.ts). */
  color: boolean;
  /** Running in CI (CI set to a true value, or GITHUB_ACTIONS=true): plain line output. */
  ci: boolean;
  /** Aborted on the first Ctrl-C / SIGTERM: stop starting new work. */
  stopSignal: AbortSignal;
  /** Aborted on the second Ctrl-C: abort work in flight. */
  abortSignal: AbortSignal;
  /**
   * Every setting's environment level (src/config/command-settings.ts), resolved once in src/cli.ts from `env`
   * (--dotenv and --state included). Commands read it through settingsOf(ctx), which fills it in for a context
   * built without it (a unit test). `env` itself is for what needs the environment as such: templates'
   * allow_env, a child process's environment, the colour of printed diagnostics.
   */
  settings?: CommandSettings;
}

/** A command returns its exit code; user errors are thrown as UserError / DiagnosticsError. */
export type CommandResult = Promise<number>;
