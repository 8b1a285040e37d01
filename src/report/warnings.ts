// Warnings on stderr, in one place with the rest of what reelform prints.
import type { CommandContext } from "../command-context.js";

/**
 * `reelform: warning: …` on stderr, each message once: for readers that report what they had to repair (a
 * conflicted lockfile, which status and pull read again under the lock before writing it resolved).
 */
/** `reelform: …` on stderr: a notice that is not a warning (what a killed run left, a merge's note). */
export function printNotice(ctx: Pick<CommandContext, "stderr">, message: string): void {
  ctx.stderr.write(`reelform: ${message}\n`);
}

export function warnOn(ctx: Pick<CommandContext, "stderr">): (message: string) => void {
  const shown = new Set<string>();
  return (message) => {
    if (shown.has(message)) return;
    shown.add(message);
    ctx.stderr.write(`reelform: warning: ${message}\n`);
  };
}
