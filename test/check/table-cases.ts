// Requests generated from the model table: per model version, one valid body, and for each rule a body per
// value any source names (plus one no source names). The checker tests and the simulator agreement test
// both run on these, so a new version or rule in data/models.json gets its tests without writing any.
import type { DurationRule, ModelTable, SourceRules } from "../../src/check/model-table.js";
import { modelsView, type VersionView } from "../../src/check/model-view.js";
import type { JsonObject } from "../../src/util/canonical-json.js";

export interface RuleCase {
  name: string;
  rule: string;
  body: JsonObject;
}

const image = (i: number, extra: JsonObject = {}): JsonObject => ({
  type: "Url",
  category: "Image",
  url: `https://cdn.example.com/${i}.png`,
  ...extra,
});

export function tableVersions(table: ModelTable): VersionView[] {
  return modelsView(table).versions;
}

const sources = (v: VersionView): SourceRules[] => Object.values(v.rules);

function union<T>(lists: (readonly T[] | undefined)[]): T[] {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

function intersection(lists: (readonly string[] | undefined)[]): string[] | undefined {
  const given = lists.filter((l): l is string[] => l !== undefined);
  // A source that takes no value at all (an empty list): a body inside every source's rules leaves the field out.
  if (given.length === 0 || given.some((l) => l.length === 0)) return undefined;
  return given.reduce((acc, l) => acc.filter((x) => l.includes(x)));
}

function durationAllowed(d: DurationRule | undefined, v: number): boolean {
  if (!d) return true;
  if (d.values && !d.values.includes(v)) return false;
  if ((d.min !== undefined && v < d.min) || (d.max !== undefined && v > d.max)) return false;
  return !(d.whole_seconds && !Number.isInteger(v));
}

function durationCandidates(v: VersionView): number[] {
  const ds = sources(v)
    .map((s) => s.durations)
    .filter((d): d is DurationRule => d !== undefined);
  const edges = ds.flatMap((d) => [
    ...(d.values ?? []),
    ...(d.min !== undefined ? [d.min, d.min - 1, d.min + 0.5] : []),
    ...(d.max !== undefined ? [d.max, d.max + 1] : []),
  ]);
  return [...new Set([...edges, 99])].filter((n) => n > 0).sort((a, b) => a - b);
}

/** A body every source allows for this version (no findings beyond "not listed by" warnings). */
export function validBody(v: VersionView): JsonObject {
  const output: JsonObject = {};
  const resolution = intersection(sources(v).map((s) => s.resolutions))?.[0];
  const aspect = intersection(sources(v).map((s) => s.aspect_ratios))?.[0];
  const duration = durationCandidates(v).find((n) => sources(v).every((s) => durationAllowed(s.durations, n)));
  if (resolution) output.resolution = resolution;
  if (aspect) output.aspect_ratio = aspect;
  if (duration !== undefined) output.duration = duration;
  return { model_name: v.model, model_version: v.version, prompt: "a paper boat on a pond", output_config: output };
}

export function ruleCases(v: VersionView): RuleCase[] {
  const base = validBody(v);
  const withOutput = (extra: JsonObject): JsonObject => ({
    ...base,
    output_config: { ...(base.output_config as JsonObject), ...extra },
  });
  const cases: RuleCase[] = [];
  const add = (rule: string, name: string, body: JsonObject): void =>
    void cases.push({ rule, name: `${v.model} ${v.version} ${rule}: ${name}`, body });
  for (const r of [...union(sources(v).map((s) => s.resolutions)), "9999P"])
    add("resolutions", r, withOutput({ resolution: r }));
  for (const a of [...union(sources(v).map((s) => s.aspect_ratios)), "7:5"])
    add("aspect_ratios", a, withOutput({ aspect_ratio: a }));
  for (const s of [...union(sources(v).map((x) => x.scene_types)), "bogus_scene"])
    add("scene_types", s, { ...base, scene_type: s });
  for (const d of durationCandidates(v)) add("durations", `${d} s`, withOutput({ duration: d }));
  add("audio", "Enabled", withOutput({ audio_generation: "Enabled" }));
  for (const r of [
    undefined,
    ...union(sources(v).map((s) => (typeof s.last_frame === "object" ? s.last_frame.resolutions : undefined))),
  ]) {
    const at = r === undefined ? base : withOutput({ resolution: r });
    add("last_frame", `last_frame_url${r ? ` at ${r}` : ""}`, {
      ...at,
      file_infos: [image(1)],
      last_frame_url: "https://cdn.example.com/last.png",
    });
  }
  add("last_frame", "usage LastFrame", { ...base, file_infos: [image(1), image(2, { usage: "LastFrame" })] });
  add("last_frame", "with two first images", {
    ...base,
    file_infos: [image(1), image(2, { usage: "Reference" })],
    last_frame_url: "https://cdn.example.com/last.png",
  });
  for (const max of union(sources(v).map((s) => (s.max_images === undefined ? undefined : [s.max_images])))) {
    add("max_images", `${max + 1} images`, {
      ...base,
      file_infos: Array.from({ length: max + 1 }, (_, i) => image(i, { usage: "Reference" })),
    });
  }
  return cases;
}
