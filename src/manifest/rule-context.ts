// What every document rule gets, and safe access to a document that may have failed the schema.
import type { Diagnostic } from "../diagnostics.js";
import type { ManifestDoc, VideoSpec } from "./types.js";
import type { Locate } from "./yaml-locate.js";
import { isJsonObject } from "../util/objects.js";

export interface RuleContext {
  locate: Locate;
}

export type Rule = (doc: ManifestDoc, ctx: RuleContext) => Diagnostic[];

/** The videos that are mappings, with their indexes (a broken document may have other things in the list). */
export function videosOf(doc: ManifestDoc): { video: VideoSpec; index: number }[] {
  const videos: unknown[] = Array.isArray(doc.videos) ? doc.videos : [];
  return videos.flatMap((video, index) => (isJsonObject(video) ? [{ video: video as VideoSpec, index }] : []));
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
