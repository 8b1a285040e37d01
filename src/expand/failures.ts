// Render failures are reported once per (video, template, problem), with the first combination that hit
// it and a count of the others: a missing variable in a 5,000-combination matrix is one finding, not 5,000.
import type { Diagnostic } from "../diagnostics.js";
import type { ManifestDoc } from "../manifest/types.js";
import type { JsonValue } from "../util/canonical-json.js";
import type { RenderFailure } from "./body.js";
import type { DataRow } from "./data-file.js";
import type { Combination } from "./matrix.js";
import { describeVars, type Locate } from "./sources.js";
import { closestMatch } from "../check/did-you-mean.js";
import type { VideoPlan } from "./video.js";

export class FailureLog {
  private readonly entries = new Map<string, { diagnostic: Diagnostic; more: number }>();

  constructor(
    private readonly doc: ManifestDoc,
    private readonly locate: Locate,
  ) {}

  add(plan: VideoPlan, failure: RenderFailure, vars: Record<string, JsonValue>, combo: Combination, row: DataRow | undefined): void {
    const id = `${plan.index}|${failure.path}|${failure.message}`;
    if (this.bump(id)) return;
    const combination = describeVars(vars);
    const message = `video "${plan.label}"${combination ? ` [${combination}]` : ""}: ${failure.message} in ${JSON.stringify(failure.text)}`;
    const known = this.knownNames(plan, combo, row);
    const guess = failure.missing ? closestMatch(failure.missing, known) : undefined;
    const suggestion = guess ? `did you mean "${guess}"?` : failure.missing ? `define it in vars, the matrix or the data rows` : undefined;
    const where = this.locate(failure.path ? (plan.origins.get(failure.path) ?? ["videos", plan.index]) : ["videos", plan.index, "name"]);
    this.entries.set(id, { diagnostic: { severity: "error", ...where, message, ...(suggestion ? { suggestion } : {}) }, more: 0 });
  }

  addDiagnostic(id: string, diagnostic: Diagnostic): void {
    if (!this.bump(id)) this.entries.set(id, { diagnostic, more: 0 });
  }

  diagnostics(): Diagnostic[] {
    return [...this.entries.values()].map(({ diagnostic, more }) =>
      more === 0 ? diagnostic : { ...diagnostic, message: `${diagnostic.message} (and ${more} more combination${more === 1 ? "" : "s"})` },
    );
  }

  private bump(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry) entry.more++;
    return entry !== undefined;
  }

  private knownNames(plan: VideoPlan, combo: Combination, row: DataRow | undefined): string[] {
    return [...Object.keys(this.doc.vars ?? {}), ...Object.keys(plan.spec.vars ?? {}), ...Object.keys(combo.values), ...Object.keys(row?.values ?? {})];
  }
}
