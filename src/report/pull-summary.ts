// What pull did, for people (counts and advice) and for machines (--json).
import type { KeptFile } from "../pull/keep-earlier.js";
import type { OrphanedFile } from "../pull/orphans.js";
import type { PulledFile } from "../pull/pull.js";
import { safeJson, safeText } from "../util/safe-text.js";
import type { CommandContext } from "../command-context.js";

const PULL_JSON_VERSION = 1;

/**
 * An earlier generation's output whose URL turned out expired or gone: it can no longer be fetched, which is
 * not this pull's failure (a replaced generation's Temporary URL ends like that sooner or later).
 */
function lostEarlier({ target, result }: PulledFile): boolean {
  return target.earlierGeneration !== undefined && !result.ok && (result.kind === "expired" || result.kind === "gone");
}

export function countPulled(pulled: PulledFile[]): {
  downloaded: number;
  skipped: number;
  failed: number;
  bytes: number;
} {
  const counts = { downloaded: 0, skipped: 0, failed: 0, bytes: 0 };
  for (const file of pulled) {
    const { result } = file;
    if (!result.ok) counts.failed += lostEarlier(file) ? 0 : 1;
    else if (result.skipped) counts.skipped++;
    else {
      counts.downloaded++;
      counts.bytes += result.size;
    }
  }
  return counts;
}

/** What pull did around the downloads: earlier generations moved to their own names, orphaned files. */
export interface PullHousekeeping {
  kept: KeptFile[];
  orphans: OrphanedFile[];
  /** Outputs of earlier generations whose URLs had expired (not fetched, not a failure). */
  expiredEarlier: number;
  /** Retired keys (no longer in the manifest) whose outputs were not fetched: pull --include-retired does. */
  retiredSkipped?: string[];
}

const NO_HOUSEKEEPING: PullHousekeeping = { kept: [], orphans: [], expiredEarlier: 0 };

export function renderPullSummary(
  pulled: PulledFile[],
  manifest: string,
  notPulled: number,
  house: PullHousekeeping = NO_HOUSEKEEPING,
  relative: (p: string) => string = (p) => p,
): string {
  const c = countPulled(pulled);
  const lines = [
    `pulled ${c.downloaded} file(s) (${c.bytes} bytes), ${c.skipped} already complete, ${c.failed} failed`,
  ];
  if (notPulled > 0)
    lines.push(
      `${notPulled} entr${notPulled === 1 ? "y has" : "ies have"} a task not ended yet: run \`reelform status ${manifest}\` (or \`--wait\`) first`,
    );
  const expired = pulled
    .filter((p) => !p.result.ok && p.result.kind === "expired" && !lostEarlier(p))
    .map((p) => p.target.key);
  if (expired.length > 0) {
    lines.push(
      `${expired.length} URL(s) expired (Temporary storage keeps files about 7 days): regenerate with` +
        ` \`reelform apply ${manifest} --replace KEY\` (${expired.slice(0, 3).map(safeText).join(", ")}${expired.length > 3 ? ", …" : ""}),` +
        ` or set output_config.storage_mode: Permanent in the manifest`,
    );
  }
  if (pulled.some((p) => !p.result.ok && p.result.kind !== "expired" && !lostEarlier(p)))
    lines.push("run pull again to retry the others; partial files resume where they stopped");
  return (
    [...lines, ...housekeepingLines({ ...house, expiredEarlier: unavailableEarlier(pulled, house) }, relative)].join(
      "\n",
    ) + "\n"
  );
}

function housekeepingLines(house: PullHousekeeping, relative: (p: string) => string): string[] {
  const lines = house.kept.map(
    (k) => `kept generation ${k.generation} of ${k.key}: ${relative(k.from)} -> ${relative(k.to)}`,
  );
  const retired = house.retiredSkipped ?? [];
  if (retired.length > 0)
    lines.push(
      `${retired.length} retired key(s) not pulled (no longer in the manifest; --include-retired fetches them): ${retired.slice(0, 3).map(safeText).join(", ")}${retired.length > 3 ? ", …" : ""}`,
    );
  if (house.expiredEarlier > 0)
    lines.push(
      `${house.expiredEarlier} output(s) of earlier generations could not be fetched: their URLs have expired (not counted as failed)`,
    );
  const removed = house.orphans.filter((o) => o.removed).map((o) => relative(o.path));
  const left = house.orphans.filter((o) => !o.removed).map((o) => relative(o.path));
  if (removed.length > 0) lines.push(`removed ${removed.length} orphaned file(s): ${removed.join(", ")}`);
  if (left.length > 0)
    lines.push(
      `${left.length} orphaned file(s) (no current or earlier generation of any key in the lockfile): ${left.join(", ")}; remove them with --prune`,
    );
  return lines;
}

export function renderPullJson(
  pulled: PulledFile[],
  relative: (p: string) => string,
  house: PullHousekeeping = NO_HOUSEKEEPING,
): string {
  const files = pulled.map(({ target, result }) => ({
    key: target.key,
    output_index: target.index,
    url: target.output.url,
    path: relative(target.path),
    ...(target.earlierGeneration !== undefined ? { generation: target.earlierGeneration, earlier: true } : {}),
    status: result.ok
      ? result.skipped
        ? "skipped"
        : "downloaded"
      : lostEarlier({ target, result })
        ? "unavailable"
        : "failed",
    ...(result.ok
      ? { size: result.size, sha256: result.sha256, resumed_from: result.resumedFrom }
      : { error: { kind: result.kind, message: result.message } }),
  }));
  const kept = house.kept.map((k) => ({
    key: k.key,
    generation: k.generation,
    from: relative(k.from),
    to: relative(k.to),
  }));
  const orphans = house.orphans.map((o) => ({ path: relative(o.path), removed: o.removed }));
  const summary = {
    ...countPulled(pulled),
    kept: kept.length,
    orphaned: orphans.length,
    expired_earlier: unavailableEarlier(pulled, house),
    retired_skipped: house.retiredSkipped?.length ?? 0,
  };
  return safeJson(JSON.stringify({ format_version: PULL_JSON_VERSION, summary, files, kept, orphans }, null, 2)) + "\n";
}

/** Earlier generations' outputs not fetched: known expired before asking, or found expired/gone when asked. */
function unavailableEarlier(pulled: PulledFile[], house: PullHousekeeping): number {
  return house.expiredEarlier + pulled.filter(lostEarlier).length;
}

/** `reelform pull` on stdout once the downloads ended: the summary with its advice, or the JSON (--json). */
export function printPullReport(
  ctx: Pick<CommandContext, "stdout">,
  pulled: PulledFile[],
  options: {
    json: boolean;
    manifest: string;
    notPulled: number;
    house: PullHousekeeping;
    relative: (p: string) => string;
  },
): void {
  const { manifest, notPulled, house, relative } = options;
  ctx.stdout.write(
    options.json
      ? renderPullJson(pulled, relative, house)
      : renderPullSummary(pulled, manifest, notPulled, house, relative),
  );
}
