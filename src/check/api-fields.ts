// The fields Tencent documents for CreateAigcVideoTask (SDK 4.1.313, CreateAigcVideoTaskRequest,
// AigcVideoOutputConfig, AigcVideoTaskInputFileInfo), in the gateway's snake_case. The simulator accepts
// exactly these; the manifest and request schemas describe each of them (a test keeps them in step).

export const BODY_FIELDS: readonly string[] = [
  "model_name",
  "model_version",
  "prompt",
  "negative_prompt",
  "enhance_prompt",
  "file_infos",
  "subject_infos",
  "last_frame_file_id",
  "last_frame_url",
  "output_config",
  "input_region",
  "scene_type",
  "procedure",
  "seed",
  "session_id",
  "session_context",
  "tasks_priority",
  "ext_info",
];

export const OUTPUT_CONFIG_FIELDS: readonly string[] = [
  "storage_mode",
  "media_name",
  "class_id",
  "expire_time",
  "duration",
  "resolution",
  "aspect_ratio",
  "audio_generation",
  "person_generation",
  "input_compliance_check",
  "output_compliance_check",
  "enhance_switch",
  "off_peak",
  "frame_interpolate",
  "logo_add",
  "enable_bgm",
];

export const FILE_INFO_FIELDS: readonly string[] = [
  "type",
  "category",
  "file_id",
  "url",
  "base64",
  "reference_type",
  "object_id",
  "voice_id",
  "keep_original_sound",
  "usage",
  "text",
];

export const FILE_TYPES: readonly string[] = ["File", "Url", "Base64"];

/** Enabled | Disabled switches of output_config. */
export const OUTPUT_SWITCHES: readonly string[] = [
  "audio_generation",
  "input_compliance_check",
  "output_compliance_check",
  "enhance_switch",
  "off_peak",
  "frame_interpolate",
  "logo_add",
  "enable_bgm",
];

/**
 * The fields the gateway's Create Task page lists (000_200d2f758194b7f0.txt: its table, and its request
 * example's `media_name` and `enhance_switch`). Tencent's others pass through the gateway undocumented.
 */
export const GATEWAY_PAGE_BODY_FIELDS: ReadonlySet<string> = new Set([
  "model_name",
  "model_version",
  "prompt",
  "negative_prompt",
  "enhance_prompt",
  "file_infos",
  "last_frame_url",
  "output_config",
  "scene_type",
  "session_id",
  "session_context",
  "tasks_priority",
  "ext_info",
]);

export const GATEWAY_PAGE_OUTPUT_CONFIG_FIELDS: ReadonlySet<string> = new Set([
  "storage_mode",
  "media_name",
  "resolution",
  "aspect_ratio",
  "audio_generation",
  "duration",
  "person_generation",
  "input_compliance_check",
  "output_compliance_check",
  "enhance_switch",
]);

/** CreateAigcVideoTaskRequest.InputRegion's values (SDK 4.1.313; Mainland is the default). */
export const INPUT_REGIONS: readonly string[] = ["Mainland", "Oversea", "OverseaUSWest"];
