// What each card shows, from a compiled manifest and a lockfile: matrix values (none for row-based videos),
// takes, states, failures, cost, and where each generation plays from.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileManifest } from "../../src/expand/compile.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { buildReviewData } from "../../src/review/build.js";
import { relativeUrl } from "../../src/review/media.js";

const MANIFEST = `version: 1
campaign: shoot
defaults: { model_name: Kling, model_version: "2.1", output_config: { resolution: 720P, duration: 5 } }
videos:
  - name: "hero-{{product}}-{{surface}}"
    prompt: "{{product}} on {{surface}}"
    matrix:
      product: [sneaker, bottle]
      surface: [marble, sand, wood]
      include: [{ product: sneaker, surface: sand, takes: 2 }]
  - name: "row-{{sku}}"
    prompt: "item {{sku}}"
    rows: items.yaml
`;

const NOW = Date.parse("2026-05-10T00:00:00Z");

function entry(generation: number, extra: Partial<LockEntry> = {}): LockEntry {
  return {
    hash: "sha256:x",
    generation,
    session_id: `s${generation}`,
    submission: "created",
    task_id: `task-${generation}`,
    body: {},
    ...extra,
  };
}

function succeeded(url: string, expires_at?: string): NonNullable<LockEntry["task"]> {
  return {
    state: "succeeded",
    api_status: "FINISH",
    checked_at: "2026-05-01T00:00:00Z",
    outputs: [{ url, ...(expires_at ? { expires_at } : {}) }],
  };
}

async function campaign() {
  const dir = mkdtempSync(join(tmpdir(), "reelform-cells-"));
  writeFileSync(join(dir, "shoot.yaml"), MANIFEST);
  writeFileSync(join(dir, "items.yaml"), "- { sku: A1 }\n");
  mkdirSync(join(dir, "out", "shoot"), { recursive: true });
  for (const f of ["hero-sneaker-marble.mp4", "hero-sneaker-marble.g1.mp4"])
    writeFileSync(join(dir, "out", "shoot", f), "x");
  const expanded = await compileManifest(join(dir, "shoot.yaml"), { cwd: dir, env: {} });
  const lockfile: Lockfile = {
    format_version: 1,
    campaign: "shoot",
    entries: {
      "hero-sneaker-marble": entry(3, {
        task: succeeded("https://cdn.example/3.mp4"),
        earlier: [
          entry(1, { task: succeeded("https://cdn.example/1.mp4") }),
          entry(2, { task: succeeded("https://cdn.example/2.mp4", "2026-05-20T00:00:00Z") }),
        ],
      }),
      "hero-bottle-sand": entry(1, { task: succeeded("https://cdn.example/b.mp4", "2026-05-01T00:00:00Z") }),
      "hero-bottle-wood": entry(1, {
        task: {
          state: "failed",
          api_status: "FINISH",
          checked_at: "x",
          outputs: [],
          error: { err_code: 1, err_code_ext: "ContentModerationFailed", message: "moderation", transient: false },
        },
      }),
      "hero-bottle-marble": entry(1, { submission: "in_doubt", task_id: undefined }),
    },
  };
  const out = join(dir, "review");
  return buildReviewData(expanded, lockfile, {
    mode: "static",
    dir: join(dir, "out"),
    link: (p) => relativeUrl(out, p),
    now: NOW,
    verdicts: [],
    reviewer: "",
    prices: { currency: "USD", rules: [{ model_name: "Kling", per_second: 0.07 }] },
  });
}

describe("review data", () => {
  it("gives matrix videos their axis values and takes, row-based videos none, and the campaign's axes in manifest order", async () => {
    const data = await campaign();
    const byKey = new Map(data.cells.map((c) => [c.key, c]));
    expect(byKey.get("hero-sneaker-sand#2")).toMatchObject({ axes: { product: "sneaker", surface: "sand" }, take: 2 });
    expect(byKey.get("hero-bottle-wood")?.take).toBeUndefined();
    expect(byKey.get("row-A1")?.axes).toBeUndefined();
    expect(data.axes).toEqual([
      { name: "product", values: ["sneaker", "bottle"] },
      { name: "surface", values: ["marble", "sand", "wood"] },
    ]);
  });

  it("shows states, failures and cost as recorded", async () => {
    const byKey = new Map((await campaign()).cells.map((c) => [c.key, c]));
    expect(byKey.get("hero-bottle-wood")).toMatchObject({
      state: "failed",
      failure: "ContentModerationFailed: moderation",
      cost: 0.35,
      model: "Kling",
      version: "2.1",
      resolution: "720P",
      seconds: 5,
    });
    expect(byKey.get("hero-bottle-marble")).toMatchObject({ state: "in doubt", generation: 1 });
    expect(byKey.get("hero-sneaker-wood")).toMatchObject({ state: "planned", generation: 0 });
  });

  it("plays the pulled file, an earlier generation's <key>.g<N> file, else an unexpired recorded URL", async () => {
    const byKey = new Map((await campaign()).cells.map((c) => [c.key, c]));
    const hero = byKey.get("hero-sneaker-marble");
    expect(hero?.media).toEqual({ src: "../out/shoot/hero-sneaker-marble.mp4", from: "file" });
    expect(hero?.earlier.map((g) => [g.generation, g.media])).toEqual([
      [1, { src: "../out/shoot/hero-sneaker-marble.g1.mp4", from: "file" }],
      [2, { src: "https://cdn.example/2.mp4", from: "url" }],
    ]);
    expect(byKey.get("hero-bottle-sand")?.media, "expired and not pulled").toBeUndefined();
  });
});
