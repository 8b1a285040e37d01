// What reelform accepts as a TaskId: the shape docs/api.md and Tencent show (`<SubAppId>-AigcVideoTask-<hex>t`),
// loosely, since gateways differ: letters, digits, '-', '_' and '.', at most 128 characters. Anything else
// (a 5 MB id, a newline, an escape sequence) is not recorded: it would bloat the lockfile and forge output.
const MAX_TASK_ID_LENGTH = 128;

const TASK_ID = /^[A-Za-z0-9._-]+$/;

/** Why `id` is not a TaskId, or undefined when it is one. Never quotes more than a short, safe prefix. */
export function taskIdProblem(id: string): string | undefined {
  if (id.length > MAX_TASK_ID_LENGTH)
    return `Response.TaskId is ${id.length} characters long (at most ${MAX_TASK_ID_LENGTH})`;
  if (!TASK_ID.test(id)) return "Response.TaskId holds characters other than letters, digits, '-', '_' and '.'";
  return undefined;
}
