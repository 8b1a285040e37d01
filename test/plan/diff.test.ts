import { describe, expect, it } from "vitest";
import { DiagnosticsError, UserError } from "../../src/errors.js";
import { diffAgainstLockfile } from "../../src/plan/diff.js";
import { deriveSessionId } from "../../src/plan/session-id.js";
import type { PlanEntry } from "../../src/plan/types.js";
import { body, CAMPAIGN, expanded, lockfile, recorded, request } from "./fixtures.js";

const sand = body("Acme sneaker resting on sand");
const marble = body("Acme sneaker resting on marble");

function only(entries: PlanEntry[], key: string): PlanEntry {
  const entry = entries.find((e) => e.key === key);
  if (!entry) throw new Error(`no plan entry ${key}`);
  return entry;
}

describe("diffAgainstLockfile: marks", () => {
  it("plans every request as + create when there is no lockfile yet", () => {
    const plan = diffAgainstLockfile(expanded([request("hero-sand", sand), request("hero-marble", marble)]), null, {});
    expect(plan.entries.map((e) => [e.key, e.mark, e.action, e.generation])).toEqual([
      ["hero-marble", "create", "submit", 1],
      ["hero-sand", "create", "submit", 1],
    ]);
    const entry = only(plan.entries, "hero-sand");
    expect(entry.session_id).toBe(deriveSessionId(CAMPAIGN, "hero-sand", entry.new_hash!, 1));
    expect(entry.body).toEqual(sand);
    expect(entry).toMatchObject({ old_hash: null, seconds: 5 });
    expect(plan.summary.counts.create).toBe(2);
    expect(plan.summary.seconds_by_model).toEqual({ "Kling 2.1": 10 });
  });

  it("leaves a created request with the same body = unchanged, sending nothing", () => {
    const plan = diffAgainstLockfile(
      expanded([request("hero-sand", sand)]),
      lockfile({ "hero-sand": recorded("hero-sand", sand) }),
      {},
    );
    expect(only(plan.entries, "hero-sand")).toMatchObject({
      mark: "unchanged",
      action: "none",
      session_id: null,
      body: null,
      seconds: 0,
      generation: 1,
    });
    expect(plan.summary.seconds_by_model).toEqual({});
  });

  it("replaces ~ a request whose body changed, with a new generation and both hashes", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", marble, { generation: 3 }) });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({ mark: "replace", action: "submit", generation: 4, body: sand });
    expect(entry.old_hash).toBe(lock.entries["hero-sand"]?.hash);
    expect(entry.new_hash).not.toBe(entry.old_hash);
    expect(entry.session_id).toBe(deriveSessionId(CAMPAIGN, "hero-sand", entry.new_hash!, 4));
  });

  it("re-sends an in-doubt request with its recorded session_id and body, same generation", () => {
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", sand, { submission: "in_doubt", task_id: undefined, generation: 2 }),
    });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({
      mark: "in_doubt",
      action: "resend",
      generation: 2,
      session_id: lock.entries["hero-sand"]?.session_id,
      body: sand,
      seconds: 5,
    });
  });

  it("does not re-send an in-doubt request older than the 3-day dedup window (a second task could result)", () => {
    const sentAt = Date.parse("2026-11-01T10:00:00Z");
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", sand, {
        submission: "in_doubt",
        task_id: undefined,
        submitted_at: new Date(sentAt).toISOString(),
      }),
    });
    const plan = (hours: number) =>
      only(
        diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, { now: sentAt + hours * 3600_000 }).entries,
        "hero-sand",
      );
    expect(plan(71)).toMatchObject({ mark: "in_doubt", action: "resend" });
    expect(plan(73)).toMatchObject({ mark: "in_doubt", action: "none", body: null });
    expect(plan(73).reason).toMatch(/more than 3 days ago .* --replace KEY/);
    const forced = only(
      diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {
        now: sentAt + 73 * 3600_000,
        replace: ["hero-sand"],
      }).entries,
      "hero-sand",
    );
    expect(forced).toMatchObject({ mark: "replace", action: "submit", generation: 2 });
  });

  it("replaces an in-doubt request whose body changed, warning the earlier one may exist", () => {
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", marble, { submission: "in_doubt", task_id: undefined }),
    });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({ mark: "replace", action: "submit", generation: 2 });
    expect(entry.reason).toMatch(/earlier request .* may also exist/);
  });

  it("keeps a duplicate-session entry as ? with no action, pointing at --replace", () => {
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", sand, { submission: "duplicate", task_id: undefined }),
    });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({ mark: "in_doubt", action: "none", body: null });
    expect(entry.reason).toBe(
      "created, TaskId unknown (session_id already used): use --replace KEY for a new generation",
    );
  });

  it("marks a failed task ! and resubmits it only with --retry-failed, saying whether it is worth it", () => {
    const task = {
      state: "failed" as const,
      api_status: "FINISH",
      checked_at: "2026-05-01T11:00:00Z",
      outputs: [],
      error: { err_code: 10001, err_code_ext: "ResourceInsufficient", message: "busy", transient: true },
    };
    const lock = lockfile({ "hero-sand": recorded("hero-sand", sand, { task }) });
    const plain = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(plain).toMatchObject({ mark: "failed", action: "none", generation: 1 });
    expect(plain.reason).toBe(
      "task failed: ResourceInsufficient: busy (transient, worth retrying); --retry-failed submits a new generation",
    );
    const retried = only(
      diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, { retryFailed: true }).entries,
      "hero-sand",
    );
    expect(retried).toMatchObject({ mark: "failed", action: "submit", generation: 2, body: sand });
  });

  it("--retry-failed resends only what is worth retrying; a moderation failure or an invalid request needs --retry-all-failed (or --replace)", () => {
    const failedTask = (ext: string, transient: boolean) => ({
      state: "failed" as const,
      api_status: "FINISH",
      checked_at: "2026-05-01T11:00:00Z",
      outputs: [],
      error: { err_code: 1, err_code_ext: ext, message: "m", transient },
    });
    const lock = lockfile({
      timeout: recorded("timeout", sand, { task: failedTask("TaskTimeout", true) }),
      moderation: recorded("moderation", sand, { task: failedTask("ContentModerationFailed", false) }),
      invalid: recorded("invalid", sand, {
        submission: "rejected",
        task_id: undefined,
        error: { code: "InvalidParameterValue", message: "no" },
      }),
      busy: recorded("busy", sand, {
        submission: "rejected",
        task_id: undefined,
        error: { code: "ResourceInsufficient", message: "busy" },
      }),
    });
    const requests = expanded(["timeout", "moderation", "invalid", "busy"].map((k) => request(k, sand)));
    const actions = (options: object) =>
      Object.fromEntries(diffAgainstLockfile(requests, lock, options).entries.map((e) => [e.key, e.action]));
    expect(actions({ retryFailed: true })).toEqual({
      busy: "submit",
      invalid: "none",
      moderation: "none",
      timeout: "submit",
    });
    expect(actions({ retryAllFailed: true })).toEqual({
      busy: "submit",
      invalid: "submit",
      moderation: "submit",
      timeout: "submit",
    });
    const kept = only(diffAgainstLockfile(requests, lock, { retryFailed: true }).entries, "moderation");
    expect(kept.reason).toMatch(
      /not resent by --retry-failed \(it would fail again\); --replace KEY \(or --retry-all-failed\) sends it again as it is$/,
    );
    const plain = only(diffAgainstLockfile(requests, lock, {}).entries, "moderation");
    expect(plain.reason).not.toContain("--retry-failed");
  });

  it("marks a rejected request ! with the API's code and message", () => {
    const lock = lockfile({
      "hero-sand": recorded("hero-sand", sand, {
        submission: "rejected",
        task_id: undefined,
        error: { code: "InvalidParameterValue", message: "duration 7 not allowed" },
      }),
    });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({ mark: "failed", action: "none" });
    expect(entry.reason).toMatch(/^rejected: InvalidParameterValue: duration 7 not allowed/);
    const changed = only(diffAgainstLockfile(expanded([request("hero-sand", marble)]), lock, {}).entries, "hero-sand");
    expect(changed).toMatchObject({ mark: "replace", action: "submit", generation: 2 });
  });

  it("retires - an orphan (recorded, no longer in the manifest) without sending anything, saying what is kept", () => {
    const lock = lockfile({ "hero-old": recorded("hero-old", marble) });
    const entry = only(diffAgainstLockfile(expanded([]), lock, {}).entries, "hero-old");
    expect(entry).toMatchObject({ mark: "orphan", action: "retire", body: null, new_hash: null, seconds: 0 });
    expect(entry.reason).toBe(
      `no longer in the manifest: retired (kept in the lockfile: TaskId ${lock.entries["hero-old"]?.task_id})`,
    );
  });

  it("leaves an entry retired before out of the plan: nothing left to do", () => {
    const lock = lockfile({ "hero-old": recorded("hero-old", marble, { retired_at: "2026-05-02T00:00:00.000Z" }) });
    expect(diffAgainstLockfile(expanded([]), lock, {}).entries).toEqual([]);
  });

  it("restores = a retired key back with the recorded request: nothing is sent", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", sand, { retired_at: "2026-05-02T00:00:00.000Z" }) });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({
      mark: "unchanged",
      action: "restore",
      body: null,
      session_id: null,
      seconds: 0,
      generation: 1,
    });
    expect(entry.reason).toMatch(/^restored from the lockfile \(retired 2026-05-02T00:00:00.000Z\): nothing is sent/);
  });

  it("replaces ~ a retired key back with a different request (a new generation; apply keeps the retired one under earlier)", () => {
    const lock = lockfile({ "hero-sand": recorded("hero-sand", marble, { retired_at: "2026-05-02T00:00:00.000Z" }) });
    const entry = only(diffAgainstLockfile(expanded([request("hero-sand", sand)]), lock, {}).entries, "hero-sand");
    expect(entry).toMatchObject({ mark: "replace", action: "submit", generation: 2, body: sand });
  });

  it("treats a renamed key as an orphan plus a create", () => {
    const lock = lockfile({ "hero-sneaker-sand": recorded("hero-sneaker-sand", sand) });
    const plan = diffAgainstLockfile(expanded([request("hero-shoe-sand", sand)]), lock, {});
    expect(plan.entries.map((e) => [e.key, e.mark])).toEqual([
      ["hero-shoe-sand", "create"],
      ["hero-sneaker-sand", "orphan"],
    ]);
  });

  it("gives the same plan whatever the order of the requests (reordering the YAML changes nothing)", () => {
    const lock = lockfile({ b: recorded("b", sand), d: recorded("d", sand) });
    const requests = [request("a", sand), request("b", sand), request("c", marble), request("d", marble)];
    const forward = diffAgainstLockfile(expanded(requests), lock, {});
    const backward = diffAgainstLockfile(expanded([...requests].reverse()), lock, {});
    expect(backward).toEqual(forward);
  });

  it("does not mistake Object.prototype members for recorded keys", () => {
    const plan = diffAgainstLockfile(expanded([request("constructor", sand)]), lockfile({}), {});
    expect(plan.entries[0]).toMatchObject({ mark: "create", generation: 1 });
  });
});

