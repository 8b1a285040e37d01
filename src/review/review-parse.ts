// Reads a review file: safe YAML, then each field checked by hand with its line and column, so a
// hand-edited or half-merged file is reported precisely instead of being silently misread.
import type { Diagnostic } from "../diagnostics.js";
import { parseYamlSafe, type DocPath } from "../manifest/yaml.js";
import type { JsonValue } from "../util/canonical-json.js";
import { isJsonObject } from "../util/objects.js";
import { REVIEW_FORMAT_VERSION, verdictId, type ReviewFile, type Verdict } from "./verdicts.js";

export type ParsedReview = { ok: true; review: ReviewFile } | { ok: false; diagnostics: Diagnostic[] };

const OPTIONAL_TEXT = ["note", "by", "task_id"] as const;

export function parseReviewText(text: string, file: string): ParsedReview {
  const yaml = parseYamlSafe(text, file);
  const errors = yaml.diagnostics.filter((d) => d.severity === "error");
  if (yaml.value === undefined || errors.length > 0) return { ok: false, diagnostics: errors };
  const problems: Diagnostic[] = [];
  const fail = (path: DocPath, message: string, suggestion?: string): void => {
    problems.push({ severity: "error", ...yaml.locate(path), message, ...(suggestion ? { suggestion } : {}) });
  };
  const review = readRoot(yaml.value, fail);
  return review && problems.length === 0 ? { ok: true, review } : { ok: false, diagnostics: problems };
}

type Fail = (path: DocPath, message: string, suggestion?: string) => void;

function readRoot(root: JsonValue, fail: Fail): ReviewFile | undefined {
  if (!isJsonObject(root))
    return (fail([], "a review file is a mapping with format_version, campaign and verdicts"), undefined);
  if (root.format_version !== REVIEW_FORMAT_VERSION)
    fail(
      ["format_version"],
      `format_version must be ${REVIEW_FORMAT_VERSION}`,
      "a newer reelform may have written it: upgrade",
    );
  if (typeof root.campaign !== "string") fail(["campaign"], "campaign must be the manifest's campaign name");
  const verdicts: Verdict[] = [];
  const seen = new Set<string>();
  const byKey = root.verdicts ?? {};
  if (!isJsonObject(byKey)) return (fail(["verdicts"], "verdicts must map each key to a list of verdicts"), undefined);
  for (const [key, list] of Object.entries(byKey)) {
    if (!Array.isArray(list)) fail(["verdicts", key], `the verdicts of "${key}" must be a list`);
    else list.forEach((item, i) => readVerdict(key, item, ["verdicts", key, i], fail, verdicts, seen));
  }
  return typeof root.campaign === "string" ? { campaign: root.campaign, verdicts } : undefined;
}

function readVerdict(key: string, item: JsonValue, path: DocPath, fail: Fail, out: Verdict[], seen: Set<string>): void {
  if (!isJsonObject(item)) return fail(path, "each verdict is a mapping with generation, verdict and at");
  const { generation, verdict, at } = item;
  if (typeof generation !== "number" || !Number.isInteger(generation) || generation < 1)
    return fail([...path, "generation"], "generation must be a whole number of at least 1");
  if (verdict !== "approved" && verdict !== "rejected")
    return fail([...path, "verdict"], "verdict must be approved or rejected");
  if (typeof at !== "string" || Number.isNaN(Date.parse(at)))
    return fail([...path, "at"], "at must be an ISO 8601 time such as 2026-05-01T12:00:00Z");
  const unknown = Object.keys(item).find((k) => !["generation", "verdict", "at", ...OPTIONAL_TEXT].includes(k));
  if (unknown)
    return fail([...path, unknown], `unknown field "${unknown}" (generation, verdict, note, by, at, task_id)`);
  // Two verdicts for one generation (a merge that kept both sides): which one holds is the reviewers' call.
  if (seen.has(verdictId({ key, generation })))
    return fail(
      path,
      `a second verdict for "${key}" generation ${generation}`,
      "keep the one that holds and delete the other",
    );
  seen.add(verdictId({ key, generation }));
  const read: Verdict = { key, generation, verdict, at };
  for (const field of OPTIONAL_TEXT) {
    const value = item[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return fail([...path, field], `${field} must be text`);
    read[field] = value;
  }
  out.push(read);
}
