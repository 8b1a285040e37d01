// What --pull downloaded, after the status result: pull's own summary line (stderr with --json, where
// stdout holds status's JSON), or a `pulled` event in apply's NDJSON stream.
import type { CommandContext } from "../command-context.js";
import type { PulledFile } from "../pull/pull.js";
import { formatEventJson } from "./apply-json.js";
import { countPulled, renderPullSummary } from "./pull-summary.js";
import { systemClock } from "../sched/clock.js";

export function printPulled(ctx: CommandContext, pulled: PulledFile[], options: { manifest: string; json?: boolean | "event" }): void {
  if (options.json === "event") ctx.stdout.write(formatEventJson({ event: "pulled", ...countPulled(pulled) }, systemClock.now()));
  else (options.json ? ctx.stderr : ctx.stdout).write(renderPullSummary(pulled, options.manifest, 0));
}