describe("diffAgainstLockfile: selection", () => {
  const requests = [request("hero-sand", sand), request("hero-marble", marble), request("catalog-1", sand)];
  const lock = lockfile({
    "hero-sand": recorded("hero-sand", sand),
    "hero-marble": recorded("hero-marble", marble),
    "hero-gone": recorded("hero-gone", sand),
  });

  it("--replace forces a new generation for matching recorded keys", () => {
    const plan = diffAgainstLockfile(expanded(requests), lock, { replace: ["hero-s*"] });
    expect(only(plan.entries, "hero-sand")).toMatchObject({
      mark: "replace",
      action: "submit",
      generation: 2,
      reason: "forced by --replace",
    });
    expect(only(plan.entries, "hero-marble")).toMatchObject({ mark: "unchanged" });
  });

  it("--target limits the plan to matching keys, orphans included; the rest is absent", () => {
    const plan = diffAgainstLockfile(expanded(requests), lock, { target: ["hero-*"] });
    expect(plan.entries.map((e) => `${e.key}:${e.mark}`)).toEqual([
      "hero-gone:orphan",
      "hero-marble:unchanged",
      "hero-sand:unchanged",
    ]);
  });

  it("--exclude skips matching keys", () => {
    const plan = diffAgainstLockfile(expanded(requests), lock, { exclude: ["hero-*"] });
    expect(plan.entries.map((e) => e.key)).toEqual(["catalog-1"]);
  });

  it("warns about a pattern that matches nothing", () => {
    const plan = diffAgainstLockfile(expanded(requests), lock, { target: ["hero-*", "promo-*"] });
    expect(plan.warnings).toEqual(['--target "promo-*" matches no key in the manifest or the lockfile']);
  });

  it("refuses a malformed pattern as a user error", () => {
    expect(() => diffAgainstLockfile(expanded(requests), lock, { replace: ["hero-[sand"] })).toThrow(UserError);
    expect(() => diffAgainstLockfile(expanded(requests), lock, { replace: ["hero-[sand"] })).toThrow(
      /--replace "hero-\[sand" is not a valid pattern/,
    );
  });

  it("refuses a lockfile of another campaign unless allowed", () => {
    const other = lockfile({}, "autumn-launch");
    expect(() => diffAgainstLockfile(expanded(requests), other, {})).toThrow(
      /records campaign "autumn-launch" but manifests\/launch.yaml says "spring-launch"/,
    );
    expect(diffAgainstLockfile(expanded(requests), other, { allowCampaignMismatch: true }).entries).toHaveLength(3);
  });
});

