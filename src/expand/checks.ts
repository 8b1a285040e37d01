// Runs the API checks over every expanded request and turns findings into diagnostics that name the key
// and point at the manifest line (or data row) the offending value came from. A finding repeated across
// many requests from the same line is reported once, with a count.
import type { Diagnostic } from "../diagnostics.js";
import type { RequestChecker } from "../check/check-request.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { Expansion } from "./expansion.js";
import { locateBodyPath } from "./provenance.js";
import type { Locate } from "./sources.js";

export function checkExpansions(
  expansions: readonly Expansion[],
  checker: RequestChecker,
  doc: ManifestDoc,
  locate: Locate,
): Diagnostic[] {
  const seen = new Map<string, { diagnostic: Diagnostic; more: number }>();
  for (const expansion of expansions) {
    for (const finding of checker.check(expansion.body)) {
      const at = locateBodyPath(expansion, finding.path, doc, locate);
      const id = `${finding.severity}|${finding.message}|${at.file}:${at.line}:${at.col}`;
      const entry = seen.get(id);
      if (entry) {
        entry.more++;
        continue;
      }
      const diagnostic: Diagnostic = {
        severity: finding.severity,
        ...at,
        key: expansion.key,
        message: finding.message,
        ...(finding.suggestion ? { suggestion: finding.suggestion } : {}),
      };
      seen.set(id, { diagnostic, more: 0 });
    }
  }
  return [...seen.values()].map(({ diagnostic, more }) =>
    more === 0
      ? diagnostic
      : { ...diagnostic, message: `${diagnostic.message} (and ${more} more request${more === 1 ? "" : "s"})` },
  );
}
