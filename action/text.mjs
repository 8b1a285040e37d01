// Names the Action prints come from the repository (a manifest's file name may hold a newline, `::error::`,
// a backtick or an @mention): every one goes through these before it reaches the job log or a comment.
import { safeText, workflowCommandData } from "../dist/util/safe-text.js";

/** A file name (or any repository string) in a plain log line: one line, control characters escaped, no leading `::`. */
export const logText = (value) => safeText(String(value));

/** The message of a workflow command (`::error::message`): one safe line, `%`, CR and LF escaped. */
export const annotation = (value) => workflowCommandData(safeText(String(value)));

/**
 * Inline code in a comment: GitHub renders nothing inside a code span (no mention, no link, no HTML); the
 * fence is one backtick longer than the longest run inside, so the text cannot close it.
 */
export function markdownCode(value) {
  const text = safeText(String(value));
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block of text: a fence longer than any backtick run in it. */
export function markdownBlock(text, info = "text") {
  const safe = String(text).split("\n").map(safeText).join("\n");
  const longest = Math.max(2, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${safe}\n${fence}`;
}