describe("diffAgainstLockfile: cost and budget", () => {
  const prices = {
    currency: "USD",
    rules: [
      { model_name: "Kling", per_second: 0.1 },
      { model_name: "Kling", model_version: "2.1", per_second: 0.2, audio_per_second: 0.05 },
      { model_name: "Kling", model_version: "2.1", resolution: "1080p", per_second: 0.3 },
    ],
  };

  it("prices each request by its most specific rule, with the audio surcharge, and lists unpriced models", () => {
    const withAudio = body("loud", {
      output_config: { resolution: "720P", duration: 10, audio_generation: "Enabled" },
    });
    const hailuo = body("hailuo", { model_name: "Hailuo", model_version: "02", output_config: { duration: 6 } });
    const kling16 = body("old", { model_version: "1.6" });
    const plan = diffAgainstLockfile(
      expanded([request("a", sand), request("b", withAudio), request("c", hailuo), request("d", kling16)], { prices }),
      null,
      {},
    );
    // a: 5 s x 0.3 (1080P rule) = 1.5; b: 10 s x (0.2 + 0.05) = 2.5; d: 5 s x 0.1 = 0.5; c: unpriced
    expect(plan.summary.estimated_cost).toEqual({ total: 4.5, currency: "USD", unpriced: ["Hailuo 02"] });
    expect(plan.summary.seconds_by_model).toEqual({ "Hailuo 02": 6, "Kling 1.6": 5, "Kling 2.1": 15 });
  });

  it("prefers --prices and --max-cost over the manifest's settings", () => {
    const plan = diffAgainstLockfile(expanded([request("a", sand)], { prices: { rules: [] }, budget: 100 }), null, {
      prices,
      maxCost: 1,
    });
    expect(plan.summary.estimated_cost?.total).toBe(1.5);
    expect(plan.summary.budget).toBe(1);
  });
});

