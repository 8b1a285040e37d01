import { FILE_INFO_FIELDS, FILE_TYPES } from "../../check/api-fields.js";
import { decodedBytes } from "../../check/request-limits.js";
import { simTable } from "../models.js";
import {
  firstRefusal,
  invalid,
  invalidType,
  isRecord,
  missing,
  oneOf,
  SWITCH,
  unknownParameter,
  type Refusal,
} from "./refusal.js";

const SOURCE_FIELD: Record<string, string> = { File: "file_id", Url: "url", Base64: "base64" };

/** file_infos: a list of objects with documented fields and enums; each type needs its own source field. */
export function checkFileInfos(infos: unknown): Refusal | undefined {
  if (infos === undefined) return undefined;
  if (!Array.isArray(infos)) return invalidType("file_infos", "an array");
  return firstRefusal([...infos.map((info, i) => () => fileInfo(info, `file_infos[${i}]`)), () => base64Total(infos)]);
}

function fileInfo(info: unknown, where: string): Refusal | undefined {
  if (!isRecord(info)) return invalidType(where, "an object");
  const optional = (field: string, allowed: readonly string[]) => () =>
    info[field] === undefined ? undefined : oneOf(`${where}.${field}`, info[field], allowed);
  return firstRefusal([
    () => unknownParameter(`${where}.`, FILE_INFO_FIELDS, info),
    optional("type", FILE_TYPES),
    optional("category", ["Image", "Video", "Audio"]),
    optional("usage", ["FirstFrame", "Reference", "LastFrame"]),
    optional("keep_original_sound", SWITCH),
    () => source(info, where),
  ]);
}

function source(info: Record<string, unknown>, where: string): Refusal | undefined {
  const type = typeof info.type === "string" ? info.type : typeof info.file_id === "string" ? "File" : "Url";
  const needs = SOURCE_FIELD[type] ?? "url";
  const value = info[needs];
  if (typeof value !== "string" || value === "")
    return missing(`${where}.${needs}`, `is required for a file of type ${type}`);
  if (needs === "base64" && /^data:/i.test(value)) return invalid(`\`${where}.base64\` must not have a data: prefix.`);
  return undefined;
}

function base64Total(infos: unknown[]): Refusal | undefined {
  // Tencent: "all files together at most 7 MB", so a Base64 request stays under the 10 MB packet cap.
  const max = simTable().limits?.base64_total_bytes ?? Infinity;
  const total = infos.reduce<number>(
    (sum, info) => sum + (isRecord(info) && typeof info.base64 === "string" ? decodedBytes(info.base64) : 0),
    0,
  );
  return total > max ? invalid(`The Base64 files add up to ${total} bytes; at most ${max} are accepted.`) : undefined;
}
