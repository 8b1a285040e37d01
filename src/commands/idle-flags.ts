// A flag that does nothing in the combination given is a mistake worth stopping for: `--timeout` without
// `--wait` looks like a limit and is not one. Each rule names the flag, when it is idle, and why.
import { UserError } from "../errors.js";

export interface IdleFlagRule {
  flag: string;
  /** The flag was given and nothing in the combination uses it. */
  idle: boolean;
  /** Why it would do nothing, and what to do instead. */
  why: string;
}

/** Throws one UserError listing every idle flag; does nothing when none is. */
export function refuseIdleFlags(command: string, rules: readonly IdleFlagRule[]): void {
  const idle = rules.filter((r) => r.idle);
  if (idle.length === 0) return;
  const lines = idle.map((r) => `${r.flag} does nothing here: ${r.why}`);
  throw new UserError(
    lines.length === 1
      ? `${command}: ${lines[0]}`
      : `${command}: flags that would do nothing:\n${lines.map((l) => `  - ${l}`).join("\n")}`,
  );
}

/** --timeout bounds --wait; alone it would be silently ignored. */
export function timeoutRule(flags: { timeout?: string; wait?: boolean }): IdleFlagRule {
  return {
    flag: "--timeout",
    idle: flags.timeout !== undefined && !flags.wait,
    why: "it limits how long --wait follows the tasks, and --wait is not given (add --wait, or drop --timeout)",
  };
}
