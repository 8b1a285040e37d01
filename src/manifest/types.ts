import type { JsonObject, JsonValue } from "../util/canonical-json.js";

/**
 * The manifest document (version 1) after YAML parsing and schema validation.
 * schemas/manifest.schema.json is the source of truth; a test keeps this type in step with it.
 */
export interface ManifestDoc {
  version: 1;
  campaign: string;
  description?: string;
  /** Template variables, lowest precedence. */
  vars?: Record<string, JsonValue>;
  /** Environment variable names templates may read as {{env.NAME}}; nothing else from the environment is visible. */
  allow_env?: string[];
  /** Handlebars partials, by name. */
  partials?: Record<string, string>;
  /** Deep-merged under every video. */
  defaults?: VideoFields;
  /** Checks of each video's file against its request (absent: every check but `silent`). */
  checks?: ChecksSpec;
  /** replace: apply gives a new generation to keys whose current generation failed a check. */
  on_failed_check?: "replace" | "report";
  /** Most generations per key that replacing failed checks may reach (default 3). */
  max_generations?: number;
  /** Stop plan/apply when the estimated cost exceeds this (needs a price table). */
  budget?: number;
  /** Price table: a path to a YAML/JSON file next to the manifest, or inline. */
  prices?: string | PriceTable;
  /** Apply settings (flags and environment override them). */
  apply?: { parallelism?: number; rate?: number };
  /** Which API apply submits to (--provider and REELFORM_PROVIDER override it). */
  provider?: "gateway" | "tencent";
  /** Settings of the tencent provider. */
  tencent?: { sub_app_id?: number };
  /** One-off renames of recorded keys: each entry `from` is recorded under `to` without sending anything. */
  moved?: { from: string; to: string }[];
  videos: VideoSpec[];
}

/** The API body's own fields (snake_case), all optional here: defaults + video are merged before checks. Unknown extra fields pass through (with a warning). */
export interface VideoFields {
  model_name?: string;
  model_version?: string;
  prompt?: string;
  negative_prompt?: string;
  enhance_prompt?: string;
  file_infos?: JsonObject[];
  subject_infos?: JsonObject[];
  last_frame_url?: string;
  last_frame_file_id?: string;
  output_config?: JsonObject;
  scene_type?: string;
  input_region?: string;
  procedure?: string;
  /** An integer; a template string until rendered. */
  seed?: number | string;
  session_context?: string;
  /** -10..10; a template string ("{{priority}}") until rendered. */
  tasks_priority?: number | string;
  ext_info?: JsonValue;
}

/** Known fields of `output_config` (the manifest keeps it a JsonObject: unknown fields pass through). */
export interface OutputConfig {
  storage_mode?: string;
  media_name?: string;
  resolution?: string;
  aspect_ratio?: string;
  /** Seconds; a template string until rendered. */
  duration?: number | string;
  audio_generation?: string;
  person_generation?: string;
  input_compliance_check?: string;
  output_compliance_check?: string;
  enhance_switch?: string;
  off_peak?: string;
  frame_interpolate?: string;
  logo_add?: string;
  enable_bgm?: string;
  /** An integer; a template string until rendered. */
  class_id?: number | string;
  expire_time?: string;
}

/** Known fields of a `file_infos` entry (unknown fields pass through). */
export interface FileInfo {
  type?: string;
  category?: string;
  url?: string;
  file_id?: string;
  /** type Base64: the file itself, no data: prefix. */
  base64?: string;
  text?: string;
  object_id?: string;
  voice_id?: string;
  keep_original_sound?: string;
  usage?: string;
  reference_type?: string;
}

export interface VideoSpec extends VideoFields {
  /** Stable id of the video; used in keys when there is no name. */
  id?: string;
  /** Key template, e.g. "hero-{{product}}". */
  name?: string;
  /** The old key template: each key it gives for a combination or row moves to the key `name` gives for the same one. */
  renamed_from?: string;
  matrix?: MatrixSpec;
  /** Data file (CSV/JSON/YAML) next to the manifest: one request per row. */
  rows?: string;
  /** N independent generations of the same body: keys get "#1".."#N". */
  takes?: number;
  vars?: Record<string, JsonValue>;
  /** This video's checks, overriding the manifest's entry by entry. */
  checks?: ChecksSpec;
}

/** `checks:` as written: per check, true (defaults), false (off) or its options. */
export type ChecksSpec = Partial<Record<string, boolean | Record<string, unknown>>>;

export interface MatrixSpec {
  include?: Record<string, JsonValue>[];
  exclude?: Record<string, JsonValue>[];
  [axis: string]: JsonValue[] | Record<string, JsonValue>[] | undefined;
}

/** Per-second prices; the most specific matching rule wins (model+version+resolution > model+version > model). */
export interface PriceTable {
  currency?: string;
  rules: PriceRule[];
}

export interface PriceRule {
  model_name: string;
  model_version?: string;
  resolution?: string;
  per_second: number;
  /** Added per second when output_config.audio_generation is Enabled. */
  audio_per_second?: number;
}
