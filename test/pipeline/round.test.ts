// One look with batch status: listings of the tasks that ended (a FinishTime range, FINISH or ABORTED) that
// reach back only to shortly before the latest finish seen (and to the start every minute), tasks a complete
// listing does not list are running (until unlisted well past their class's estimate), a task known ended is
// queried until its outputs are had, and a failed or truncated listing falls back to queries.
import { describe, expect, it } from "vitest";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import {
  CREATE_PAD_MS,
  FINISH_PAD_MS,
  FULL_LISTING_EVERY_MS,
  ListingMemory,
  unlistedBoundMs,
} from "../../src/pipeline/listings.js";
import { PRIOR } from "../../src/pipeline/estimate.js";
import { lookAt } from "../../src/pipeline/round.js";
import type { ListedTask, TaskListOutcome, TaskListQuery } from "../../src/provider/types.js";
import { finished } from "../status/helpers/fakes.js";
import { CREATED, lockfileOf, roundDeps, tracked } from "./round-helpers.js";

const FINISH_AT = "2026-11-24T10:00:30Z";
const done = (taskId: string, extra: Partial<ListedTask> = {}): ListedTask => ({
  taskId,
  status: "FINISH",
  createTime: "2026-11-24T09:59:00Z",
  finishTime: FINISH_AT,
  ...extra,
});

/** A lister answering from a script, recording each query. */
function scripted(answers: TaskListOutcome[]) {
  const queries: TaskListQuery[] = [];
  const list = async (query: TaskListQuery, _signal?: AbortSignal, beforePage?: () => Promise<void>) => {
    queries.push(query);
    await beforePage?.();
    return answers.shift() ?? { ok: true as const, tasks: [], pages: 1 };
  };
  return { list, queries };
}

const succeeded = async () => ({ kind: "ok" as const, task: interpretTaskDetail(finished()) });

