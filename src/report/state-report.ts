// What the commands that edit the recorded set say: state rm, state push, recover and force-unlock.
import type { CommandContext } from "../command-context.js";
import type { LockInfo } from "../lockfile/mutex.js";
import type { Lockfile } from "../lockfile/types.js";
import { safeText } from "../util/safe-text.js";

type Out = Pick<CommandContext, "stdout">;

function entries(count: number): string {
  return `${count} entr${count === 1 ? "y" : "ies"}`;
}

/** `state rm`'s list before it asks: each entry it would forget, described by `describeForgotten`. */
export function renderForgetList(where: string, described: readonly string[]): string {
  return [
    `reelform state rm: ${entries(described.length)} of ${where} to forget:`,
    ...described.map((line) => `  - ${safeText(line)}`),
    "The tasks themselves and any pulled files are not deleted; they are no longer recorded (their files become orphaned files).",
    "",
  ].join("\n");
}

export function printForgetList(ctx: Out, where: string, described: readonly string[]): void {
  ctx.stdout.write(renderForgetList(where, described));
}

export function printNothingForgotten(ctx: Out): void {
  ctx.stdout.write("Nothing forgotten.\n");
}

export function printForgotten(ctx: Out, count: number, where: string): void {
  ctx.stdout.write(`Forgot ${entries(count)}; written to ${where}.\n`);
}

/** `state push`: how the database's entries compare with what they were before the push. */
export function describePushChange(before: Lockfile | null, after: Lockfile): string {
  const keys = Object.keys(after.entries);
  let added = 0;
  let changed = 0;
  for (const key of keys) {
    const old = before && Object.hasOwn(before.entries, key) ? before.entries[key] : undefined;
    if (!old) added += 1;
    else if (JSON.stringify(old) !== JSON.stringify(after.entries[key])) changed += 1;
  }
  return `${entries(keys.length)} (${added} new, ${changed} changed, ${keys.length - added - changed} already there)`;
}

export function printPushed(ctx: Out, file: string, into: string, before: Lockfile | null, after: Lockfile): void {
  ctx.stdout.write(`Pushed ${file} into ${into}: ${describePushChange(before, after)}.\n`);
}

export function printNothingToRecover(ctx: Out, where: string): void {
  ctx.stdout.write(`Nothing to recover: no journal or errored records ${where}.\n`);
}

/** `recover` folded records: the recovery notice (src/apply/recover.ts), as a sentence, and where it went. */
export function printRecovered(ctx: Out, notice: string, recordedIn: string): void {
  ctx.stdout.write(`${notice.charAt(0).toUpperCase()}${notice.slice(1)}; written to ${recordedIn}.\n`);
}

export function printRefusedLines(ctx: Out, skipped: number, from: string, why: string): void {
  if (skipped > 0) ctx.stdout.write(`${skipped} line(s) refused from ${from}: ${why}.\n`);
}

/** `force-unlock`: which lock went, and whose it was. */
export function printUnlocked(ctx: Out, what: string, info: LockInfo): void {
  ctx.stdout.write(`Removed ${what} held by ${info.owner}@${info.host} (pid ${info.pid}, since ${info.started_at}).\n`);
}
