// The canonical JSON text of a rendered body, written from its compiled shape: the text of every part without
// a template is made once per video, so a request's hash needs no walk of its whole body (JSON.stringify of
// 100,000 bodies was the largest cost of expanding them). The text is exactly JSON.stringify(body).
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { fastKeyedRecord } from "../util/objects.js";

/** One member of an object node, in the order JSON.stringify writes the rendered object's keys. */
export interface JsonMember<N> {
  key: string;
  /** `"key":` */
  prefix: string;
  child: N;
}

export type JsonNode =
  | { kind: "literal"; json: string | undefined }
  | { kind: "template" }
  | { kind: "object"; members: JsonMember<JsonNode>[] }
  | { kind: "array"; items: JsonNode[] };

/**
 * The members of an object whose keys are inserted in `sortedKeys` order, in the order JSON.stringify then
 * writes them (an integer-like key such as "10" comes first, in numeric order, whatever the insertion order).
 */
export function jsonMembers<N>(entries: readonly [string, N][]): JsonMember<N>[] {
  const byKey = new Map(entries);
  const probe = fastKeyedRecord<true>();
  for (const [key] of entries) probe[key] = true;
  return Object.keys(probe).map((key) => ({ key, prefix: `${JSON.stringify(key)}:`, child: byKey.get(key) as N }));
}

/** JSON.stringify(value), for a value `node` rendered; undefined where JSON.stringify leaves a member out. */
export function jsonOf(node: JsonNode, value: JsonValue | undefined): string | undefined {
  switch (node.kind) {
    case "literal":
      return node.json;
    case "template":
      return JSON.stringify(value);
    case "object": {
      const record = value as JsonObject;
      let text = "";
      for (const member of node.members) {
        const child = jsonOf(member.child, record[member.key]);
        if (child === undefined) continue;
        text += text === "" ? `{${member.prefix}${child}` : `,${member.prefix}${child}`;
      }
      return text === "" ? "{}" : `${text}}`;
    }
    case "array": {
      const list = value as JsonValue[];
      let text = "[";
      for (let i = 0; i < node.items.length; i++) {
        if (i > 0) text += ",";
        text += jsonOf(node.items[i] as JsonNode, list[i]) ?? "null";
      }
      return `${text}]`;
    }
  }
}
