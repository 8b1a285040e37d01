// DescribeTasks, paged with ScrollToken over a CreateTime range: the tasks whose SessionId is one we look for.
import type { SessionLookup, SessionLookupOutcome } from "../types.js";
import { listingAnswer } from "./outcomes.js";
import type { TencentCall } from "./client.js";
import type { ListCallOptions } from "./list-tasks.js";

/** DescribeTasks answers at most 100 tasks a page. */
const PAGE_SIZE = 100;
/** A bound on one lookup, so a huge account cannot keep apply busy for ever (1,000 pages = 100,000 tasks). */
const MAX_PAGES = 1000;

interface TaskSimpleInfo {
  TaskId?: string;
  SessionId?: string;
}

export async function findTasksBySession(
  call: TencentCall,
  lookup: SessionLookup,
  subAppId: number | undefined,
  options: ListCallOptions = {},
): Promise<SessionLookupOutcome> {
  const found = new Map<string, string>();
  const range = { After: tencentTime(lookup.after), Before: tencentTime(lookup.before) };
  let scrollToken: string | undefined;
  for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
    const request = {
      CreateTime: range,
      Limit: PAGE_SIZE,
      ...(subAppId === undefined ? {} : { SubAppId: subAppId }),
      ...(scrollToken ? { ScrollToken: scrollToken } : {}),
    };
    await options.beforePage?.();
    const answer = listingAnswer<{ TaskSet?: TaskSimpleInfo[]; ScrollToken?: string }>(
      await call("DescribeTasks", request, options.signal),
    );
    if (!answer.ok) return answer;
    const page = answer.response;
    for (const task of page?.TaskSet ?? []) {
      if (task.SessionId && task.TaskId && lookup.sessionIds.has(task.SessionId))
        found.set(task.SessionId, task.TaskId);
    }
    scrollToken = page?.ScrollToken;
    if (!scrollToken || found.size === lookup.sessionIds.size) return { ok: true, found, pages };
  }
  return { ok: true, found, pages: MAX_PAGES };
}

/** ISO 8601 in UTC to the second, as Tencent writes times. */
function tencentTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
