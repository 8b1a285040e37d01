// A generation's task record as the lockfile stores it with `request` (stored-shape.ts): each value that the
// rest of the generation gives is left out, and put back on read. Format 2 left out only `output_seconds`;
// format 3 also leaves out the values below (docs/plans-and-lockfile.md, "What is left out"):
// - `api_status` that the state implies (succeeded and no_output: FINISH; waiting: WAITING; processing: PROCESSING);
// - `progress` 100 of a succeeded task;
// - times as seconds after the whole second of submitted_at (stored-times.ts);
// - per output: the TaskId and FileId inside the URL (written `{task_id}`, `{file_id}`), `storage_mode` the
//   request asked for, `file_type` that is the URL's extension, and `width`/`height` that are the pixels the
//   request asked for (when the media's metadata was read: the output has a duration).
// A value that is absent although a rule would put one back (a succeeded task without progress, an output
// without file_type whose URL has an extension, …) is written as `null`: reading removes it. Only a URL with
// a brace in it cannot be stored so: storableTask says no, and the generation is stored whole (`body`).
import type { JsonObject } from "../util/canonical-json.js";
import { askedBy } from "../util/asked.js";
import { secondsAfter, timeAt, timeBase, type TimeForm } from "./stored-times.js";
import type { TaskOutput, TaskRecord } from "./types.js";
import { keepingPutBack } from "./lazy-keep.js";

/** What the generation around a task gives: its body as sent, its TaskId and when it was submitted. */
export interface GenerationFacts {
  body: JsonObject;
  task_id?: string | undefined;
  submitted_at?: string | undefined;
}

type Stored = Record<string, unknown>;

const STATUS_OF_STATE = new Map<string, string>([
  ["waiting", "WAITING"],
  ["processing", "PROCESSING"],
  ["succeeded", "FINISH"],
  ["no_output", "FINISH"],
]);
const TASK_TIMES: readonly [string, TimeForm][] = [
  ["checked_at", "clock"],
  ["create_time", "api"],
  ["begin_process_time", "api"],
  ["finish_time", "api"],
];

/** False when the task cannot be stored with `request` (an output's URL has a brace: braces stand for ids there). */
export function storableTask(task: TaskRecord): boolean {
  return task.outputs.every((output) => !output.url.includes("{"));
}

/** The task as stored (for a task storableTask accepts). */
export function toStoredTask(task: TaskRecord, facts: GenerationFacts): Stored {
  const stored: Stored = { ...task };
  leaveOut(stored, "output_seconds", task.output_seconds, task.outputs[0]?.duration);
  if (STATUS_OF_STATE.get(task.state) === task.api_status) delete stored.api_status;
  leaveOut(stored, "progress", task.progress, task.state === "succeeded" ? 100 : undefined);
  const base = timeBase(facts.submitted_at);
  if (base !== undefined)
    for (const [field, form] of TASK_TIMES) {
      const seconds = secondsAfter(base, task[field as keyof TaskRecord], form);
      if (seconds !== undefined) stored[field] = seconds;
    }
  stored.outputs = task.outputs.map((output) => toStoredOutput(output, facts, base));
  return stored;
}

function toStoredOutput(output: TaskOutput, facts: GenerationFacts, base: number | undefined): Stored {
  const stored: Stored = { ...output, url: compactUrl(output.url, facts.task_id, output.file_id) };
  leaveOut(stored, "storage_mode", output.storage_mode, askedStorageMode(facts.body));
  leaveOut(stored, "file_type", output.file_type, urlExtension(output.url));
  const pixels = output.duration !== undefined ? askedPixels(facts.body) : undefined;
  if (pixels !== undefined && output.width === pixels[0] && output.height === pixels[1]) {
    delete stored.width;
    delete stored.height;
  } else if (pixels !== undefined && output.width === undefined && output.height === undefined) stored.width = null;
  const expires = base === undefined ? undefined : secondsAfter(base, output.expires_at, "api");
  if (expires !== undefined) stored.expires_at = expires;
  return stored;
}

/**
 * A stored task back to the record (in place). Format 2 puts back output_seconds only; format 3 every value
 * toStoredTask leaves out.
 */
