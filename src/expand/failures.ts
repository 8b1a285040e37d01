// Render failures are reported once per (video, template, problem), with the first combination that hit
// it and a count of the others: a missing variable in a 5,000-combination matrix is one finding, not 5,000.
import type { Diagnostic } from "../diagnostics.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { JsonValue } from "../util/canonical-json.js";
import type { RenderFailure } from "./body.js";
import type { DataRow } from "./data-row.js";
import type { Combination } from "./matrix.js";
import { describeVars, type Locate } from "./sources.js";
import { closestMatch } from "../check/did-you-mean.js";
import type { VideoPlan } from "./expansion.js";

export class FailureLog {
  private readonly entries = new Map<string, { diagnostic: Diagnostic; more: number }>();

  constructor(
    private readonly doc: ManifestDoc,
    private readonly locate: Locate,
  ) {}

  add(
    plan: VideoPlan,
    failure: RenderFailure,
    vars: Record<string, JsonValue>,
    combo: Combination,
    row: DataRow | undefined,
  ): void {
    const id = `${plan.index}|${failure.path}|${failure.message}`;
    if (this.bump(id)) return;
    const combination = describeVars(vars);
    const message = `video "${plan.label}"${combination ? ` [${combination}]` : ""}: ${failure.message} in ${JSON.stringify(failure.text)}`;
    const known = this.knownNames(plan, combo, row);
    const suggestion = missingHint(failure, known);
    const where = this.locate(
      failure.path ? (plan.origins.get(failure.path) ?? ["videos", plan.index]) : ["videos", plan.index, "name"],
    );
    this.entries.set(id, {
      diagnostic: { severity: "error", ...where, message, ...(suggestion ? { suggestion } : {}) },
      more: 0,
    });
  }

  addDiagnostic(id: string, diagnostic: Diagnostic): void {
    if (!this.bump(id)) this.entries.set(id, { diagnostic, more: 0 });
  }

  diagnostics(): Diagnostic[] {
    return [...this.entries.values()].map(({ diagnostic, more }) =>
      more === 0
        ? diagnostic
        : { ...diagnostic, message: `${diagnostic.message} (and ${more} more combination${more === 1 ? "" : "s"})` },
    );
  }

  private bump(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry) entry.more++;
    return entry !== undefined;
  }

  private knownNames(plan: VideoPlan, combo: Combination, row: DataRow | undefined): string[] {
    return [
      ...Object.keys(this.doc.vars ?? {}),
      ...Object.keys(plan.spec.vars ?? {}),
      ...Object.keys(combo.values),
      ...Object.keys(row?.values ?? {}),
    ];
  }
}

/** What to write instead of a missing variable: GitHub's `${{ matrix.x }}` spelling first, then a close name. */
function missingHint(failure: RenderFailure, known: readonly string[]): string | undefined {
  if (!failure.missing) return undefined;
  const github = failure.missing === "matrix" ? /(\$?)\{\{\s*matrix\.([A-Za-z_][\w-]*)/.exec(failure.text) : null;
  if (github) {
    const dollar = github[1] ? ` without the "$"` : "";
    return `write {{${github[2] ?? ""}}}${dollar}: matrix values are variables of their own, with no "matrix." prefix (GitHub Actions' \${{ matrix.x }} is {{x}} here)`;
  }
  const guess = closestMatch(failure.missing, known);
  return guess ? `did you mean "${guess}"?` : "define it in vars, the matrix or the data rows";
}
