import { SIM_MODELS, type SimModel } from "./models.js";

/** A refusal in Tencent's words: Code (e.g. "InvalidParameterValue.ModelVersion") and Message. */
export interface Refusal {
  code: string;
  message: string;
}

type Body = Record<string, unknown>;
type Rule = (body: Body) => Refusal | undefined;

const TOP_LEVEL = ["model_name", "model_version", "prompt", "negative_prompt", "enhance_prompt", "file_infos", "last_frame_url",
  "last_frame_file_id", "output_config", "scene_type", "session_id", "session_context", "tasks_priority", "ext_info"];
const OUTPUT_CONFIG = ["storage_mode", "media_name", "resolution", "aspect_ratio", "duration", "audio_generation",
  "person_generation", "input_compliance_check", "output_compliance_check", "enhance_switch"];
const FILE_INFO = ["type", "category", "url", "file_id", "text", "object_id", "usage", "reference_type"];
const SWITCH = ["Enabled", "Disabled"];
const OUTPUT_ENUMS: Record<string, string[]> = {
  storage_mode: ["Permanent", "Temporary"],
  audio_generation: SWITCH,
  person_generation: ["AllowAdult", "Disallowed"],
  input_compliance_check: SWITCH,
  output_compliance_check: SWITCH,
  enhance_switch: SWITCH,
};

/** Checks a create body as the real service would; the first refusal wins, like Tencent's API. */
export function validateCreateBody(body: unknown): Refusal | undefined {
  if (!isRecord(body)) return { code: "InvalidParameter", message: "The request body must be a JSON object." };
  const rules: Rule[] = [knownFields, requiredStrings, modelAndVersion, optionalStrings, sessionFields, priority, outputConfig, fileInfos, sceneType];
  for (const rule of rules) {
    const refusal = rule(body);
    if (refusal) return refusal;
  }
  return undefined;
}

export function modelOf(body: Body): SimModel | undefined {
  return typeof body.model_name === "string" ? SIM_MODELS[body.model_name] : undefined;
}

function knownFields(body: Body): Refusal | undefined {
  const unknown = Object.keys(body).find((k) => !TOP_LEVEL.includes(k));
  return unknown ? { code: "UnknownParameter", message: `The parameter \`${unknown}\` is not recognized.` } : undefined;
}

function requiredStrings(body: Body): Refusal | undefined {
  for (const field of ["model_name", "model_version", "prompt"]) {
    if (body[field] === undefined) return { code: "MissingParameter", message: `The required parameter \`${field}\` is missing.` };
    if (typeof body[field] !== "string") return invalidType(field, "a string");
  }
  return undefined;
}

function modelAndVersion(body: Body): Refusal | undefined {
  const model = modelOf(body);
  const known = Object.keys(SIM_MODELS).join(", ");
  if (!model) return { code: "InvalidParameterValue.ModelName", message: `ModelName \`${String(body.model_name)}\` is not supported (${known}).` };
  if (!model.versions.includes(body.model_version as string)) {
    return { code: "InvalidParameterValue.ModelVersion", message: `ModelVersion \`${String(body.model_version)}\` is not a version of ${String(body.model_name)} (${model.versions.join(", ")}).` };
  }
  return undefined;
}

function optionalStrings(body: Body): Refusal | undefined {
  for (const field of ["negative_prompt", "last_frame_url", "last_frame_file_id", "scene_type", "session_id", "session_context"]) {
    if (body[field] !== undefined && typeof body[field] !== "string") return invalidType(field, "a string");
  }
  if (body.enhance_prompt !== undefined) return oneOf("enhance_prompt", body.enhance_prompt, SWITCH, "EnhancePrompt");
  return undefined;
}

function sessionFields(body: Body): Refusal | undefined {
  if (typeof body.session_id === "string" && body.session_id.length > 50) {
    return { code: "InvalidParameterValue.SessionIdTooLong", message: "SessionId must be at most 50 characters." };
  }
  if (typeof body.session_context === "string" && body.session_context.length > 1000) {
    return { code: "InvalidParameterValue.SessionContextTooLong", message: "SessionContext must be at most 1000 characters." };
  }
  return undefined;
}

function priority(body: Body): Refusal | undefined {
  const value = body.tasks_priority;
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < -10 || value > 10) {
    return { code: "InvalidParameterValue.TasksPriority", message: "TasksPriority must be an integer from -10 to 10." };
  }
  return undefined;
}

