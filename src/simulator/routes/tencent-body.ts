// A CreateAigcVideoTask body (PascalCase, Tencent's names) read back into the gateway's snake_case, so the
// Tencent route runs exactly the validation and model rules of the gateway route.
import {
  FILE_INFO_FIELDS,
  OUTPUT_CONFIG_FIELDS,
  REQUEST_FIELDS,
  SUBJECT_INFO_FIELDS,
  reversed,
} from "../../provider/tencent/fields.js";
import { isRecord } from "../validation/refusal.js";
import { keyedRecord } from "../../util/objects.js";

const TOP = reversed(REQUEST_FIELDS);
/** Lists of objects, by Tencent's name, with their items' names. */
const LISTS: Record<string, Record<string, string>> = {
  FileInfos: reversed(FILE_INFO_FIELDS),
  SubjectInfos: reversed(SUBJECT_INFO_FIELDS),
};
const OUTPUT_CONFIG = reversed(OUTPUT_CONFIG_FIELDS);

export type SnakeBody = { ok: true; body: Record<string, unknown> } | { ok: false; code: string; message: string };

export function snakeCreateBody(body: Record<string, unknown>): SnakeBody {
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [name, value] of Object.entries(body)) {
    if (name === "SubAppId") continue;
    const field = TOP[name];
    if (!field) return unknown(name);
    if (name === "ExtInfo" && typeof value !== "string")
      return { ok: false, code: "InvalidParameter", message: "The parameter `ExtInfo` must be a string." };
    const items = LISTS[name];
    const renamed =
      name === "OutputConfig"
        ? renameKeys(value, OUTPUT_CONFIG, "OutputConfig.")
        : items
          ? renameList(value, items, name)
          : { ok: true as const, value };
    if (!renamed.ok) return renamed;
    out[field] = renamed.value;
  }
  return { ok: true, body: out };
}

type Renamed = { ok: true; value: unknown } | { ok: false; code: string; message: string };

function renameList(value: unknown, names: Record<string, string>, listName: string): Renamed {
  if (!Array.isArray(value)) return { ok: true, value };
  const list: unknown[] = [];
  for (const [i, item] of value.entries()) {
    const renamed = renameKeys(item, names, `${listName}.${i}.`);
    if (!renamed.ok) return renamed;
    list.push(renamed.value);
  }
  return { ok: true, value: list };
}

function renameKeys(value: unknown, names: Record<string, string>, where: string): Renamed {
  if (!isRecord(value)) return { ok: true, value };
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [name, inner] of Object.entries(value)) {
    const field = names[name];
    if (!field) return unknown(`${where}${name}`);
    out[field] = inner;
  }
  return { ok: true, value: out };
}

function unknown(name: string): { ok: false; code: string; message: string } {
  return { ok: false, code: "UnknownParameter", message: `The parameter \`${name}\` is not recognized.` };
}
