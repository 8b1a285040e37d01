import type { SimContext } from "../context.js";
import { resolveRange, simulatedFile } from "../file-content.js";
import { phaseAt } from "../lifecycle.js";
import { clipFor, flawOf } from "../output-clip.js";
import type { Reply } from "../replies.js";
import { storageMode } from "../task-detail.js";

/**
 * GET/HEAD /__sim/files/<taskId>.mp4: the output of a finished task, with Range support. A Temporary
 * output past its ExpireTime answers 403 like an expired signed URL; anything else unknown is 404.
 */
export function handleFile(ctx: SimContext, taskId: string, range: string | undefined): Reply {
  const task = ctx.store.tasks.get(taskId);
  const now = ctx.now();
  if (!task || task.ending.kind !== "success" || phaseAt(task.timeline, task.ending, now) !== "FINISH") {
    return storageError(404, "NoSuchKey", "The specified key does not exist.");
  }
  if (storageMode(task) === "Temporary" && now >= task.timeline.finishAt + ctx.fixed.temporaryTtlMs) {
    return storageError(403, "AccessDenied", "Request has expired.");
  }
  const prompt =
    typeof task.body.prompt === "string"
      ? task.body.prompt
      : typeof task.body.Prompt === "string"
        ? task.body.Prompt
        : undefined;
  const file = simulatedFile(
    taskId,
    ctx.fixed.fileSize,
    clipFor(task.body, flawOf(taskId, prompt, ctx.fixed.badOutputs)),
  );
  const answer = resolveRange(range, file.length);
  const headers = { "content-type": "video/mp4", "accept-ranges": "bytes" };
  if (answer.kind === "unsatisfiable") {
    return {
      status: 416,
      body: Buffer.alloc(0),
      headers: { ...headers, "content-range": `bytes */${file.length}` },
      outcome: "http 416",
      taskId,
    };
  }
  if (answer.kind === "full") return { status: 200, body: file, headers, outcome: "http 200", taskId };
  const part = file.subarray(answer.start, answer.end + 1);
  const contentRange = `bytes ${answer.start}-${answer.end}/${file.length}`;
  return {
    status: 206,
    body: part,
    headers: { ...headers, "content-range": contentRange },
    outcome: "http 206",
    taskId,
  };
}

/** Object-storage errors are XML, as a CDN or COS signed URL would answer. */
function storageError(status: number, code: string, message: string): Reply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  return {
    status,
    body: Buffer.from(xml),
    headers: { "content-type": "application/xml" },
    outcome: `http ${status}`,
    errorCode: code,
  };
}