function outputConfig(body: Body): Refusal | undefined {
  const config = body.output_config;
  if (config === undefined) return undefined;
  if (!isRecord(config)) return invalidType("output_config", "an object");
  const unknown = Object.keys(config).find((k) => !OUTPUT_CONFIG.includes(k));
  if (unknown) return { code: "UnknownParameter", message: `The parameter \`output_config.${unknown}\` is not recognized.` };
  for (const [field, allowed] of Object.entries(OUTPUT_ENUMS)) {
    if (config[field] !== undefined) {
      const refusal = oneOf(`output_config.${field}`, config[field], allowed, pascal(field));
      if (refusal) return refusal;
    }
  }
  if (config.media_name !== undefined && (typeof config.media_name !== "string" || config.media_name.length > 64)) {
    return { code: "InvalidParameterValue.MediaName", message: "MediaName must be a string of at most 64 characters." };
  }
  return modelOutputRules(modelOf(body), config);
}

function modelOutputRules(model: SimModel | undefined, config: Body): Refusal | undefined {
  if (!model) return undefined;
  if (config.resolution !== undefined && model.resolutions) {
    const refusal = oneOf("output_config.resolution", config.resolution, model.resolutions, "Resolution");
    if (refusal) return refusal;
  }
  if (config.aspect_ratio !== undefined && model.aspectRatios) {
    const refusal = oneOf("output_config.aspect_ratio", config.aspect_ratio, model.aspectRatios, "AspectRatio");
    if (refusal) return refusal;
  }
  if (config.duration === undefined) return undefined;
  const seconds = outputDuration(config.duration);
  const [min, max] = model.durationRange ?? [0, Infinity];
  if (seconds === undefined || seconds < min || seconds > max) {
    return { code: "InvalidParameterValue.Duration", message: `Duration \`${String(config.duration)}\` is not supported by this model (${min}-${max} seconds).` };
  }
  return undefined;
}

/** The gateway page types duration as a string, its example sends a number: accept both, like the gateway must. */
export function outputDuration(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function fileInfos(body: Body): Refusal | undefined {
  const infos = body.file_infos;
  if (infos === undefined) return undefined;
  if (!Array.isArray(infos)) return invalidType("file_infos", "an array");
  for (const [i, info] of infos.entries()) {
    const refusal = fileInfo(info, `file_infos[${i}]`);
    if (refusal) return refusal;
  }
  return undefined;
}

function fileInfo(info: unknown, where: string): Refusal | undefined {
  if (!isRecord(info)) return invalidType(where, "an object");
  const unknown = Object.keys(info).find((k) => !FILE_INFO.includes(k));
  if (unknown) return { code: "UnknownParameter", message: `The parameter \`${where}.${unknown}\` is not recognized.` };
  const checks = [
    info.type === undefined ? undefined : oneOf(`${where}.type`, info.type, ["File", "Url"], "FileInfos.Type"),
    info.category === undefined ? undefined : oneOf(`${where}.category`, info.category, ["Image", "Video", "Audio"], "FileInfos.Category"),
    info.usage === undefined ? undefined : oneOf(`${where}.usage`, info.usage, ["FirstFrame", "Reference", "LastFrame"], "FileInfos.Usage"),
  ];
  const refusal = checks.find((c) => c !== undefined);
  if (refusal) return refusal;
  const needs = info.type === "File" ? "file_id" : info.type === "Url" ? "url" : typeof info.file_id === "string" ? "file_id" : "url";
  if (typeof info[needs] !== "string" || info[needs] === "") {
    return { code: "MissingParameter", message: `\`${where}.${needs}\` is required for a file of type ${needs === "url" ? "Url" : "File"}.` };
  }
  return undefined;
}

function sceneType(body: Body): Refusal | undefined {
  if (body.scene_type === undefined) return undefined;
  const allowed = modelOf(body)?.sceneTypes ?? [];
  return oneOf("scene_type", body.scene_type, allowed, "SceneType");
}

function oneOf(field: string, value: unknown, allowed: string[], code: string): Refusal | undefined {
  if (typeof value === "string" && allowed.includes(value)) return undefined;
  const list = allowed.length ? `one of ${allowed.join(", ")}` : "not supported for this model";
  return { code: `InvalidParameterValue.${code}`, message: `\`${field}\` = ${JSON.stringify(value)} is invalid: ${list}.` };
}

function invalidType(field: string, expected: string): Refusal {
  return { code: "InvalidParameter", message: `The parameter \`${field}\` must be ${expected}.` };
}

function pascal(snake: string): string {
  return snake.replace(/(^|_)([a-z])/g, (_m, _s: string, c: string) => c.toUpperCase());
}

function isRecord(value: unknown): value is Body {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
