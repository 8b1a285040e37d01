import type { SourceLocation } from "../diagnostics.js";
import type { VideoSpec } from "../manifest/types.js";
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { BodyRenderer } from "./body.js";
import type { DataRow } from "./data-row.js";
import type { Combination } from "./matrix.js";
import type { KeyOrigin } from "./keys.js";
import type { CompiledTemplate } from "./template.js";

/** Where a request's values came from (resolved lazily, only when a finding needs a line). */
export interface Trace {
  plan: VideoPlan;
  combo: Combination;
  row: DataRow | undefined;
}

/**
 * One expanded request before the API checks (seconds are added by compile, which knows the models). It is its
 * own Trace: no separate object per request.
 */
export interface Expansion extends Trace {
  key: string;
  video: string;
  vars: Record<string, JsonValue>;
  body: JsonObject;
  hash: string;
  origin: SourceLocation;
  /** The key the video's `renamed_from` template gives for the same combination or row (a rename), when set. */
  renamedFrom?: string;
}

/**
 * What becomes of an expansion that claimed its key (compile checks it and makes its request at once, so no
 * expansion outlives its turn); what it returns is remembered for the message of a later clash.
 */
export type AcceptExpansion = (expansion: Expansion) => KeyOrigin;

/** One video of the manifest, compiled: its renderer, name template and rows. */
export interface VideoPlan {
  index: number;
  spec: VideoSpec;
  /** id, or the name template: what `video` says in render output. */
  label: string;
  renderer: BodyRenderer;
  origins: Map<string, readonly (string | number)[]>;
  /** Where the video is declared. */
  origin: SourceLocation;
  name?: CompiledTemplate;
  /** The old key template (`renamed_from`), rendered with the same variables as `name`. */
  renamedFrom?: CompiledTemplate;
  rows?: DataRow[];
}
