// What pull did, for people (counts and advice) and for machines (--json).
import type { PulledFile } from "../pull/pull.js";
import { safeJson, safeText } from "./safe-text.js";

export const PULL_JSON_VERSION = 1;

export function countPulled(pulled: PulledFile[]): { downloaded: number; skipped: number; failed: number; bytes: number } {
  const counts = { downloaded: 0, skipped: 0, failed: 0, bytes: 0 };
  for (const { result } of pulled) {
    if (!result.ok) counts.failed++;
    else if (result.skipped) counts.skipped++;
    else {
      counts.downloaded++;
      counts.bytes += result.size;
    }
  }
  return counts;
}

export function renderPullSummary(pulled: PulledFile[], manifest: string, notPulled: number): string {
  const c = countPulled(pulled);
  const lines = [`pulled ${c.downloaded} file(s) (${c.bytes} bytes), ${c.skipped} already complete, ${c.failed} failed`];
  if (notPulled > 0) lines.push(`${notPulled} entr${notPulled === 1 ? "y has" : "ies have"} a task not ended yet: run \`reelform status ${manifest}\` (or \`--wait\`) first`);
  const expired = pulled.filter((p) => !p.result.ok && p.result.kind === "expired").map((p) => p.target.key);
  if (expired.length > 0) {
    lines.push(
      `${expired.length} URL(s) expired (Temporary storage keeps files about 7 days): regenerate with` +
        ` \`reelform apply ${manifest} --replace KEY\` (${expired.slice(0, 3).map(safeText).join(", ")}${expired.length > 3 ? ", …" : ""}),` +
        ` or set output_config.storage_mode: Permanent in the manifest`,
    );
  }
  if (pulled.some((p) => !p.result.ok && p.result.kind !== "expired")) lines.push("run pull again to retry the others; partial files resume where they stopped");
  return lines.join("\n") + "\n";
}

export function renderPullJson(pulled: PulledFile[], relative: (p: string) => string): string {
  const files = pulled.map(({ target, result }) => ({
    key: target.key,
    output_index: target.index,
    url: target.output.url,
    path: relative(target.path),
    status: result.ok ? (result.skipped ? "skipped" : "downloaded") : "failed",
    ...(result.ok ? { size: result.size, sha256: result.sha256, resumed_from: result.resumedFrom } : { error: { kind: result.kind, message: result.message } }),
  }));
  return safeJson(JSON.stringify({ format_version: PULL_JSON_VERSION, summary: countPulled(pulled), files }, null, 2)) + "\n";
}
