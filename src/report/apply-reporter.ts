import type { ApplyEvent } from "../apply/events.js";
import type { CommandContext } from "../command-context.js";
import { formatEventJson } from "./apply-json.js";
import { formatEventLine } from "./apply-lines.js";
import { startTtyProgress } from "./apply-tty.js";
import { safeLines } from "../util/safe-text.js";

/** Where apply's output goes: NDJSON events (--json), listr2 progress (TTY), or plain lines (CI, pipes). */
export interface ApplyReporter {
  readonly json: boolean;
  emit(event: ApplyEvent): void;
  /** A notice outside the event stream (lock taken over, journal recovered). */
  notice(kind: string, message: string): void;
  finish(): Promise<void>;
}

type Io = Pick<CommandContext, "stdout" | "stderr" | "isTTY" | "ci">;

/** `now`: the command's clock (event times, progress rates). */
export function createApplyReporter(ctx: Io, options: { json: boolean; now: () => number }): ApplyReporter {
  if (options.json) {
    return {
      json: true,
      emit: (event) => void ctx.stdout.write(formatEventJson(event, options.now())),
      notice: (kind, message) =>
        void ctx.stdout.write(formatEventJson({ event: "notice", kind, message }, options.now())),
      finish: async () => undefined,
    };
  }
  // A notice may span lines (recovery by session_id lists each key): each line is made safe on its own.
  const notice = (_kind: string, message: string): void =>
    void ctx.stderr.write(`reelform: ${safeLines(message).join("\n")}\n`);
  if (ctx.isTTY && !ctx.ci) return { json: false, notice, ...lazyTty(ctx, options.now) };
  return {
    json: false,
    notice,
    emit: (event) => {
      const line = formatEventLine(event);
      if (line !== null) ctx.stdout.write(`${line}\n`);
    },
    finish: async () => undefined,
  };
}

/** listr2 starts drawing only when the run starts (after the plan and the confirmation). */
function lazyTty(ctx: Io, now: () => number): Pick<ApplyReporter, "emit" | "finish"> {
  let tty: ReturnType<typeof startTtyProgress> | null = null;
  return {
    emit: (event) => {
      tty ??= startTtyProgress(ctx.stdout as NodeJS.WriteStream, ctx.stderr as NodeJS.WriteStream, now);
      tty.emit(event);
    },
    finish: async () => {
      await tty?.finish();
    },
  };
}
