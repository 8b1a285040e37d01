import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { formatGithubAnnotation, printDiagnostics } from "../../src/report/diagnostics.js";
import { check, withVideos } from "./helpers.js";

function capture(diagnostics: Diagnostic[], env: Record<string, string | undefined>): string {
  let out = "";
  const stream = { write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WritableStream;
  printDiagnostics(diagnostics, { stream, env });
  return out;
}

describe("diagnostics output", () => {
  const { diagnostics } = check(
    withVideos("  - name: a\n    model_version: 2.0\n    promt: x\n"),
    "manifests/launch.yaml",
  );

  it("prints file:line:col: severity: message (suggestion), one line each", () => {
    expect(capture(diagnostics, {})).toBe(
      'manifests/launch.yaml:5:20: error: videos[0].model_version must be a string (write "2.0" in quotes)\n' +
        'manifests/launch.yaml:6:5: error: unknown field "promt" in videos[0] (did you mean "prompt"?)\n',
    );
  });

  it("adds GitHub annotations under GitHub Actions", () => {
    const out = capture(diagnostics, { GITHUB_ACTIONS: "true" }).split("\n");
    expect(out[1]).toBe(
      '::error file=manifests/launch.yaml,line=5,col=20::videos[0].model_version must be a string (write "2.0" in quotes)',
    );
    expect(out[3]).toBe(
      '::error file=manifests/launch.yaml,line=6,col=5::unknown field "promt" in videos[0] (did you mean "prompt"?)',
    );
  });

  it("escapes annotation properties and data", () => {
    const d: Diagnostic = { severity: "error", file: "a,b:c.yaml", line: 1, col: 2, message: "50% done\nnext" };
    expect(formatGithubAnnotation(d)).toBe("::error file=a%2Cb%3Ac.yaml,line=1,col=2::50%25 done%0Anext");
  });
});
