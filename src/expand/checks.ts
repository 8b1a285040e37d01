// Runs the API checks over every expanded request and turns findings into diagnostics that name the key
// and point at the manifest line (or data row) the offending value came from. A finding repeated across
// many requests from the same line is reported once, with a count. Requests are checked one by one as they
// are expanded (compile.ts), so no expansion has to be kept for the checks.
import type { Diagnostic } from "../diagnostics.js";
import type { RequestChecker } from "../check/check-request.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { Expansion } from "./expansion.js";
import { locateBodyPath } from "./provenance.js";
import type { Locate } from "./sources.js";

export class ExpansionChecks {
  private readonly seen = new Map<string, { diagnostic: Diagnostic; more: number }>();

  constructor(
    private readonly checker: RequestChecker,
    private readonly doc: ManifestDoc,
    private readonly locate: Locate,
  ) {}

  check(expansion: Expansion): void {
    for (const finding of this.checker.check(expansion.body)) {
      const at = locateBodyPath(expansion, finding.path, this.doc, this.locate);
      const id = `${finding.severity}|${finding.message}|${at.file}:${at.line}:${at.col}`;
      const entry = this.seen.get(id);
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
      this.seen.set(id, { diagnostic, more: 0 });
    }
  }

  /** One diagnostic per finding and line, in the order first found. */
  diagnostics(): Diagnostic[] {
    return [...this.seen.values()].map(({ diagnostic, more }) =>
      more === 0
        ? diagnostic
        : { ...diagnostic, message: `${diagnostic.message} (and ${more} more request${more === 1 ? "" : "s"})` },
    );
  }
}
