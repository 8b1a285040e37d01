// Document-level rules that JSON Schema cannot say well, each a small function adding errors or warnings.
import type { Diagnostic } from "../diagnostics.js";
import { dataFilePaths } from "./rule-data-paths.js";
import { passthroughFields } from "./rule-passthrough.js";
import { isJsonObject } from "../util/objects.js";
import { videosOf, type Rule, type RuleContext } from "./rule-context.js";
import type { ManifestDoc } from "./types.js";

export type { RuleContext } from "./rule-context.js";

const MANIFEST_RULES: readonly Rule[] = [passthroughFields, uniqueVideoIds, dataFilePaths];

/** Runs every rule. Also on a document with schema errors (all problems in one run), so rules read defensively. */
export function applyRules(doc: unknown, ctx: RuleContext): Diagnostic[] {
  if (!isJsonObject(doc)) return [];
  return MANIFEST_RULES.flatMap((rule) => rule(doc as unknown as ManifestDoc, ctx));
}

function uniqueVideoIds(doc: ManifestDoc, ctx: RuleContext): Diagnostic[] {
  const first = new Map<string, number>();
  const found: Diagnostic[] = [];
  videosOf(doc).forEach(({ video, index: i }) => {
    if (typeof video.id !== "string") return;
    const earlier = first.get(video.id);
    if (earlier === undefined) first.set(video.id, i);
    else {
      const line = ctx.locate(["videos", earlier, "id"]).line;
      found.push({
        severity: "error",
        message: `video id "${video.id}" is already used by videos[${earlier}] (line ${line})`,
        suggestion: "give each video its own id",
        ...ctx.locate(["videos", i, "id"]),
      });
    }
  });
  return found;
}
