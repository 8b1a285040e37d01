// Issue 22, item 12: every command over a lockfile full of hostile strings (keys, TaskIds, RequestIds, error
// codes and messages, ErrCodeExt, output URLs and media names holding line breaks, `::` workflow commands,
// ANSI escapes, U+202E, U+2028 and U+0085). No output line may start a workflow command or carry those raw.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/exec.js";

const H = "x\n::error::forged\r\n  ::add-mask::secret \u202e\u2028\u2029\u0085\u001b[2J\u009b31m end";
const KEYS = ["clip-1", "k\u202eey\u2028", "__proto__"];
const RAW = /[\u001b\u0085\u009b\u2028\u2029\u202e]/;

function hostileEntry(i: number): object {
  const output = { url: `http://127.0.0.1:1/v${i}.mp4?q=${H}`, file_type: "mp4", media_name: H, storage_mode: H };
  return {
    hash: `sha256:${"a".repeat(64)}`,
    generation: 2,
    session_id: `rf1-${i}`,
    submission: "created",
    provider: "gateway",
    task_id: `t${i}${H}`,
    request_id: H,
    submitted_at: "2026-12-01T00:00:00.000Z",
    note: H,
    body: { prompt: H, session_id: `rf1-${i}` },
    error: { code: H, message: H },
    task: {
      state: i === 0 ? "succeeded" : "failed",
      api_status: H,
      checked_at: "2026-12-01T00:00:00.000Z",
      error: { err_code: 1, err_code_ext: H, message: H, transient: false },
      outputs: i === 0 ? [output] : [],
    },
    earlier: [
      {
        hash: `sha256:${"b".repeat(64)}`,
        generation: 1,
        session_id: `rf0-${i}`,
        submission: "created",
        task_id: `e${i}${H}`,
        body: { prompt: H },
        error: { code: H, message: H },
      },
    ],
  };
}

function campaign(): string {
  const dir = mkdtempSync(join(tmpdir(), "reelform-hostile-text-"));
  const entries = Object.create(null) as Record<string, object>;
  KEYS.forEach((key, i) => (entries[key] = hostileEntry(i)));
  writeFileSync(
    join(dir, "m.lock.json"),
    `${JSON.stringify({ format_version: 1, campaign: "c", entries }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, "m.yaml"),
    'version: 1\ncampaign: c\nvideos:\n  - name: clip-1\n    prompt: "a clip"\n    model_name: Kling\n    model_version: "2.1"\n',
  );
  return dir;
}

const COMMANDS: string[][] = [
  ["validate", "m.yaml"],
  ["render", "m.yaml"],
  ["plan", "m.yaml"],
  ["plan", "m.yaml", "--json"],
  ["plan", "m.yaml", "--markdown"],
  ["list", "m.yaml"],
  ["list", "m.yaml", "--json"],
  ...KEYS.flatMap((key) => [
    ["show", "m.yaml", key],
    ["show", "m.yaml", key, "--json"],
  ]),
  ["show", "m.yaml", H],
  ["status", "m.yaml"],
  ["status", "m.yaml", "--json"],
  ["pull", "m.yaml"],
  ["review", "m.yaml", "--out", "r.html"],
  ["recover", "m.yaml"],
  ["apply", "m.yaml", "--auto-approve"],
];

describe("12. every command over a lockfile full of hostile strings", () => {
  it(
    "prints no raw control, separator or bidi character and starts no workflow command",
    { timeout: 180_000 },
    async () => {
      const dir = campaign();
      const env = { REELFORM_API_KEY: "k-hostile-text", REELFORM_BASE_URL: "http://127.0.0.1:1", CI: "1" };
      for (const args of COMMANDS) {
        const result = await runCli(args, { cwd: dir, env, timeoutMs: 60_000 });
        const what = args.join(" ");
        if (args[0] === "list" || args[0] === "show")
          expect(result.code, `${what}: ${result.stderr}`).toBe(args[2] === H ? 1 : 0);
        if (args[0] === "list") expect(result.stdout).toContain("\\u202eey");
        expect(result.stderr, what).not.toMatch(/internal error|    at /);
        for (const [stream, text] of [
          ["stdout", result.stdout],
          ["stderr", result.stderr],
        ] as const) {
          expect(RAW.test(text), `${what}: raw character in ${stream}: ${JSON.stringify(text.slice(0, 400))}`).toBe(
            false,
          );
          const forged = text.split(/\r?\n|\r/).filter((line) => /^\s*::/.test(line));
          expect(forged, `${what}: ${stream}`).toEqual([]);
        }
      }
    },
  );
});