function fromStoredTask(stored: Stored, facts: GenerationFacts, format: number): TaskRecord {
  const task = stored as unknown as TaskRecord;
  if (format >= 3) {
    const status = STATUS_OF_STATE.get(task.state);
    if (task.api_status === undefined && status !== undefined) task.api_status = status;
    putBack(stored, "progress", task.state === "succeeded" ? 100 : undefined);
    const base = timeBase(facts.submitted_at);
    if (base !== undefined)
      for (const [field, form] of TASK_TIMES)
        if (typeof stored[field] === "number") stored[field] = timeAt(base, stored[field], form);
    for (const output of task.outputs) fromStoredOutput(output, facts, base);
  }
  putBack(stored, "output_seconds", task.outputs[0]?.duration);
  return task;
}

/**
 * fromStoredTask on a new object, with what costs work to put back put back when first read: each time stored
 * as a number (a string made per time) and the outputs (URLs, per-output values). `list`, `status` and `plan`
 * read the state of 500,000 tasks and need the rest of a few. Every field is an own enumerable property in the
 * place fromStoredTask gives it, so the task reads, spreads, serialises and compares as that one does; a field
 * can be set, deleted or replaced like any other. Format 2 stored less: it is put back at once.
 */
export function fromStoredTaskLazily(stored: Stored, facts: GenerationFacts, format: number): TaskRecord {
  if (format < 3) return fromStoredTask(stored, facts, format);
  const task: Stored = {};
  Object.defineProperty(task, TASK_PARTS, { value: new TaskParts(stored, facts) });
  for (const field of Object.keys(stored)) {
    const value = stored[field];
    if (value === null && (field === "progress" || field === "output_seconds")) continue; // written null: absent
    const time = typeof value === "number" ? TIME_FIELDS.get(field) : undefined;
    if (time !== undefined) Object.defineProperty(task, field, time);
    else if (field === "outputs") Object.defineProperty(task, field, OUTPUTS);
    else if (field === "__proto__") Object.defineProperty(task, field, { value, enumerable: true, writable: true });
    else task[field] = value;
  }
  const state = stored.state as string;
  const status = STATUS_OF_STATE.get(state);
  if (stored.api_status === undefined && status !== undefined) task.api_status = status;
  if (stored.progress === undefined && state === "succeeded") task.progress = 100;
  const duration = (stored.outputs as TaskOutput[])[0]?.duration;
  if (stored.output_seconds === undefined && duration !== undefined) task.output_seconds = duration;
  return task as unknown as TaskRecord;
}

const TASK_PARTS = Symbol("reelform.storedTask");
/** Not yet put back (a setter may store undefined: that is a value). */
const UNREAD = Symbol("unread");

/** What a lazily read task's accessors need, and each field once put back (or set). */
class TaskParts {
  checked_at: unknown = UNREAD;
  create_time: unknown = UNREAD;
  begin_process_time: unknown = UNREAD;
  finish_time: unknown = UNREAD;
  outputs: unknown = UNREAD;
  constructor(
    readonly stored: Stored,
    readonly facts: GenerationFacts,
  ) {}

  /** timeBase(submitted_at), when a time or an output is first read (a regular expression and a Date.parse). */
  get base(): number | undefined {
    return timeBase(this.facts.submitted_at);
  }
}

type LazyField = "checked_at" | "create_time" | "begin_process_time" | "finish_time" | "outputs";

function taskParts(task: object): TaskParts {
  return (task as { [TASK_PARTS]: TaskParts })[TASK_PARTS];
}

/** An enumerable, configurable accessor that puts `field` back on first read (or holds what was set). */
function lazyField(field: LazyField, putBack: (parts: TaskParts) => unknown): PropertyDescriptor {
  return {
    get(this: object): unknown {
      const parts = taskParts(this);
      if (parts[field] !== UNREAD) return parts[field];
      const value = putBack(parts);
      if (keepingPutBack()) parts[field] = value;
      return value;
    },
    set(this: object, value: unknown) {
      taskParts(this)[field] = value;
    },
    enumerable: true,
    configurable: true,
  };
}

const TIME_FIELDS = new Map<string, PropertyDescriptor>(
  TASK_TIMES.map(([field, form]) => [
    field,
    lazyField(field as LazyField, (parts) => {
      // A number without a time to count from stays the number, as fromStoredTask leaves it.
      const [base, seconds] = [parts.base, parts.stored[field] as number];
      return base === undefined ? seconds : timeAt(base, seconds, form);
    }),
  ]),
);

const OUTPUTS = lazyField("outputs", (parts) => {
  // Put back in place when kept; on copies when not (lazy-keep.ts), so the stored ones stay as read.
  const stored = parts.stored.outputs as TaskOutput[];
  const outputs = keepingPutBack() ? stored : stored.map((output) => ({ ...output }));
  const base = parts.base;
  for (const output of outputs) fromStoredOutput(output, parts.facts, base);
  return outputs;
});

