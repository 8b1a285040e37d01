// Request-wide limits from Tencent's task-input types (the table's `limits`): prompt lengths and Base64
// input files. Breaking them costs money (a truncated prompt is still billed) or is refused by every source.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { Finding } from "./finding.js";
import type { RequestLimits } from "./model-table.js";

const NONE: readonly Finding[] = Object.freeze([]);

export function checkRequestLimits(body: JsonObject, limits: RequestLimits | undefined): readonly Finding[] {
  if (!limits) return NONE;
  const found = [
    ...textLimit(body, "prompt", limits.prompt_max_chars),
    ...textLimit(body, "negative_prompt", limits.negative_prompt_max_chars),
    ...base64Findings(body.file_infos, limits.base64_total_bytes),
  ];
  return found.length === 0 ? NONE : found;
}

function textLimit(body: JsonObject, field: string, max: number | undefined): Finding[] {
  const value = body[field];
  // UTF-16 length is never below the character count: most prompts are decided without counting.
  if (max === undefined || typeof value !== "string" || value.length <= max) return [];
  const length = [...value].length;
  if (length <= max) return [];
  return [
    {
      severity: "error",
      path: field,
      rule: `${field}_max_chars`,
      message: `${field} is ${length} characters long; Tencent takes at most ${max} (a longer one is cut, and the video is still billed)`,
      suggestion: `shorten it by ${length - max} characters`,
    },
  ];
}

function base64Findings(files: JsonValue | undefined, maxBytes: number | undefined): Finding[] {
  if (!Array.isArray(files)) return [];
  const findings: Finding[] = [];
  let total = 0;
  files.forEach((file, i) => {
    const data = (file as JsonObject | null)?.base64;
    if (typeof data !== "string") return;
    if (/^data:/i.test(data))
      findings.push({
        severity: "error",
        path: `file_infos.${i}.base64`,
        rule: "base64_prefix",
        message: `file_infos.${i}.base64 starts with a "data:" prefix, which Tencent does not accept`,
        suggestion: "remove everything up to and including the first comma",
      });
    total += decodedBytes(data);
  });
  if (maxBytes !== undefined && total > maxBytes) {
    findings.push({
      severity: "error",
      path: "file_infos",
      rule: "base64_total_bytes",
      message: `the Base64 files add up to ${megabytes(total)} MB; Tencent takes at most ${megabytes(maxBytes)} MB in all (its API packets are capped at 10 MB)`,
      suggestion: "upload large files and pass them as Url or File",
    });
  }
  return findings;
}

/** Bytes that a Base64 text decodes to (padding and whitespace excluded). */
export function decodedBytes(text: string): number {
  const chars = text.replace(/[\s=]/g, "").length;
  return Math.floor((chars * 3) / 4);
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(2).replace(/\.?0+$/, "");
}
