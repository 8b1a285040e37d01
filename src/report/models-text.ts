// `reelform models` as text: where the table comes from, then per model version each rule with the
// sources that state it (sources that agree share a line).
import type { DurationRule, LastFrameRule, SourceRules } from "../check/model-table.js";
import type { ModelsView, VersionView } from "../check/model-view.js";
import { append } from "../util/arrays.js";
import type { CommandContext } from "../command-context.js";

const LABELS: [keyof SourceRules, string][] = [
  ["resolutions", "resolution"],
  ["aspect_ratios", "aspect ratio"],
  ["durations", "duration"],
  ["audio", "audio"],
  ["last_frame", "last frame"],
  ["max_images", "images"],
  ["scene_types", "scene type"],
];

function renderModelsText(view: ModelsView): string {
  const lines = [...headerLines(view), ""];
  for (const version of view.versions) append(lines, versionLines(version)).push("");
  if (view.versions.length === 0) lines.push("No model version matches.", "");
  return `${lines.join("\n").trimEnd()}\n`;
}

function headerLines(view: ModelsView): string[] {
  const sources = Object.entries(view.sources).map(([name, label]) => {
    const facts = Object.entries(view.provenance[name] ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    return `  ${name}: ${label}${facts ? ` (${facts})` : ""}`;
  });
  const limits = Object.entries(view.limits)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const ignored = Object.entries(view.upstream_effects)
    .filter(([, e]) => e === "ignores")
    .map(([k]) => k.replaceAll("_", " "));
  return [
    "Sources:",
    ...sources,
    `Request limits (tencent): ${limits || "none"}`,
    "Rule: error where every source forbids a value (or the API would bill a video that ignores it); warning where the sources disagree.",
    `Upstream refuses a value outside Tencent's rules without billing, except: ${ignored.join(", ") || "none"} (ignored, and the video is billed).`,
  ];
}

function versionLines(version: VersionView): string[] {
  const lines = [`${version.model} ${version.version}  (listed by ${version.listed_by.join(", ")})`];
  for (const [field, label] of LABELS) {
    const groups = new Map<string, string[]>();
    for (const [source, rules] of Object.entries(version.rules)) {
      if (rules[field] === undefined) continue;
      const text = describe(field, rules[field]);
      groups.set(text, [...(groups.get(text) ?? []), source]);
    }
    [...groups].forEach(([text, sources], i) =>
      lines.push(`  ${(i === 0 ? label : "").padEnd(13)} ${text.padEnd(44)} ${sources.join(", ")}`),
    );
  }
  return lines;
}

function describe(field: keyof SourceRules, value: SourceRules[keyof SourceRules]): string {
  switch (field) {
    case "durations":
      return describeDuration(value as DurationRule);
    case "audio":
      return value ? "yes" : "no";
    case "last_frame":
      return describeLastFrame(value as boolean | LastFrameRule);
    case "max_images":
      return `at most ${String(value)}`;
    default:
      return (value as string[]).length === 0 ? "none" : (value as string[]).join(", ");
  }
}

function describeDuration(d: DurationRule): string {
  const range = d.values ? d.values.join(", ") : `${d.min ?? 0}–${d.max ?? "∞"}`;
  return `${range} s${d.whole_seconds ? " (whole seconds)" : ""}`;
}

function describeLastFrame(lf: boolean | LastFrameRule): string {
  if (typeof lf === "boolean") return lf ? "yes" : "no (ignored, still billed)";
  const parts = [
    lf.resolutions ? `only at ${lf.resolutions.join(", ")}` : "",
    lf.single_image ? "only with one input image" : "",
  ].filter(Boolean);
  return parts.join("; ");
}

/** `reelform models` on stdout: the text above, or the view as pretty JSON (--json). */
export function printModels(ctx: Pick<CommandContext, "stdout">, view: ModelsView, json: boolean): void {
  ctx.stdout.write(json ? `${JSON.stringify(view, null, 2)}\n` : renderModelsText(view));
}