describe("lookAt with batch status", () => {
  it("lists the tasks that ended (FinishTime, no Status filter); a task a complete listing does not list is running, without a query of its own", async () => {
    const tasks = [tracked("a"), tracked("b"), tracked("c")];
    const { list, queries } = scripted([{ ok: true, tasks: [done("id-b")], pages: 1 }]);
    const deps = roundDeps({ list, query: succeeded }, { listings: new ListingMemory() });
    const round = await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    expect(queries).toEqual([
      { after: CREATED - CREATE_PAD_MS, before: CREATED + CREATE_PAD_MS, finishedAfter: CREATED - CREATE_PAD_MS },
    ]);
    expect(round.listedRunning.sort()).toEqual(["a", "c"]);
    expect(deps.queried).toEqual(["id-b"]); // the finished one, for its outputs
    expect(round.answers.get("b")?.outcome.kind).toBe("ok");
    expect(round.listPages).toBe(1);
    expect(deps.tokens()).toBe(2); // the page and the query
  });

  it("reaches back only to shortly before the latest finish seen, and to the start again after a minute", async () => {
    const tasks = [tracked("a"), tracked("b")];
    const { list, queries } = scripted([{ ok: true, tasks: [done("id-b")], pages: 1 }]);
    const deps = roundDeps({ list, query: succeeded }, { listings: new ListingMemory() });
    await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    await lookAt(lockfileOf(tasks, false), [tasks[0]!], [tasks[0]!], deps);
    expect(queries[1]).toMatchObject({ finishedAfter: Date.parse(FINISH_AT) - FINISH_PAD_MS });
    await deps.clock.sleep(FULL_LISTING_EVERY_MS);
    await lookAt(lockfileOf(tasks, false), [tasks[0]!], [tasks[0]!], deps);
    expect(queries[2]).toMatchObject({ finishedAfter: CREATED - CREATE_PAD_MS });
  });

  it("keeps querying a task listed FINISH whose query failed, though later listings no longer list it", async () => {
    const tasks = [tracked("a"), tracked("b")];
    const { list } = scripted([{ ok: true, tasks: [done("id-b")], pages: 1 }]); // later listings: nothing new
    let failing = true;
    const query = async () =>
      failing ? { kind: "retryable" as const, error: { code: "InternalError", message: "later" } } : succeeded();
    const deps = roundDeps({ list, query }, { listings: new ListingMemory() });
    const first = await lookAt(lockfileOf(tasks, false), [tasks[0]!], tasks, deps);
    expect(first.answers.get("b")?.outcome.kind).toBe("retryable");
    failing = false;
    const second = await lookAt(lockfileOf(tasks, false), [tasks[0]!], tasks, deps);
    expect(second.answers.get("b")?.outcome).toMatchObject({ kind: "ok", task: { state: "succeeded" } });
    expect(second.listedRunning).toEqual(["a"]);
  });

  it.each([
    ["failed", { ok: false as const, error: { code: "InternalError", message: "busy" }, retryable: true }],
    ["truncated", { ok: true as const, tasks: [done("id-c")], pages: 100, truncated: true as const }],
  ])("a %s listing falls back to querying the due tasks one by one (and teaches nothing)", async (_name, outcome) => {
    const tasks = [tracked("a"), tracked("b"), tracked("c")];
    const { list, queries } = scripted([outcome]);
    const deps = roundDeps({ list, query: succeeded }, { listings: new ListingMemory() });
    const round = await lookAt(lockfileOf(tasks, false), [tasks[0]!, tasks[1]!], tasks, deps);
    expect(round.listedRunning).toEqual([]);
    expect(deps.queried.sort()).toEqual(["id-a", "id-b"]); // c is not due and no complete listing said it finished
    await lookAt(lockfileOf(tasks, false), [tasks[0]!], tasks, deps);
    expect(queries[1]).toMatchObject({ finishedAfter: CREATED - CREATE_PAD_MS }); // nothing was learned: from the start again
  });

  it("settles Permanent tasks from their media, one token a media request, and queries the rest", async () => {
    const tasks = [tracked("a"), tracked("b"), tracked("c")];
    const { list } = scripted([
      { ok: true, tasks: [done("id-a", { fileId: "f-a" }), done("id-b", { fileId: "f-b" }), done("id-c")], pages: 1 },
    ]);
    const asked: string[][] = [];
    const media = async (listed: ListedTask[], _signal?: AbortSignal, beforeRequest?: () => Promise<void>) => {
      await beforeRequest?.();
      asked.push(listed.map((t) => t.taskId));
      // f-b is not known (NotExistFileIdSet): b is left to its detail query
      return {
        records: new Map([
          [
            "id-a",
            {
              state: "succeeded" as const,
              api_status: "FINISH",
              outputs: [{ url: "https://vod.example/a.mp4", storage_mode: "Permanent", file_id: "f-a" }],
            },
          ],
        ]),
        requests: 1,
        errors: [],
      };
    };
    const deps = roundDeps({ list, media, query: succeeded }, { listings: new ListingMemory() });
    const round = await lookAt(lockfileOf(tasks, true), tasks, tasks, deps);
    expect(asked).toEqual([["id-a", "id-b"]]); // c has no FileId: not a media question
    expect(deps.queried.sort()).toEqual(["id-b", "id-c"]);
    expect(round.answers.get("a")?.outcome).toMatchObject({ kind: "ok", task: { outputs: [{ file_id: "f-a" }] } });
    expect(round.mediaRequests).toBe(1);
    expect(deps.tokens()).toBe(4); // page, media request, two queries
  });

  it("asks no media question for an entry that did not ask for Permanent storage", async () => {
    const tasks = [tracked("a")];
    const { list } = scripted([{ ok: true, tasks: [done("id-a", { fileId: "f-a" })], pages: 1 }]);
    let asked = 0;
    const media = async () => ((asked += 1), { records: new Map(), requests: 1, errors: [] });
    const deps = roundDeps({ list, media, query: succeeded });
    await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    expect(asked).toBe(0);
    expect(deps.queried).toEqual(["id-a"]);
  });

  it("an ABORTED task has ended: queried for the API's code and message, never taken for running or asked of the media route", async () => {
    const tasks = [tracked("a"), tracked("b")];
    const { list } = scripted([
      { ok: true, tasks: [done("id-a", { status: "ABORTED" }), done("id-b", { fileId: "f-b" })], pages: 1 },
    ]);
    const asked: string[] = [];
    const media = async (listed: ListedTask[]) => (
      asked.push(...listed.map((t) => t.taskId)),
      { records: new Map(), requests: 1, errors: [] }
    );
    const deps = roundDeps({ list, media, query: succeeded }, { listings: new ListingMemory() });
    const round = await lookAt(lockfileOf(tasks, true), tasks, tasks, deps);
    expect(round.listedRunning).toEqual([]);
    expect(asked).toEqual(["id-b"]);
    expect(deps.queried.sort()).toEqual(["id-a", "id-b"]);
  });

  it("a task unlisted well past its class's estimate gets a detail query, then again only once its age doubles", async () => {
    const tasks = [tracked("a")];
    const { list } = scripted([]); // never lists it ended
    const deps = roundDeps(
      {
        list,
        query: async () => ({
          kind: "ok" as const,
          task: interpretTaskDetail({ Response: { Status: "PROCESSING", AigcVideoTask: { Progress: 50 } } }),
        }),
      },
      { listings: new ListingMemory() },
    );
    const bound = unlistedBoundMs(PRIOR);
    const ageNow = () => deps.clock.now() - CREATED;
    await deps.clock.sleep(bound - ageNow() - 1000);
    expect((await lookAt(lockfileOf(tasks, false), tasks, tasks, deps)).listedRunning).toEqual(["a"]);
    expect(deps.queried).toEqual([]);
    await deps.clock.sleep(1000);
    const round = await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    expect(round.listedRunning).toEqual([]);
    expect(deps.queried).toEqual(["id-a"]);
    const firstAge = ageNow();
    await deps.clock.sleep(firstAge - 1000); // just short of twice its age
    await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    expect(deps.queried).toEqual(["id-a"]);
    await deps.clock.sleep(1000);
    await lookAt(lockfileOf(tasks, false), tasks, tasks, deps);
    expect(deps.queried).toEqual(["id-a", "id-a"]);
  });

  it("the bound follows the class's estimate: twice its slow time plus a minute", () => {
    expect(unlistedBoundMs(PRIOR)).toBe(2 * PRIOR.highMs + 60_000);
    expect(unlistedBoundMs({ lowMs: 20_000, typicalMs: 40_000, highMs: 55_000, samples: 30 })).toBe(170_000);
  });
});
