import type { ApplyEvent } from "./events.js";
import type { ResultRecord } from "./records.js";
import { errorFields, type ItemResult, type SubmitItem } from "./submit-one.js";

/** The journal line for an item's outcome. A fatal answer after an ambiguous attempt stays in doubt. */
export function resultRecord(item: SubmitItem, result: ItemResult, at: string): ResultRecord {
  const base = { key: item.key, session_id: item.session_id, hash: item.hash, generation: item.generation, at };
  switch (result.kind) {
    case "created":
      return {
        t: "created",
        ...base,
        task_id: result.taskId,
        ...(result.requestId ? { request_id: result.requestId } : {}),
      };
    case "rejected":
    case "duplicate":
      return { t: result.kind, ...base, error: result.error };
    case "in_doubt":
      return { t: "in_doubt", ...base, error: result.error };
    case "failed":
      return { t: "unsent", ...base, error: result.error };
    case "fatal":
      return { t: result.maybeCreated ? "in_doubt" : "unsent", ...base, error: result.error };
  }
}

export function resultEvent(key: string, result: ItemResult): ApplyEvent {
  switch (result.kind) {
    case "created":
      return {
        event: "created",
        key,
        task_id: result.taskId,
        ...(result.requestId ? { request_id: result.requestId } : {}),
        attempts: result.attempts,
      };
    case "rejected":
      return { event: result.kind, key, ...errorFields(result.error) };
    case "fatal":
      return {
        event: result.kind,
        key,
        ...errorFields(result.error),
        ...(result.maybeCreated ? { in_doubt: true as const } : {}),
      };
    case "duplicate":
    case "failed":
      return { event: result.kind, key, code: result.error.code, message: result.error.message };
    case "in_doubt":
      return { event: "in_doubt", key, code: result.error.code, message: result.error.message };
  }
}
