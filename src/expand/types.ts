import type { KeyMove } from "./moves.js";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { PriceTable } from "../manifest/types.js";
import type { CheckSettings } from "./check-settings.js";
import type { JsonObject, JsonValue } from "../util/canonical-json.js";

/** One API request the manifest describes: what apply sends (session_id is added by apply). */
export interface ExpandedRequest {
  /** Stable key: rendered name (+ "#n" for takes), or video id + variable values. Never a position. */
  key: string;
  /** The manifest video's id or its name template. */
  video: string;
  /** The variables of this combination (vars < matrix < row). */
  vars: Record<string, JsonValue>;
  /** hashBody(body). */
  hash: string;
  /** Exact request body, without session_id. */
  body: JsonObject;
  /** Seconds of video this request generates: output_config.duration, or the model's default. */
  seconds: number;
  /** Where the video is declared in the manifest. */
  origin: SourceLocation;
  /** The matrix axes of its video (values in `vars`); absent for row-based videos and videos without a matrix. */
  axes?: readonly string[];
  /** Take number when its video has several takes. */
  take?: number;
  /** A rows × matrix video's data row, as the review grid's "row" axis shows it (its first column's value). */
  row?: string;
  /** The checks its file gets (one object shared by every request of a video); absent: DEFAULT_CHECKS. */
  checks?: CheckSettings;
}

import type { InputFile } from "../util/input-file.js";

export type { InputFile } from "../util/input-file.js";

export interface ExpandedManifest {
  campaign: string;
  manifestPath: string;
  /** launch.yaml -> launch.lock.json, next to the manifest. */
  lockfilePath: string;
  requests: ExpandedRequest[];
  inputs: InputFile[];
  settings: {
    /** on_failed_check: replace. */
    replaceFailedChecks?: boolean;
    /** max_generations (default 3 where it applies). */
    maxGenerations?: number;
    budget?: number;
    prices?: PriceTable;
    parallelism?: number;
    rate?: number;
    provider?: "gateway" | "tencent";
    subAppId?: number;
  };
  /** Warnings (errors throw DiagnosticsError instead). */
  warnings: Diagnostic[];
  /** Renames of recorded keys (`renamed_from`, `moved`), checked against each other; the plan checks them against the lockfile. */
  moves?: KeyMove[];
}
