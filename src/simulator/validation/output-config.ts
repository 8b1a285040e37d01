import type { SimModel } from "../models.js";
import { firstRefusal, invalidType, isRecord, oneOf, pascal, SWITCH, unknownParameter, type Body, type Refusal } from "./refusal.js";

const FIELDS = ["storage_mode", "media_name", "resolution", "aspect_ratio", "duration", "audio_generation",
  "person_generation", "input_compliance_check", "output_compliance_check", "enhance_switch"];
const ENUMS: Record<string, string[]> = {
  storage_mode: ["Permanent", "Temporary"],
  audio_generation: SWITCH,
  person_generation: ["AllowAdult", "Disallowed"],
  input_compliance_check: SWITCH,
  output_compliance_check: SWITCH,
  enhance_switch: SWITCH,
};

/** output_config: known fields, enum values, media_name length, then the model's own options. */
export function checkOutputConfig(config: unknown, model: SimModel | undefined): Refusal | undefined {
  if (config === undefined) return undefined;
  if (!isRecord(config)) return invalidType("output_config", "an object");
  return firstRefusal([
    () => unknownParameter("output_config.", FIELDS, config),
    ...Object.entries(ENUMS).map(([field, allowed]) => () =>
      config[field] === undefined ? undefined : oneOf(`output_config.${field}`, config[field], allowed, pascal(field))),
    () => mediaName(config.media_name),
    () => (model?.resolutions && config.resolution !== undefined ? oneOf("output_config.resolution", config.resolution, model.resolutions, "Resolution") : undefined),
    () => (model?.aspectRatios && config.aspect_ratio !== undefined ? oneOf("output_config.aspect_ratio", config.aspect_ratio, model.aspectRatios, "AspectRatio") : undefined),
    () => duration(config, model),
  ]);
}

function mediaName(value: unknown): Refusal | undefined {
  if (value === undefined || (typeof value === "string" && value.length <= 64)) return undefined;
  return { code: "InvalidParameterValue.MediaName", message: "MediaName must be a string of at most 64 characters." };
}

function duration(config: Body, model: SimModel | undefined): Refusal | undefined {
  if (config.duration === undefined || !model) return undefined;
  const seconds = outputDuration(config.duration);
  const [min, max] = model.durationRange ?? [0, Infinity];
  if (seconds !== undefined && seconds >= min && seconds <= max) return undefined;
  return { code: "InvalidParameterValue.Duration", message: `Duration \`${String(config.duration)}\` is not supported by this model (${min}-${max} seconds).` };
}

/** The gateway page types duration as a string, its example sends a number: accept both, like the gateway must. */
export function outputDuration(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
