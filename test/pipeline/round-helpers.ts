// What a look at due tasks (lookAt) needs in a test: tracked tasks of one provider, a lockfile with their
// entries (Permanent storage or not), and round deps whose rate limiter counts the tokens taken.
import type { QueryOutcome } from "../../src/api/types.js";
import type { RoundDeps } from "../../src/pipeline/round.js";
import type { TrackedTask } from "../../src/pipeline/tracker.js";
import type { EntryOrigin, Provider } from "../../src/provider/types.js";
import type { TokenBucket } from "../../src/sched/token-bucket.js";
import type { JsonObject } from "../../src/util/canonical-json.js";
import { entry, fakeClock, lockfileWith, memoryStore } from "../status/helpers/fakes.js";

const ORIGIN: EntryOrigin = { provider: "tencent", sub_app_id: 1500000001 };
export const CREATED = Date.parse("2026-11-24T09:59:00Z");

export function tracked(key: string, taskId = `id-${key}`, nextAt = 0): TrackedTask {
  return {
    key,
    taskId,
    origin: ORIGIN,
    cls: "Kling",
    timing: { submittedAt: CREATED, createdAt: CREATED, points: [], looks: 1 },
    nextAt,
    batch: true,
    scout: false,
  };
}

export function lockfileOf(tasks: TrackedTask[], permanent: boolean) {
  const body: JsonObject = {
    model_name: "Kling",
    output_config: { duration: 5, ...(permanent ? { storage_mode: "Permanent" } : {}) },
  };
  return lockfileWith(Object.fromEntries(tasks.map((t) => [t.key, entry(t.taskId, { ...ORIGIN, body })])));
}

export interface RoundProviders {
  list?: Provider["listTasks"];
  media?: Provider["settleFromMedia"];
  query: (taskId: string) => Promise<QueryOutcome>;
}

export function roundDeps(
  providers: RoundProviders,
  extra: Partial<RoundDeps> = {},
): RoundDeps & { tokens: () => number; queried: string[] } {
  let tokens = 0;
  const queried: string[] = [];
  const bucket = { acquire: async () => void (tokens += 1) } as unknown as TokenBucket;
  return {
    store: memoryStore(null),
    query: async (taskId) => (queried.push(taskId), providers.query(taskId)),
    bucket,
    clock: fakeClock(),
    parallelism: 4,
    listerFor: () => providers.list,
    mediaFor: () => providers.media,
    tokens: () => tokens,
    queried,
    ...extra,
  };
}
