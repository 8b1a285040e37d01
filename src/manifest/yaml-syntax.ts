// The yaml package's parse errors, made readable: its message without the code frame, the position as
// file:line:col, and a hint for the mistakes people actually make.
import type { LineCounter, YAMLError } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { positionAt } from "./yaml-position.js";

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  BLOCK_AS_IMPLICIT_KEY: 'a value that contains ": " must be quoted, e.g. prompt: "Note: …"',
  MISSING_CHAR: "look for an unclosed quote or bracket",
  BAD_INDENT: "keys of the same mapping must start at the same column",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check the indentation of the line before",
  UNEXPECTED_TOKEN: "check the indentation and quoting around here",
  BAD_ALIAS: "an alias (*name) must refer to an anchor (&name) defined earlier in the file",
  MULTIPLE_DOCS: "a manifest is a single YAML document: remove the extra `---`",
  RESOURCE_EXHAUSTION: "flatten the lists and mappings; a manifest never needs hundreds of levels",
};

const MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: "a second YAML document starts here",
  RESOURCE_EXHAUSTION: "the document is nested too deeply to read",
};

export function yamlErrorDiagnostics(
  errors: readonly YAMLError[],
  severity: Diagnostic["severity"],
  file: string,
  lineCounter: LineCounter,
): Diagnostic[] {
  // The parser often reports one mistake twice at the same place (e.g. a nested mapping and a multi-line key).
  const firstAtEachPlace = errors.filter((e, i) => errors.findIndex((other) => other.pos[0] === e.pos[0]) === i);
  return firstAtEachPlace.map((e) => {
    const hint = HINTS[e.code];
    const text = MESSAGES[e.code] ?? stripCodeFrame(e.message);
    return {
      severity,
      message: `YAML ${severity === "error" ? "syntax error" : "warning"}: ${text}`,
      ...positionAt(file, lineCounter, e.pos[0]),
      ...(hint ? { suggestion: hint } : {}),
    };
  });
}

/** "Message at line 2, column 1:\n\n  code frame\n  ^" -> "Message" (we print our own position). */
function stripCodeFrame(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
}
