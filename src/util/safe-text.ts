// The one place a string that came from the API, a lockfile or a manifest is made safe to show. A TaskId,
// an error message or a prompt may hold a newline (a forged log line), ANSI/OSC escapes (a cleared or
// retitled terminal), a line starting with `::` (a forged GitHub workflow command such as ::error,
// ::add-mask or ::stop-commands) or markdown/HTML that would change a pull-request comment. Every renderer
// (plain lines, progress, status table, plan text/markdown/JSON, diagnostics, errors) passes such strings
// through these functions; the data itself (lockfile, request bodies) is never altered.

// C0 controls, DEL, C1 controls, line/paragraph separators and bidirectional overrides (which reorder text).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw inside strings (it escapes C0 itself; the newlines left are its layout).
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
// GitHub's runner trims leading whitespace before it looks for `::`.
const WORKFLOW_COMMAND = /^(\s*):(?=:)/;

/** One line of text: control characters shown escaped (`\n`, `\u001b`, `\u202e`), a leading `::` disarmed. */
export function safeText(value: string): string {
  return value.replace(UNSAFE_CHARS, escapeChar).replace(WORKFLOW_COMMAND, "$1\\u003a");
}

/** Multi-line text (a prompt) kept as lines, each made safe on its own. */
export function safeLines(value: string): string[] {
  return value.split("\n").map(safeText);
}

/** Text inside a markdown paragraph: safe, and no character that would start markup, HTML or a mention. */
export function safeMarkdown(value: string): string {
  return safeText(value)
    .replace(/&/g, "&amp;")
    .replace(/[\\`*[\]#|!~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\$&")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "&#64;");
}

/**
 * A JSON document for a terminal or log: JSON.stringify leaves C1 controls, separators and bidi overrides
 * raw; escaping them as \uXXXX keeps the same data for any JSON reader.
 */
export function safeJson(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The message of a GitHub workflow command (`::error file=…::message`): one line, `%` escaped. */
export function workflowCommandData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property of a GitHub workflow command: also `:` and `,`, which would end it. */
export function workflowCommandProperty(value: string): string {
  return workflowCommandData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? `\\u${code.toString(16).padStart(4, "0")}`;
}