function fromStoredOutput(output: TaskOutput, facts: GenerationFacts, base: number | undefined): void {
  const loose = output as unknown as Stored;
  output.url = expandUrl(output.url, facts.task_id, output.file_id);
  putBack(loose, "storage_mode", askedStorageMode(facts.body));
  putBack(loose, "file_type", urlExtension(output.url));
  const pixels = output.duration !== undefined ? askedPixels(facts.body) : undefined;
  if (pixels !== undefined && output.width === undefined && output.height === undefined)
    [output.width, output.height] = pixels;
  putBack(loose, "width", undefined);
  const expires = output.expires_at as unknown;
  if (base !== undefined && typeof expires === "number") output.expires_at = timeAt(base, expires, "api");
}

/** Leaves the value out when it is what reading puts back; writes null when it is absent although reading would put one back. */
function leaveOut(stored: Stored, field: string, value: unknown, putBackValue: unknown): void {
  if (putBackValue === undefined) return;
  if (value === putBackValue) delete stored[field];
  else if (value === undefined) stored[field] = null;
}

/** leaveOut's inverse: null is removed, an absent value gets what reading puts back. */
function putBack(target: Stored, field: string, putBackValue: unknown): void {
  if (target[field] === null) delete target[field];
  else if (target[field] === undefined && putBackValue !== undefined) target[field] = putBackValue;
}

/** The URL with the task's TaskId and the output's FileId written as `{task_id}` and `{file_id}`, when that gives it back. */
function compactUrl(url: string, taskId: string | undefined, fileId: string | undefined): string {
  let compact = url;
  if (taskId) compact = compact.replaceAll(taskId, "{task_id}");
  if (fileId) compact = compact.replaceAll(fileId, "{file_id}");
  return expandUrl(compact, taskId, fileId) === url ? compact : url;
}

function expandUrl(url: string, taskId: string | undefined, fileId: string | undefined): string {
  if (!url.includes("{")) return url;
  let expanded = url;
  if (fileId) expanded = expanded.replaceAll("{file_id}", fileId);
  if (taskId) expanded = expanded.replaceAll("{task_id}", taskId);
  return expanded;
}

function askedStorageMode(body: JsonObject): string | undefined {
  const config = body.output_config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) return undefined;
  return typeof config.storage_mode === "string" ? config.storage_mode : undefined;
}

let lastAsked: { resolution: unknown; aspect: unknown; pixels: [number, number] | undefined } | undefined;

/**
 * The pixels (width, height) the request's resolution and aspect ratio stand for: 1080P at 16:9 is 1920 × 1080.
 * The last answer is remembered: a campaign's requests mostly ask the same size.
 */
function askedPixels(body: JsonObject): [number, number] | undefined {
  const config = body.output_config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) return undefined;
  const [resolution, aspect] = [config.resolution, config.aspect_ratio];
  let asked = lastAsked;
  if (asked === undefined || asked.resolution !== resolution || asked.aspect !== aspect) {
    asked = { resolution, aspect, pixels: pixelsOf(body) };
    lastAsked = asked;
  }
  return asked.pixels;
}

function pixelsOf(body: JsonObject): [number, number] | undefined {
  const { resolution, aspectRatio } = askedBy(body);
  if (resolution === undefined || aspectRatio === undefined) return undefined;
  const { shortSide } = resolution;
  const { ratio } = aspectRatio;
  if (!(ratio > 0 && Number.isFinite(ratio))) return undefined;
  return ratio >= 1 ? [Math.round(shortSide * ratio), shortSide] : [shortSide, Math.round(shortSide / ratio)];
}

/** `mp4` of `https://host/path/name.mp4?sign=…`; undefined without one. */
function urlExtension(url: string): string | undefined {
  let end = url.length;
  for (const stop of ["?", "#"]) {
    const at = url.indexOf(stop);
    if (at !== -1 && at < end) end = at;
  }
  const dot = url.lastIndexOf(".", end - 1);
  if (dot <= url.lastIndexOf("/", end - 1) + 1) return undefined; // no extension in the file's name (or ".name")
  const extension = url.slice(dot + 1, end);
  return EXTENSION.test(extension) ? extension : undefined;
}

const EXTENSION = /^[A-Za-z0-9]{1,10}$/;
