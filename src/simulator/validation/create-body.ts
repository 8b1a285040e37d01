import { SIM_MODELS, type SimModel } from "../models.js";
import { checkFileInfos } from "./file-infos.js";
import { checkOutputConfig } from "./output-config.js";
import { firstRefusal, invalidType, isRecord, oneOf, SWITCH, unknownParameter, type Body, type Refusal } from "./refusal.js";

const FIELDS = ["model_name", "model_version", "prompt", "negative_prompt", "enhance_prompt", "file_infos", "last_frame_url",
  "last_frame_file_id", "output_config", "scene_type", "session_id", "session_context", "tasks_priority", "ext_info"];
const OPTIONAL_STRINGS = ["negative_prompt", "last_frame_url", "last_frame_file_id", "scene_type", "session_id", "session_context"];

/** Checks a create body as the real service would; the first refusal wins, like Tencent's API. */
export function validateCreateBody(body: unknown): Refusal | undefined {
  if (!isRecord(body)) return { code: "InvalidParameter", message: "The request body must be a JSON object." };
  const model = modelOf(body);
  return firstRefusal([
    () => unknownParameter("", FIELDS, body),
    () => requiredStrings(body),
    () => modelAndVersion(body, model),
    () => optionalStrings(body),
    () => (body.enhance_prompt === undefined ? undefined : oneOf("enhance_prompt", body.enhance_prompt, SWITCH, "EnhancePrompt")),
    () => sessionFields(body),
    () => priority(body.tasks_priority),
    () => checkOutputConfig(body.output_config, model),
    () => checkFileInfos(body.file_infos),
    () => (body.scene_type === undefined ? undefined : oneOf("scene_type", body.scene_type, model?.sceneTypes ?? [], "SceneType")),
  ]);
}

export function modelOf(body: Body): SimModel | undefined {
  return typeof body.model_name === "string" && Object.hasOwn(SIM_MODELS, body.model_name) ? SIM_MODELS[body.model_name] : undefined;
}

function requiredStrings(body: Body): Refusal | undefined {
  for (const field of ["model_name", "model_version", "prompt"]) {
    if (body[field] === undefined) return { code: "MissingParameter", message: `The required parameter \`${field}\` is missing.` };
    if (typeof body[field] !== "string") return invalidType(field, "a string");
  }
  return undefined;
}

function modelAndVersion(body: Body, model: SimModel | undefined): Refusal | undefined {
  if (!model) {
    return { code: "InvalidParameterValue.ModelName", message: `ModelName \`${String(body.model_name)}\` is not supported (${Object.keys(SIM_MODELS).join(", ")}).` };
  }
  if (model.versions.includes(body.model_version as string)) return undefined;
  return { code: "InvalidParameterValue.ModelVersion", message: `ModelVersion \`${String(body.model_version)}\` is not a version of ${String(body.model_name)} (${model.versions.join(", ")}).` };
}

function optionalStrings(body: Body): Refusal | undefined {
  const wrong = OPTIONAL_STRINGS.find((field) => body[field] !== undefined && typeof body[field] !== "string");
  return wrong ? invalidType(wrong, "a string") : undefined;
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

function priority(value: unknown): Refusal | undefined {
  if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= -10 && value <= 10)) return undefined;
  return { code: "InvalidParameterValue.TasksPriority", message: "TasksPriority must be an integer from -10 to 10." };
}
