import type { SourceLocation } from "../diagnostics.js";
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { DataRow } from "./data-file.js";
import type { Combination } from "./matrix.js";
import type { VideoPlan } from "./video.js";

/** Where a request's values came from (resolved lazily, only when a finding needs a line). */
export interface Trace {
  plan: VideoPlan;
  combo: Combination;
  row: DataRow | undefined;
}

/** One expanded request before the API checks (seconds are added by compile, which knows the models). */
export interface Expansion {
  key: string;
  video: string;
  vars: Record<string, JsonValue>;
  body: JsonObject;
  hash: string;
  origin: SourceLocation;
  trace: Trace;
}
