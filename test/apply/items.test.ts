import { describe, expect, it } from "vitest";
import { submitItemsFor } from "../../src/apply/items.js";
import type { PlanEntry } from "../../src/plan/types.js";

const entry = (over: Partial<PlanEntry>): PlanEntry => ({
  key: "hero",
  mark: "create",
  action: "submit",
  generation: 1,
  session_id: "rf1-aaa",
  old_hash: null,
  new_hash: "sha256:new",
  body: { model_name: "Kling", prompt: "p" },
  seconds: 5,
  ...over,
});

describe("submitItemsFor", () => {
  it("adds session_id and a session_context naming campaign and key; keeps the plan's hash", () => {
    const [item] = submitItemsFor([entry({})], "spring");
    expect(item).toEqual({
      key: "hero",
      hash: "sha256:new",
      generation: 1,
      session_id: "rf1-aaa",
      body: { model_name: "Kling", prompt: "p", session_id: "rf1-aaa", session_context: "reelform:spring:hero" },
    });
  });

  it("keeps the manifest's own session_context", () => {
    const [item] = submitItemsFor([entry({ body: { prompt: "p", session_context: "mine" } })], "c");
    expect(item?.body.session_context).toBe("mine");
  });

  it("re-sends an in-doubt body with its recorded session_id, even if the body carried an old one", () => {
    const [item] = submitItemsFor(
      [
        entry({
          action: "resend",
          mark: "in_doubt",
          session_id: "rf1-old",
          body: { prompt: "p", session_id: "stale" },
        }),
      ],
      "c",
    );
    expect(item?.body.session_id).toBe("rf1-old");
  });

  it("skips entries with nothing to send", () => {
    expect(
      submitItemsFor(
        [
          entry({ action: "none", body: null, session_id: null }),
          entry({ action: "retire" }),
          entry({ action: "restore" }),
          entry({ action: "move" }),
        ],
        "c",
      ),
    ).toEqual([]);
  });
});