describe("diffAgainstLockfile: moved keys (renamed_from, moved:)", () => {
  const origin = { file: "launch.yaml", line: 7, col: 5 };
  const withMove = (requests: ReturnType<typeof request>[], from: string, to: string) => ({
    ...expanded(requests),
    moves: [{ from, to, origin }],
  });

  it("→ moves an entry recorded under the old key, nothing sent; the old key is not an orphan", () => {
    const lock = lockfile({ "launch-sand": recorded("launch-sand", sand) });
    const plan = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lock, {});
    expect(plan.entries).toHaveLength(1);
    expect(plan.entries[0]).toMatchObject({
      key: "sand",
      mark: "moved",
      action: "move",
      moved_from: "launch-sand",
      body: null,
      seconds: 0,
      reason: "moved from launch-sand (nothing is sent)",
    });
    expect(plan.summary.counts.moved).toBe(1);
  });

  it("~ replaces on top of the moved entry when the request changed too", () => {
    const lock = lockfile({ "launch-sand": recorded("launch-sand", marble) });
    const [entry] = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lock, {}).entries;
    expect(entry).toMatchObject({
      key: "sand",
      mark: "replace",
      action: "submit",
      generation: 2,
      moved_from: "launch-sand",
      reason: "moved from launch-sand",
    });
  });

  it("is idempotent: once moved (entry under the new key only) the move does nothing", () => {
    const lock = lockfile({ sand: recorded("sand", sand) });
    const plan = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lock, {});
    expect(plan.entries[0]).toMatchObject({ key: "sand", mark: "unchanged", action: "none" });
    expect(plan.warnings).toBeUndefined();
  });

  it("warns of a move whose old key the lockfile does not have, and refuses one that would overwrite an entry, at file:line:col", () => {
    const none = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lockfile({}), {});
    expect(none.warnings).toEqual([
      `launch.yaml:7:5: moving "launch-sand" to "sand": the lockfile has no entry "launch-sand" (nothing to move)`,
    ]);
    const both = lockfile({ "launch-sand": recorded("launch-sand", sand), sand: recorded("sand", sand) });
    expect(() => diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), both, {})).toThrow(
      DiagnosticsError,
    );
    try {
      diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), both, {});
    } catch (error) {
      expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({
        ...origin,
        message: expect.stringMatching(
          /^moving "launch-sand" to "sand" would overwrite the current entry recorded for "sand"/,
        ),
      });
    }
  });

  it("a move made already on a branch and merged back (both keys record the same generations) is not an overwrite: the old key is retired, nothing is sent", () => {
    const moved = recorded("launch-sand", sand); // the branch moved it: same session_id and TaskId under "sand"
    const lock = lockfile({ "launch-sand": moved, sand: moved });
    const plan = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lock, {});
    expect(plan.entries.find((e) => e.key === "sand")).toMatchObject({ mark: "unchanged", action: "none" });
    expect(plan.entries.filter((e) => e.action === "submit")).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.stringMatching(
        /^launch\.yaml:7:5: moving "launch-sand" to "sand": made already \("sand" records every generation of "launch-sand"/,
      ),
    ]);
    // a different task under the new key is still refused
    const other = lockfile({ "launch-sand": recorded("launch-sand", sand), sand: recorded("sand", sand) });
    expect(() => diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), other, {})).toThrow(
      DiagnosticsError,
    );
  });

  it("a retired old key moves too, and is current under its new key", () => {
    const lock = lockfile({ "launch-sand": recorded("launch-sand", sand, { retired_at: "2026-05-02T00:00:00.000Z" }) });
    const [entry] = diffAgainstLockfile(withMove([request("sand", sand)], "launch-sand", "sand"), lock, {}).entries;
    expect(entry).toMatchObject({ key: "sand", mark: "moved", action: "move", moved_from: "launch-sand" });
  });
});
