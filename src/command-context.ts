import type { Readable, Writable } from "node:stream";

/**
 * Everything a command may know about the outside world, resolved once in src/cli.ts.
 * Below the commands nothing reads process.env, process.cwd() or process.stdout.
 */
export interface CommandContext {
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
   * The environment-level settings a command reads as they are (src/config/command-settings.ts), resolved once
   * in src/cli.ts from `env` (--dotenv and --state included). A context built without them (a unit test)
   * resolves them from `env` on first use (settingsOf).
   */
  settings?: CommandSettings;
}

/**
 * Settings taken from the environment alone, each parsed on first use (a malformed variable fails only a command
 * that reads it). Settings that a flag or the manifest can override are layered where they are used, with the
 * one resolver of src/config/settings.ts.
 */
export interface CommandSettings {
  /** REELFORM_REVIEWER: the name the review page starts with ("" is a value: no name). */
  readonly reviewer: string | undefined;
  /** The login name (USER, else LOGNAME). */
  readonly login: string | undefined;
  /** TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, when both are set. */
  readonly tencentCredentials: { secretId: string; secretKey: string } | undefined;
}

/** A command returns its exit code; user errors are thrown as UserError / DiagnosticsError. */
export type CommandResult = Promise<number>;
