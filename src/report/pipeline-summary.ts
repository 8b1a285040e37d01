// What --pull downloaded, after the status result: pull's own summary line (stderr with --json, where
// stdout holds status's JSON), or a `pulled` event in apply's NDJSON stream.
import type { CommandContext } from "../command-context.js";
import type { PulledFile } from "../pull/pull.js";
import { formatEventJson } from "./apply-json.js";
import { countPulled, renderPullSummary, type PullHousekeeping } from "./pull-summary.js";

export interface PulledOptions {
  manifest: string;
  json?: boolean | "event";
  /** Earlier generations' files moved to their own names, and earlier outputs whose URLs had expired. */
  house?: PullHousekeeping;
  relative?: (path: string) => string;
  /** The command's clock: the time a `pulled` event carries. */
  now: () => number;
}

export function printPulled(ctx: CommandContext, pulled: PulledFile[], options: PulledOptions): void {
  const kept = options.house?.kept.length ?? 0;
  if (options.json === "event")
    ctx.stdout.write(formatEventJson({ event: "pulled", ...countPulled(pulled), kept }, options.now()));
  else
    (options.json ? ctx.stderr : ctx.stdout).write(
      renderPullSummary(pulled, options.manifest, 0, options.house, options.relative),
    );
}
