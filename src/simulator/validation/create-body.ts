import { BODY_FIELDS } from "../../check/api-fields.js";
import { checkFileInfos } from "./file-infos.js";
import { checkModel } from "./model-rules.js";
import { checkOutputConfig } from "./output-config.js";
import {
  firstRefusal,
  invalid,
  invalidType,
  isRecord,
  missing,
  oneOf,
  SWITCH,
  unknownParameter,
  type Body,
  type Refusal,
} from "./refusal.js";

const OPTIONAL_STRINGS = [
  "negative_prompt",
  "last_frame_url",
  "last_frame_file_id",
  "input_region",
  "scene_type",
  "procedure",
  "session_id",
  "session_context",
];

/** Checks a create body as the real service would; the first refusal wins, like Tencent's API. */
export function validateCreateBody(body: unknown): Refusal | undefined {
  if (!isRecord(body)) return invalid("The request body must be a JSON object.");
  return firstRefusal([
    () => unknownParameter("", BODY_FIELDS, body),
    () => requiredFields(body),
    () => optionalFields(body),
    () => (body.enhance_prompt === undefined ? undefined : oneOf("enhance_prompt", body.enhance_prompt, SWITCH)),
    () => sessionFields(body),
    () => priority(body.tasks_priority),
    () => checkOutputConfig(body.output_config),
    () => checkFileInfos(body.file_infos),
    () => checkModel(body),
  ]);
}

/** Tencent: a prompt is required unless reference files or a scene type carry the intent. */
function requiredFields(body: Body): Refusal | undefined {
  for (const field of ["model_name", "model_version"]) {
    if (body[field] === undefined) return missing(field);
    if (typeof body[field] !== "string") return invalidType(field, "a string");
  }
  const carried = (Array.isArray(body.file_infos) && body.file_infos.length > 0) || body.scene_type !== undefined;
  if (body.prompt === undefined && !carried)
    return missing("prompt", "is missing (no input files or scene type carry the intent)");
  return undefined;
}

function optionalFields(body: Body): Refusal | undefined {
  const wrong = ["prompt", ...OPTIONAL_STRINGS].find(
    (field) => body[field] !== undefined && typeof body[field] !== "string",
  );
  if (wrong) return invalidType(wrong, "a string");
  if (body.seed !== undefined && !Number.isInteger(body.seed)) return invalidType("seed", "an integer");
  if (body.subject_infos !== undefined && !Array.isArray(body.subject_infos))
    return invalidType("subject_infos", "an array");
  if (body.ext_info !== undefined && typeof body.ext_info !== "string" && !isRecord(body.ext_info))
    return invalidType("ext_info", "a string or an object");
  return undefined;
}

function sessionFields(body: Body): Refusal | undefined {
  if (typeof body.session_id === "string" && body.session_id.length > 50) {
    return { code: "InvalidParameterValue.SessionIdTooLong", message: "SessionId must be at most 50 characters." };
  }
  if (typeof body.session_context === "string" && body.session_context.length > 1000) {
    return {
      code: "InvalidParameterValue.SessionContextTooLong",
      message: "SessionContext must be at most 1000 characters.",
    };
  }
  return undefined;
}

function priority(value: unknown): Refusal | undefined {
  if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= -10 && value <= 10))
    return undefined;
  return invalid("TasksPriority must be an integer from -10 to 10.");
}
