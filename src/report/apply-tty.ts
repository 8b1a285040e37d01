import { Listr, ListrLogger, ProcessOutput } from "listr2";
import type { ApplyEvent } from "../apply/events.js";
import { ApplyProgress } from "./apply-progress.js";
import { safeText } from "../util/safe-text.js";

/**
 * The TTY progress display: one listr2 task whose title is the live counts. Problems are printed as
 * task output lines so they stay visible. Signal handling stays with reelform (Ctrl-C = stop starting).
 */
export function startTtyProgress(
  stdout: NodeJS.WriteStream,
  stderr: NodeJS.WriteStream,
  now: () => number,
): { emit(event: ApplyEvent): void; finish(): Promise<void> } {
  const progress = new ApplyProgress(now);
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let setTitle: (title: string) => void = () => undefined;
  let write: (line: string) => void = () => undefined;
  const listr = new Listr(
    [
      {
        title: "Submitting",
        task: async (_ctx, task) => {
          setTitle = (title) => (task.title = title);
          write = (line) => (task.output = line);
          await finished;
        },
        rendererOptions: { persistentOutput: true, outputBar: 8 },
      },
    ],
    {
      registerSignalListeners: false,
      exitOnError: false,
      rendererOptions: { logger: new ListrLogger({ processOutput: new ProcessOutput(stdout, stderr) }) },
    },
  );
  const running = listr.run();
  return {
    emit(event) {
      progress.update(event);
      setTitle(`Submitting: ${progress.line()}`);
      const problem = problemLine(event);
      if (problem) write(problem);
    },
    async finish() {
      finish();
      await running;
    },
  };
}

function problemLine(event: ApplyEvent): string | null {
  if (event.event === "rejected" || event.event === "fatal" || event.event === "failed")
    return `${event.event} ${safeText(event.key)}: ${safeText(event.code)}: ${safeText(event.message)}`;
  if (event.event === "in_doubt" || event.event === "duplicate")
    return `${event.event.replace("_", " ")} ${safeText(event.key)}`;
  if (event.event === "rate")
    return event.reason === "throttled"
      ? `slowed to ${event.rate.toFixed(1)}/s after a 429`
      : `rate back to ${event.rate > 0 ? `${event.rate}/s` : "unlimited"}`;
  return null;
}
