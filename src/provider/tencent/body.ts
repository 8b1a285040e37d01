// A rendered create body (snake_case, as the lockfile records it) -> the CreateAigcVideoTask request.
import type { CreateAigcVideoTaskRequest } from "tencentcloud-sdk-nodejs/tencentcloud/services/vod/v20180717/vod_models.js";
import type { JsonObject, JsonValue } from "../../util/canonical-json.js";
import { FILE_INFO_FIELDS, OUTPUT_CONFIG_FIELDS, REQUEST_FIELDS, SUBJECT_INFO_FIELDS } from "./fields.js";
import { keyedRecord } from "../../util/objects.js";

/** Fields holding lists of objects, and the names of the objects' fields. */
const LIST_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  file_infos: FILE_INFO_FIELDS,
  subject_infos: SUBJECT_INFO_FIELDS,
};

export type Converted = { ok: true; request: CreateAigcVideoTaskRequest } | { ok: false; field: string };

/**
 * Renames every field by the tables in fields.ts; `ext_info` is sent as a string (JSON text when the
 * manifest gave an object). A field with no Tencent name is refused here, before anything is sent:
 * the API would refuse it too, or worse, ignore it and bill the video anyway.
 */
export function toTencentRequest(body: JsonObject, subAppId: number | undefined): Converted {
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [field, value] of Object.entries(body)) {
    const name = REQUEST_FIELDS[field];
    if (!name) return { ok: false, field };
    const converted = convertField(field, value);
    if (!converted.ok) return converted;
    out[name] = converted.value;
  }
  if (subAppId !== undefined) out.SubAppId = subAppId;
  return { ok: true, request: out as unknown as CreateAigcVideoTaskRequest };
}

type FieldResult = { ok: true; value: unknown } | { ok: false; field: string };

function convertField(field: string, value: JsonValue): FieldResult {
  if (field === "ext_info") return { ok: true, value: typeof value === "string" ? value : JSON.stringify(value) };
  if (field === "output_config") return renamed(value, OUTPUT_CONFIG_FIELDS, "output_config.");
  const itemNames = LIST_FIELDS[field];
  if (itemNames && Array.isArray(value)) {
    const list: unknown[] = [];
    for (const [i, item] of value.entries()) {
      const converted = renamed(item, itemNames, `${field}[${i}].`);
      if (!converted.ok) return converted;
      list.push(converted.value);
    }
    return { ok: true, value: list };
  }
  return { ok: true, value };
}

function renamed(value: JsonValue, names: Readonly<Record<string, string>>, where: string): FieldResult {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: true, value };
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [field, inner] of Object.entries(value)) {
    const name = names[field];
    if (!name) return { ok: false, field: `${where}${field}` };
    out[name] = inner;
  }
  return { ok: true, value: out };
}
