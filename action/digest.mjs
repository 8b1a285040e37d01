// The digest of a reviewed plan: what the pull request's comment promises and what a merge must still match.
// It covers every entry of `plan --json` (mark, key, request hash), the estimated cost and the review file's
// sha256, so another merge in between, a changed review file or moved prices all make a difference.
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

const BLOCK = /^<!-- reelform-reviewed-plan v1 ([A-Za-z0-9+/=]*) -->$/;
/** Above this the comment carries the digests alone (a difference is then reported without its entries). */
const ENTRY_LIMIT = 40_000;

const sha256 = (text) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** @param {any} plan the parsed `plan --json` document; @param {string} review the review file's sha256, or "absent" */
export function planDigest(manifest, plan, review) {
  const cost = plan.summary?.estimated_cost
    ? `${plan.summary.estimated_cost.total} ${plan.summary.estimated_cost.currency}`
    : null;
  const entries = plan.entries
    .map((e) => [e.mark, e.key, e.new_hash ?? e.old_hash ?? ""])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const text = [
    `review ${review}`,
    `cost ${cost ?? "-"}`,
    ...entries.map(([mark, key, hash]) => `${mark}\t${JSON.stringify(key)}\t${hash}`),
  ].join("\n");
  return { manifest, digest: sha256(text), review, cost, entries };
}

export const reviewFileOf = (manifest) => manifest.replace(/\.(ya?ml|json)$/i, "") + ".review.yaml";
export const fileDigest = (bytes) => (bytes === null ? "absent" : sha256(bytes));

/** The hidden line of the comment that carries the digests (right after the comment's marker line). */
export function digestBlock(digests) {
  const encode = (list) => deflateRawSync(Buffer.from(JSON.stringify({ manifests: list }))).toString("base64");
  let data = encode(digests);
  if (data.length > ENTRY_LIMIT) data = encode(digests.map((d) => ({ ...d, entries: null })));
  return `<!-- reelform-reviewed-plan v1 ${data} -->`;
}

/**
 * The digests in a comment written by the Action: read only from the line right after the marker, so text a
 * plan quotes (a prompt holding a forged block) is never taken for it. Null when there is none.
 */
export function readDigestBlock(body, marker) {
  const lines = String(body).split("\n");
  if (lines[0] !== marker) return null;
  const match = BLOCK.exec(lines[1] ?? "");
  if (!match) return null;
  try {
    const parsed = JSON.parse(
      inflateRawSync(Buffer.from(match[1], "base64"), { maxOutputLength: 64 * 1024 * 1024 }).toString("utf8"),
    );
    return Array.isArray(parsed?.manifests) ? parsed.manifests : null;
  } catch {
    return null;
  }
}

/**
 * What changed between the reviewed digest and the plan now, as lines (empty when they match).
 * `show` renders a key (log or markdown).
 */
export function digestDifference(reviewed, now, show = (key) => JSON.stringify(key)) {
  if (!reviewed) return [`not in the reviewed plan: the pull request's plan comment has no plan of this manifest`];
  if (reviewed.digest === now.digest) return [];
  const lines = [];
  if (reviewed.review !== now.review) lines.push(`review file: reviewed ${reviewed.review}, now ${now.review}`);
  if (reviewed.cost !== now.cost)
    lines.push(`estimated cost: reviewed ${reviewed.cost ?? "none"}, now ${now.cost ?? "none"}`);
  if (!reviewed.entries) {
    lines.push(
      `entries: reviewed digest ${reviewed.digest}, now ${now.digest} (the reviewed plan was too large to list its entries)`,
    );
    return lines;
  }
  const before = new Map(reviewed.entries.map(([mark, key, hash]) => [key, { mark, hash }]));
  const after = new Map(now.entries.map(([mark, key, hash]) => [key, { mark, hash }]));
  const short = (hash) => (hash ? hash.replace(/^sha256:/, "").slice(0, 12) : "-");
  for (const [key, e] of after) {
    const r = before.get(key);
    if (!r) lines.push(`+ ${show(key)}: ${e.mark} (not in the reviewed plan)`);
    else if (r.mark !== e.mark || r.hash !== e.hash)
      lines.push(`~ ${show(key)}: reviewed ${r.mark} ${short(r.hash)}, now ${e.mark} ${short(e.hash)}`);
  }
  for (const [key, r] of before)
    if (!after.has(key)) lines.push(`- ${show(key)}: ${r.mark} (reviewed, no longer in the plan)`);
  return lines;
}
