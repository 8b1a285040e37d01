import { firstRefusal, invalidType, isRecord, oneOf, unknownParameter, type Refusal } from "./refusal.js";

const FIELDS = ["type", "category", "url", "file_id", "text", "object_id", "usage", "reference_type"];

/** file_infos: a list of objects with known fields and enums; Url entries need url, File entries file_id. */
export function checkFileInfos(infos: unknown): Refusal | undefined {
  if (infos === undefined) return undefined;
  if (!Array.isArray(infos)) return invalidType("file_infos", "an array");
  return firstRefusal(infos.map((info, i) => () => fileInfo(info, `file_infos[${i}]`)));
}

function fileInfo(info: unknown, where: string): Refusal | undefined {
  if (!isRecord(info)) return invalidType(where, "an object");
  const optional = (field: string, allowed: string[], code: string) => () =>
    info[field] === undefined ? undefined : oneOf(`${where}.${field}`, info[field], allowed, code);
  return firstRefusal([
    () => unknownParameter(`${where}.`, FIELDS, info),
    optional("type", ["File", "Url"], "FileInfos.Type"),
    optional("category", ["Image", "Video", "Audio"], "FileInfos.Category"),
    optional("usage", ["FirstFrame", "Reference", "LastFrame"], "FileInfos.Usage"),
    () => source(info, where),
  ]);
}

function source(info: Record<string, unknown>, where: string): Refusal | undefined {
  const needs = info.type === "File" ? "file_id" : info.type === "Url" ? "url" : typeof info.file_id === "string" ? "file_id" : "url";
  if (typeof info[needs] === "string" && info[needs] !== "") return undefined;
  return { code: "MissingParameter", message: `\`${where}.${needs}\` is required for a file of type ${needs === "url" ? "Url" : "File"}.` };
}
