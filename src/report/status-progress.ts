// Progress while status --wait polls: listr2 on a terminal, one plain line per pass elsewhere (CI, pipes).
import { Listr } from "listr2";
import type { Writable } from "node:stream";
import { formatDuration } from "../status/duration.js";
import type { PassEvent } from "../status/follow-types.js";
import { describeStateCounts } from "../status/summary.js";
import { safeText } from "../util/safe-text.js";

export interface StatusProgress {
  onPass(event: PassEvent): void;
  finish(): Promise<void>;
}

function describePass(event: PassEvent): string {
  const next = event.nextInMs === undefined ? "" : ` (next check in ${formatDuration(event.nextInMs)})`;
  return `status: pass ${event.pass}: ${describeStateCounts(event.summary.counts)}${next}`;
}

function describeSlowest(event: PassEvent): string[] {
  return event.summary.slowest.map((slow) => {
    const age = slow.ageMs === undefined ? "" : `, submitted ${formatDuration(slow.ageMs)} ago`;
    const progress = slow.progress === undefined ? "" : ` ${slow.progress}%`;
    return `slowest: ${safeText(slow.key)} ${slow.state.replace("_", " ")}${progress}${age}`;
  });
}

export function plainStatusProgress(stream: Writable): StatusProgress {
  return {
    onPass: (event) => {
      stream.write(describePass(event) + "\n");
      for (const problem of event.result.problems)
        stream.write(`status: could not query ${safeText(problem.key)}: ${safeText(problem.error.code)}\n`);
    },
    finish: async () => undefined,
  };
}

export function listrStatusProgress(): StatusProgress {
  let latest: PassEvent | undefined; // a pass may end before listr starts the task
  let show: (event: PassEvent) => void = (event) => (latest = event);
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const list = new Listr(
    [
      {
        title: "Following tasks",
        task: (_ctx, task) => {
          show = (event) => {
            // Title, not output: listr2 keeps output lines as history, and the slowest list must be replaced.
            task.title = [
              describePass(event).replace(/^status: /, ""),
              ...describeSlowest(event).map((l) => `  ${l}`),
            ].join("\n");
          };
          if (latest) show(latest);
          return finished;
        },
      },
    ],
    { renderer: "default", registerSignalListeners: false, exitOnError: false },
  );
  const running = list.run().catch(() => undefined);
  return {
    onPass: (event) => show(event),
    finish: async () => {
      done();
      await running;
    },
  };
}
