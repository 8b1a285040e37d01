// A generation stored with `request` (stored-shape.ts), read back as the entry it records, with the values
// that cost work to put back put back when first read:
// - `body`: the request with the session_id and the default session_context (a new object per entry);
// - `session_id`, when it is the one apply derives (a sha256 per entry);
// - in `task`, its times and outputs (strings made per entry: stored-task.ts fromStoredTaskLazily).
// `list`, `status` and `plan` read every entry of a 500,000-entry lockfile but need these for a few: made up
// front, they were a third of those commands' CPU and most of their garbage (bench/README.md).
//
// Each is an own, enumerable, configurable accessor property in the place the field had in the recorded entry,
// so that Object.keys, spreads, JSON.stringify, structuredClone and deep equality see exactly the entry as
// recorded, and a field can be set, deleted or replaced like any other. The getters and setters are shared
// functions (one hidden class for every entry); what they need is kept in a non-enumerable `StoredParts`
// (copies made by spreading an entry are plain objects without it). Nothing reads the parts but the accessors.
// Everything is put back from what the entry held when it was read, as reading did before it was lazy.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { defaultSessionContext } from "./session-context.js";
import { deriveSessionId } from "./session-id.js";
import { fromStoredTaskLazily } from "./stored-task.js";
import { keepingPutBack } from "./lazy-keep.js";
import type { LockEntry, TaskRecord } from "./types.js";

const PARTS = Symbol("reelform.storedParts");
/** Not yet put back (a value can be set to undefined by a setter: that is a value). */
const UNREAD = Symbol("unread");

type Unread = typeof UNREAD;
type Stored = Record<string, unknown>;

class StoredParts {
  body: JsonObject | Unread = UNREAD;
  /** The session_id as read (made once kept); the body is made with it. */
  sessionId: string | Unread = UNREAD;
  /** A session_id set on the entry since: what it reads from then on (the body keeps the one read). */
  sessionIdSet: string | Unread = UNREAD;
  constructor(
    readonly format: number,
    readonly campaign: string,
    readonly key: string,
    readonly hash: string,
    readonly generation: number,
    /** The session_id written in the entry (one apply would not derive), else undefined. */
    readonly storedSessionId: string | undefined,
    readonly request: JsonObject,
  ) {}

  /** The session_id the entry had when read: the one written, else the one apply derives. */
  sessionIdRead(): string {
    if (this.sessionId !== UNREAD) return this.sessionId;
    const sessionId = this.storedSessionId ?? deriveSessionId(this.campaign, this.key, this.hash, this.generation);
    if (keepingPutBack()) this.sessionId = sessionId;
    return sessionId;
  }
}

interface WithParts {
  [PARTS]: StoredParts;
}

function partsOf(entry: object): StoredParts {
  return (entry as WithParts)[PARTS];
}

const BODY: PropertyDescriptor = {
  get(this: object): JsonObject {
    const parts = partsOf(this);
    if (parts.body !== UNREAD) return parts.body;
    const body = bodyOf(parts);
    if (keepingPutBack()) parts.body = body;
    return body;
  },
  set(this: object, value: JsonObject) {
    partsOf(this).body = value;
  },
  enumerable: true,
  configurable: true,
};

const SESSION_ID: PropertyDescriptor = {
  get(this: object): string {
    const parts = partsOf(this);
    return parts.sessionIdSet !== UNREAD ? parts.sessionIdSet : parts.sessionIdRead();
  },
  set(this: object, value: string) {
    partsOf(this).sessionIdSet = value;
  },
  enumerable: true,
  configurable: true,
};

/** The entry a `request`-form generation records (fields of `stored` validated, `request` present). */
export function lazyGeneration(format: number, campaign: string, key: string, stored: Stored): LockEntry {
  const entry: Stored = {};
  const generation = (stored.generation as number | undefined) ?? 1;
  Object.defineProperty(entry, PARTS, {
    value: new StoredParts(
      format,
      campaign,
      key,
      stored.hash as string,
      generation,
      stored.session_id as string | undefined,
      stored.request as JsonObject,
    ),
  });
  for (const field of Object.keys(stored)) {
    if (field === "request") continue;
    if (field === "task") entry.task = taskOf(format, stored);
    else if (field === "__proto__")
      Object.defineProperty(entry, field, {
        value: stored[field],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else entry[field] = stored[field];
  }
  if (stored.generation === undefined) entry.generation = 1;
  if (stored.submission === undefined) entry.submission = "created";
  if (stored.session_id === undefined) Object.defineProperty(entry, "session_id", SESSION_ID);
  Object.defineProperty(entry, "body", BODY);
  return entry as unknown as LockEntry;
}

function bodyOf(parts: StoredParts): JsonObject {
  const added: [string, string][] = [["session_id", parts.sessionIdRead()]];
  if (!Object.hasOwn(parts.request, "session_context"))
    added.unshift(["session_context", defaultSessionContext(parts.campaign, parts.key)]);
  return withKeysInOrder(parts.request, added);
}

/** The task, its costly values put back when first read (stored-task.ts fromStoredTaskLazily). */
function taskOf(format: number, stored: Stored): TaskRecord {
  // The request's output_config is the body's (the body is the request with the session fields).
  const facts = {
    body: stored.request as JsonObject,
    task_id: stored.task_id as string | undefined,
    submitted_at: stored.submitted_at as string | undefined,
  };
  return fromStoredTaskLazily(stored.task as Stored, facts, format);
}

/**
 * The request with the added fields where a body's sorted keys put them (the request's keys are sorted as
 * written): the body reads with its keys in the order format 1 wrote them, so `show` prints it the same.
 */
function withKeysInOrder(request: JsonObject, added: [string, string][]): JsonObject {
  const fields: [string, JsonValue][] = [];
  let next = 0;
  for (const key of Object.keys(request)) {
    for (; next < added.length && (added[next] as [string, string])[0] < key; next += 1)
      fields.push(added[next] as [string, string]);
    fields.push([key, request[key] as JsonValue]);
  }
  for (; next < added.length; next += 1) fields.push(added[next] as [string, string]);
  // fromEntries defines own properties (a "__proto__" key stays a key) on a plain, fast object.
  return Object.fromEntries(fields) as JsonObject;
}
