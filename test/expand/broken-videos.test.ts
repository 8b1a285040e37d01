// Property test: a manifest whose videos are broken in random ways (wrong types, nulls, templates naming
// nothing) always ends in diagnostics with a place, never in an internal error. This guards the partial
// expansion that lets one run report every problem: the videos left out must never reach code that
// trusts the schema.
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileManifest } from "../../src/expand/compile.js";
import { DiagnosticsError } from "../../src/errors.js";
import { mulberry32 } from "../../src/simulator/prng.js";

const JUNK: unknown[] = [42, "x", null, [], [1, "a"], {}, { a: 1 }, true, "{{nope}}", -1, 1e9, "2.0"];
const FIELDS = [
  "matrix",
  "rows",
  "takes",
  "name",
  "id",
  "prompt",
  "vars",
  "output_config",
  "model_name",
  "model_version",
];
const OUTPUT_FIELDS = ["resolution", "duration", "aspect_ratio", "storage_mode", "audio_generation"];

type Doc = { videos: unknown[] };

function breakVideos(doc: Doc, random: () => number): Doc {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const broken = structuredClone(doc);
  for (let m = 0; m < 1 + Math.floor(random() * 3); m += 1) {
    const index = Math.floor(random() * broken.videos.length);
    const video = broken.videos[index];
    if (random() < 0.15 || !video || typeof video !== "object") {
      broken.videos[index] = pick(JUNK);
      continue;
    }
    const fields = video as Record<string, unknown>;
    const field = pick([...Object.keys(fields), ...FIELDS]);
    const value = fields[field];
    if (value && typeof value === "object" && !Array.isArray(value) && random() < 0.5) {
      const inner = value as Record<string, unknown>;
      inner[field === "output_config" ? pick(OUTPUT_FIELDS) : pick(Object.keys(inner).concat("x"))] = pick(JUNK);
    } else fields[field] = pick(JUNK);
  }
  return broken;
}

describe("manifests with broken videos", () => {
  it(
    "always end in placed diagnostics, never an internal error (400 seeded cases over the examples)",
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "rf-broken-"));
      cpSync(new URL("../../manifests", import.meta.url), dir, { recursive: true });
      const random = mulberry32(20261124); // seeded, so a failure can be replayed
      let withSeveral = 0;
      for (const example of ["launch.yaml", "catalog.yaml", "model-comparison.yaml", "demo.yaml"]) {
        const doc = YAML.parse(readFileSync(join(dir, example), "utf8")) as Doc;
        for (let n = 0; n < 100; n += 1) {
          const file = `broken-${example}-${n}.yaml`;
          writeFileSync(join(dir, file), YAML.stringify(breakVideos(doc, random)));
          try {
            await compileManifest(file, { cwd: dir, env: {} });
          } catch (error) {
            if (!(error instanceof DiagnosticsError)) throw new Error(`${file}: ${String((error as Error).stack)}`);
            const errors = error.diagnostics.filter((d) => d.severity === "error");
            expect(errors.length, file).toBeGreaterThan(0);
            for (const d of errors) expect(d.line, `${file}: ${d.message}`).toBeGreaterThan(0);
            if (errors.length > 1) withSeveral += 1;
          }
        }
      }
      expect(withSeveral).toBeGreaterThan(50); // the cases do exercise reporting several problems at once
    },
  );

  it(
    "hostile inputs (deep YAML and templates, huge matrices, escaping rows, secrets in allow_env) end in placed diagnostics too",
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "rf-hostile-"));
      cpSync(new URL("../../manifests", import.meta.url), dir, { recursive: true });
      symlinkSync("/etc/passwd", join(dir, "passwd.csv"));
      const random = mulberry32(20261130);
      const doc = YAML.parse(readFileSync(join(dir, "launch.yaml"), "utf8")) as Doc & Record<string, unknown>;
      for (let n = 0; n < 60; n += 1) {
        const file = `hostile-${n}.yaml`;
        writeFileSync(join(dir, file), hostileManifest(doc, random));
        const outcome = await compileManifest(file, {
          cwd: dir,
          env: { REELFORM_API_KEY: "sk-x" },
          maxRequests: 500_000,
        }).then(
          () => new Error(`${file}: accepted`),
          (error: unknown) => error,
        );
        if (!(outcome instanceof DiagnosticsError))
          throw new Error(`${file}: ${String((outcome as Error).stack ?? outcome)}`);
        const errors = outcome.diagnostics.filter((d) => d.severity === "error");
        expect(errors.length, file).toBeGreaterThan(0);
        for (const d of errors) expect(d.line, `${file}: ${d.message}`).toBeGreaterThan(0);
      }
    },
  );
});

/** The manifest as YAML text with one hostile change (some are written as text: no library would stringify them). */
function hostileManifest(doc: Doc & Record<string, unknown>, random: () => number): string {
  const depth = (low: number, high: number) => low + Math.floor(random() * (high - low));
  const copy = structuredClone(doc);
  const video = copy.videos[0] as Record<string, unknown>;
  switch (Math.floor(random() * 5)) {
    case 0: {
      const levels = depth(65, 3000);
      return `${YAML.stringify(copy)}extra:\n${Array.from({ length: levels }, (_, i) => `${" ".repeat(i + 2)}- `).join("\n")}x\n`;
    }
    case 1:
      video.prompt = `${"{{#if a}}".repeat(depth(33, 5000))}x`;
      break;
    case 2:
      video.matrix = Object.fromEntries(
        Array.from({ length: depth(3, 6) }, (_, i) => [`axis${i}`, Array.from({ length: 1000 }, (_, j) => j)]),
      );
      break;
    case 3:
      copy.allow_env = [
        ["REELFORM_API_KEY", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"][
          depth(0, 4)
        ] as string,
      ];
      break;
    default:
      video.rows = "passwd.csv";
  }
  return YAML.stringify(copy);
}
