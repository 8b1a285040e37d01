// Without --pull, status --wait shows `status: pass N: <state counts> (next check in Xs)`: one event per
// report of the follower that changed the counts, at most every 10 s (a minute when nothing changed), the
// first and the last always. Summarising the lockfile costs its size, so it is done only that often.
import type { RoundReport } from "../pipeline/run.js";
import type { Clock } from "../sched/clock.js";
import type { PassEvent } from "../status/follow-types.js";
import type { PassProblem } from "../status/pass.js";
import { describeStateCounts, summarizeTasksInSlices } from "../status/summary.js";

const PASS_EVENT_EVERY_MS = 10_000;
const QUIET_EVENT_EVERY_MS = 60_000;

export function passEvents(onPass: (event: PassEvent) => void, clock: Clock): (round: RoundReport) => Promise<void> {
  let pass = 0;
  let shownAt = -Infinity;
  let shown = "";
  /** Problems of rounds not shown yet (the latest per task), shown with the next event. */
  const problems = new Map<string, PassProblem>();
  return async (round) => {
    for (const problem of round.problems) problems.set(problem.key, problem);
    const now = clock.now();
    const first = pass === 0;
    if (!first && !round.last && now - shownAt < PASS_EVENT_EVERY_MS) return;
    // In time slices: at 100,000 tasks one pass over the entries is 30 to 100 ms (issue 24).
    const summary = await summarizeTasksInSlices(round.lockfile, now);
    const counts = describeStateCounts(summary.counts);
    if (!first && !round.last && counts === shown && problems.size === 0 && now - shownAt < QUIET_EVENT_EVERY_MS)
      return;
    pass += 1;
    shownAt = now;
    shown = counts;
    const result = { lockfile: round.lockfile, queried: [], expired: [], problems: [...problems.values()] };
    problems.clear();
    const nextInMs = round.last || round.nextAt === undefined ? undefined : Math.max(0, round.nextAt - now);
    onPass({ pass, result, summary, ...(nextInMs === undefined ? {} : { nextInMs }) });
  };
}
