import { OUTPUT_CONFIG_FIELDS, OUTPUT_SWITCHES } from "../../check/api-fields.js";
import {
  firstRefusal,
  invalid,
  invalidType,
  isRecord,
  oneOf,
  SWITCH,
  unknownParameter,
  type Body,
  type Refusal,
} from "./refusal.js";

const ENUMS: Record<string, readonly string[]> = {
  storage_mode: ["Permanent", "Temporary"],
  person_generation: ["AllowAdult", "Disallowed"],
  ...Object.fromEntries(OUTPUT_SWITCHES.map((field) => [field, SWITCH])),
};

/** output_config: documented fields, their enums and types. The model's own options are the table's (model-rules.ts). */
export function checkOutputConfig(config: unknown): Refusal | undefined {
  if (config === undefined) return undefined;
  if (!isRecord(config)) return invalidType("output_config", "an object");
  return firstRefusal([
    () => unknownParameter("output_config.", OUTPUT_CONFIG_FIELDS, config),
    ...Object.entries(ENUMS).map(
      ([field, allowed]) =>
        () =>
          config[field] === undefined ? undefined : oneOf(`output_config.${field}`, config[field], allowed),
    ),
    () =>
      config.media_name === undefined || (typeof config.media_name === "string" && config.media_name.length <= 64)
        ? undefined
        : invalid("MediaName must be a string of at most 64 characters."),
    () =>
      config.class_id === undefined || Number.isInteger(config.class_id)
        ? undefined
        : invalidType("output_config.class_id", "an integer"),
    () =>
      stringField(config, "resolution") ?? stringField(config, "aspect_ratio") ?? stringField(config, "expire_time"),
    () =>
      config.duration === undefined || outputDuration(config.duration) !== undefined
        ? undefined
        : invalidType("output_config.duration", "a positive number of seconds"),
  ]);
}

function stringField(config: Body, field: string): Refusal | undefined {
  return config[field] === undefined || typeof config[field] === "string"
    ? undefined
    : invalidType(`output_config.${field}`, "a string");
}

/** The gateway page types duration as a string, its example sends a number: accept both, like the gateway must. */
export function outputDuration(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
