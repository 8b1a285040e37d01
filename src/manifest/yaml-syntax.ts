// The yaml package's parse errors, made readable: its own message without the code frame, the position as
// file:line:col (moved from a line's leading spaces to the text they indent), and a hint for the mistakes
// people actually make. Only the first syntax error is reported: after it the parser is out of step with
// the document, and what it reports next is usually the same mistake seen again.
import type { LineCounter, YAMLError } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { positionAt } from "./yaml-position.js";
import { indentationHint } from "./yaml-indent.js";

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " must be quoted, e.g. prompt: "Note: …"',
  BAD_INDENT: "keys of the same mapping must start at the same column",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check the indentation of the line before",
  UNEXPECTED_TOKEN: "check the indentation and quoting around here",
  BAD_ALIAS: "an alias (*name) must refer to an anchor (&name) defined earlier in the file",
  MULTIPLE_DOCS: "a manifest is a single YAML document: remove the extra `---`",
  RESOURCE_EXHAUSTION: "flatten the lists and mappings; a manifest never needs hundreds of levels",
};

/** MISSING_CHAR covers several mistakes: only the quote and bracket ones get the quote-and-bracket hint. */
const UNCLOSED = /quote|Missing , |Missing space after :|flow (collection|sequence|mapping)/i;

const MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: "a second YAML document starts here",
  RESOURCE_EXHAUSTION: "the document is nested too deeply to read",
};

export function yamlErrorDiagnostics(
  errors: readonly YAMLError[],
  severity: Diagnostic["severity"],
  file: string,
  lineCounter: LineCounter,
  text = "",
): Diagnostic[] {
  // The parser often reports one mistake twice at the same place (e.g. a nested mapping and a multi-line key).
  const firstAtEachPlace = errors.filter((e, i) => errors.findIndex((other) => other.pos[0] === e.pos[0]) === i);
  const shown =
    severity === "error"
      ? firstAtEachPlace
          .slice()
          .sort((a, b) => a.pos[0] - b.pos[0])
          .slice(0, 1)
      : firstAtEachPlace;
  return shown.map((e) => {
    const offset = MISREAD_CONTINUATION.has(e.code)
      ? (misindentedNextLine(text, e.pos[0]) ?? skipIndentation(text, e.pos[0]))
      : skipIndentation(text, e.pos[0]);
    const hint = indentationHint(text, offset) ?? hintFor(e);
    return {
      severity,
      message: `YAML ${severity === "error" ? "syntax error" : "warning"}: ${MESSAGES[e.code] ?? stripCodeFrame(e.message)}`,
      ...positionAt(file, lineCounter, offset),
      ...(hint ? { suggestion: hint } : {}),
    };
  });
}

function hintFor(error: YAMLError): string | undefined {
  if (error.code === "MISSING_CHAR")
    return UNCLOSED.test(error.message) ? "look for an unclosed quote or bracket" : undefined;
  return HINTS[error.code];
}

/** A line indented too far is read as the continuation of the value above it: these codes follow. */
const MISREAD_CONTINUATION = new Set(["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY"]);

/** The first text of the line after `offset`'s, when that line is indented unlike any line above it. */
function misindentedNextLine(text: string, offset: number): number | undefined {
  const next = text.indexOf("\n", offset) + 1;
  if (next === 0) return undefined;
  const at = skipIndentation(text, next);
  return at > next && indentationHint(text, at) ? at : undefined;
}

/** The parser reports some indentation mistakes at the start of the line: point at the text instead. */
function skipIndentation(text: string, offset: number): number {
  let at = offset;
  while (text[at] === " ") at += 1;
  return text[at] === undefined || text[at] === "\n" || text[at] === "\r" ? offset : at;
}

/** "Message at line 2, column 1:\n\n  code frame\n  ^" -> "Message" (we print our own position). */
function stripCodeFrame(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
}
