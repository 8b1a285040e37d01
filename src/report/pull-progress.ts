// Progress while pull downloads: listr2 with bytes per file on a terminal, one line per file elsewhere.
import { Listr } from "listr2";
import type { Writable } from "node:stream";
import type { DownloadResult } from "../pull/download.js";
import type { PullEvents } from "../pull/pull.js";
import type { DownloadTarget } from "../pull/targets.js";
import { formatBytes } from "../util/bytes.js";
import { safeText } from "../util/safe-text.js";

export interface PullProgress extends PullEvents {
  finish(): Promise<void>;
}

function describeDone(target: DownloadTarget, result: DownloadResult, relative: (p: string) => string): string {
  const key = safeText(target.key);
  if (!result.ok) return `pull: ${key}: failed (${result.kind}): ${safeText(result.message)}`;
  if (result.skipped) return `pull: ${key}: already complete: ${safeText(relative(target.path))}`;
  const resumed = result.resumedFrom > 0 ? `, resumed at ${formatBytes(result.resumedFrom)}` : "";
  return `pull: ${key}: ${formatBytes(result.size)}${resumed} -> ${safeText(relative(target.path))}`;
}

export function plainPullProgress(stream: Writable, relative: (p: string) => string): PullProgress {
  return {
    onDone: (target, result) => stream.write(describeDone(target, result, relative) + "\n"),
    finish: async () => undefined,
  };
}

/** One listr2 task per file, all listed up front; each finishes when its download does. */
export function listrPullProgress(targets: DownloadTarget[], relative: (p: string) => string): PullProgress {
  const handles = new Map<DownloadTarget, Deferred>(targets.map((t) => [t, deferred()]));
  const list = new Listr(
    targets.map((target) => ({
      title: `${safeText(target.key)}: queued`,
      task: (_ctx: unknown, task: { title: string }) => {
        const handle = handles.get(target) as Deferred;
        handle.setTitle = (title) => (task.title = title);
        if (handle.latest) task.title = handle.latest; // a fast download may finish before listr starts it
        return handle.promise;
      },
    })),
    { concurrent: true, exitOnError: false, registerSignalListeners: false },
  );
  const running = list.run().catch(() => undefined);
  return {
    onBytes: (target, bytes, total) =>
      titleOf(
        handles,
        target,
        `${safeText(target.key)}: ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ""}`,
      ),
    onDone: (target, result) => {
      const handle = handles.get(target);
      const line = describeDone(target, result, relative).replace(/^pull: /, "");
      if (handle) handle.latest = line;
      if (result.ok) {
        handle?.setTitle(line);
        handle?.resolve();
      } else handle?.reject(new Error(line));
    },
    finish: async () => {
      for (const handle of handles.values()) handle.resolve(); // files never started (Ctrl-C)
      await running;
    },
  };
}

interface Deferred {
  promise: Promise<void>;
  latest?: string;
  resolve(): void;
  reject(error: Error): void;
  setTitle(title: string): void;
}

function deferred(): Deferred {
  const d: Partial<Deferred> = {};
  d.setTitle = (title) => (d.latest = title);
  d.promise = new Promise<void>((resolve, reject) => {
    d.resolve = resolve;
    d.reject = reject;
  });
  return d as Deferred;
}

function titleOf(handles: Map<DownloadTarget, Deferred>, target: DownloadTarget, title: string): void {
  const handle = handles.get(target);
  if (!handle) return;
  handle.latest = title;
  handle.setTitle(title);
}
