// The reviewed-plan digest (action/digest.mjs) and the Action's text helpers: pure, no git, no GitHub.
import { describe, expect, it } from "vitest";
import { digestBlock, digestDifference, planDigest, readDigestBlock } from "../../action/digest.mjs";
import { warningsOf } from "../../action/reelform.mjs";
import { booleanInput } from "../../action/run.mjs";
import { annotation, logText, markdownBlock, markdownCode } from "../../action/text.mjs";

const MARKER = "<!-- reelform-plan (updated in place by the reelform Action) -->";
const entry = (key: string, mark = "create", hash = `sha256:${key.padEnd(64, "0").slice(0, 64)}`) => ({
  key,
  mark,
  new_hash: hash,
  old_hash: null,
});
const plan = (entries: object[], cost?: number) => ({
  summary: cost === undefined ? {} : { estimated_cost: { total: cost, currency: "USD" } },
  entries,
});

describe("planDigest", () => {
  it("is the same for the same marks, keys, hashes, cost and review file, whatever the entries' order", () => {
    const a = planDigest("m.yaml", plan([entry("a"), entry("b")], 1.5), "absent");
    const b = planDigest("m.yaml", plan([entry("b"), entry("a")], 1.5), "absent");
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it.each([
    ["a mark", plan([entry("a", "replace"), entry("b")], 1.5), "absent"],
    ["a key", plan([entry("a"), entry("c")], 1.5), "absent"],
    ["a request hash", plan([entry("a", "create", "sha256:ff"), entry("b")], 1.5), "absent"],
    ["the cost", plan([entry("a"), entry("b")], 2), "absent"],
    ["the review file", plan([entry("a"), entry("b")], 1.5), "sha256:1234"],
  ])("changes with %s", (_what, changed, review) => {
    expect(planDigest("m.yaml", changed, review).digest).not.toBe(
      planDigest("m.yaml", plan([entry("a"), entry("b")], 1.5), "absent").digest,
    );
  });
});

describe("digestDifference", () => {
  const reviewed = planDigest("m.yaml", plan([entry("keep", "unchanged"), entry("gone"), entry("changed")]), "absent");
  it("names each key added, changed or gone, and the review file and cost", () => {
    const now = planDigest(
      "m.yaml",
      plan(
        [
          entry("keep", "unchanged"),
          entry("changed", "replace", "sha256:abcdef1234567890"),
          entry("__proto__", "unchanged"),
        ],
        3,
      ),
      "sha256:9",
    );
    expect(digestDifference(reviewed, now)).toEqual([
      "review file: reviewed absent, now sha256:9",
      "estimated cost: reviewed none, now 3 USD",
      '+ "__proto__": unchanged (not in the reviewed plan)',
      `~ "changed": reviewed create ${"changed".padEnd(12, "0")}, now replace abcdef123456`,
      '- "gone": create (reviewed, no longer in the plan)',
    ]);
    expect(digestDifference(reviewed, reviewed)).toEqual([]);
    expect(digestDifference(undefined, now)[0]).toMatch(/^not in the reviewed plan/);
  });
});

describe("the digest block of the comment", () => {
  const digests = [planDigest("manifests/a.yaml", plan([entry("x"), entry("constructor")]), "absent")];
  it("round-trips from the line right after the marker", () => {
    const body = `${MARKER}\n${digestBlock(digests)}\n### reelform plan`;
    expect(readDigestBlock(body, MARKER)).toEqual(digests);
  });
  it("is never read from elsewhere in the comment (a prompt quoting a block)", () => {
    const forged = digestBlock([planDigest("manifests/a.yaml", plan([]), "absent")]);
    expect(readDigestBlock(`${MARKER}\n### reelform plan\n${forged}\n`, MARKER)).toBeNull();
    expect(readDigestBlock(`${forged}\n${MARKER}\n`, MARKER)).toBeNull();
    expect(readDigestBlock(`${MARKER}\n<!-- reelform-reviewed-plan v1 !!!! -->`, MARKER)).toBeNull();
  });
  it("keeps the digests alone when the entries would not fit a comment", () => {
    const many = [
      planDigest(
        "manifests/big.yaml",
        plan(Array.from({ length: 20_000 }, (_, i) => entry(`video-${i}-${Math.sin(i)}`))),
        "absent",
      ),
    ];
    const block = digestBlock(many);
    expect(block.length).toBeLessThan(45_000);
    const read = readDigestBlock(`${MARKER}\n${block}`, MARKER)!;
    expect(read[0]).toMatchObject({ digest: many[0]!.digest, entries: null });
    expect(digestDifference(read[0], planDigest("manifests/big.yaml", plan([entry("other")]), "absent"))[0]).toMatch(
      /too large to list its entries/,
    );
  });
});

describe("the Action's text", () => {
  it("keeps a name on one log line, never a workflow command", () => {
    expect(logText("x\n::error::forged")).toBe("x\\n::error::forged");
    expect(logText("::warning::x")).not.toMatch(/^::/);
    expect(annotation("a\nb%")).toBe("a\\nb%25");
  });
  it("fences a code span longer than any backtick run, so no mention escapes it", () => {
    expect(markdownCode("a`@octocat`b")).toBe("``a`@octocat`b``");
    expect(markdownCode("``x")).toBe("``` ``x ```");
    expect(markdownBlock("```\n@octocat")).toBe("````text\n```\n@octocat\n````");
  });
  it("reads reelform's warning annotations back as file:line:col: message", () => {
    expect(
      warningsOf(
        "m.yaml:3:1: warning: x\n::warning file=m.yaml,line=3,col=1::[k] Vidu has no version %22Q2%22 %25%0Anext\n::error::no",
      ),
    ).toEqual(["m.yaml:3:1: [k] Vidu has no version %22Q2%22 %\nnext"]);
  });
  it("takes true/false inputs and names a wrong one", () => {
    expect(booleanInput("push", "", true)).toBe(true);
    expect(booleanInput("push", "False", true)).toBe(false);
    expect(() => booleanInput("fail-on-warnings", "yes", false)).toThrow(
      /input fail-on-warnings must be true or false, got "yes"/,
    );
  });
});
