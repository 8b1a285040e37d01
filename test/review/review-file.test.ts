import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticsError } from "../../src/errors.js";
import { mergeReviews, setVerdict } from "../../src/review/merge.js";
import { readReviewFile, writeReviewFile } from "../../src/review/review-io.js";
import { parseReviewText } from "../../src/review/review-parse.js";
import { serializeReviewFile } from "../../src/review/review-text.js";
import { reviewPathFor, type ReviewFile, type Verdict } from "../../src/review/verdicts.js";

const v = (key: string, generation: number, verdict: Verdict["verdict"], extra: Partial<Verdict> = {}): Verdict => ({
  key,
  generation,
  verdict,
  at: "2026-05-01T10:00:00.000Z",
  ...extra,
});

describe("review file", () => {
  it("sits next to the manifest", () => {
    expect(reviewPathFor("manifests/launch.yaml")).toBe("manifests/launch.review.yaml");
  });

  it("is written sorted like the lockfile, one field per line, and reads back the same", () => {
    const review: ReviewFile = {
      campaign: "spring",
      verdicts: [
        v("b", 2, "approved"),
        v("a#2", 1, "rejected", { note: 'too "dark": # not a comment\nline 2', by: "ana" }),
        v("b", 1, "rejected"),
      ],
    };
    const text = serializeReviewFile(review, "launch.yaml");
    expect(text).toBe(
      [
        "# Review verdicts for launch.yaml (reelform review). Keep it in git next to the manifest:",
        "# `reelform plan` regenerates rejected videos and keeps approved ones.",
        "format_version: 1",
        'campaign: "spring"',
        "verdicts:",
        '  "a#2":',
        "    - generation: 1",
        '      verdict: "rejected"',
        '      note: "too \\"dark\\": # not a comment\\nline 2"',
        '      by: "ana"',
        '      at: "2026-05-01T10:00:00.000Z"',
        '  "b":',
        "    - generation: 1",
        '      verdict: "rejected"',
        '      at: "2026-05-01T10:00:00.000Z"',
        "    - generation: 2",
        '      verdict: "approved"',
        '      at: "2026-05-01T10:00:00.000Z"',
        "",
      ].join("\n"),
    );
    const parsed = parseReviewText(text, "launch.review.yaml");
    expect(parsed).toEqual({
      ok: true,
      review: { campaign: "spring", verdicts: [review.verdicts[1], review.verdicts[2], review.verdicts[0]] },
    });
  });

  it("reports a damaged file at its line, including two verdicts for one generation", () => {
    const text =
      'format_version: 1\ncampaign: "x"\nverdicts:\n  k:\n    - { generation: 1, verdict: approved, at: "2026-05-01T10:00:00Z" }\n    - { generation: 1, verdict: rejected, at: "2026-05-01T10:00:00Z" }\n    - { generation: 2, verdict: maybe, at: "2026-05-01T10:00:00Z" }\n';
    const parsed = parseReviewText(text, "r.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [6, 'a second verdict for "k" generation 1'],
      [7, "verdict must be approved or rejected"],
    ]);
  });

  it("is written atomically and read back; a missing file is an empty review; a broken one is a DiagnosticsError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-review-"));
    const path = join(dir, "launch.review.yaml");
    expect(await readReviewFile(path, "launch.review.yaml", "spring")).toEqual({
      review: { campaign: "spring", verdicts: [] },
      sha256: "absent",
    });
    await writeReviewFile(path, { campaign: "spring", verdicts: [v("k", 1, "approved")] }, join(dir, "launch.yaml"));
    const read = await readReviewFile(path, "launch.review.yaml", "spring");
    expect(read.review.verdicts).toEqual([v("k", 1, "approved")]);
    expect(read.sha256).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(path, readFileSync(path, "utf8").replace(`verdict: "approved"`, `verdict: "fine"`));
    await expect(readReviewFile(path, "launch.review.yaml", "spring")).rejects.toBeInstanceOf(DiagnosticsError);
  });
});

describe("changing verdicts", () => {
  it("sets and clears one verdict", () => {
    const one = setVerdict({ campaign: "c", verdicts: [] }, { key: "k", generation: 1 }, v("k", 1, "rejected"));
    expect(one.verdicts).toEqual([v("k", 1, "rejected")]);
    expect(setVerdict(one, { key: "k", generation: 1 }, null).verdicts).toEqual([]);
  });

  it("merges an imported file: the later decision wins per key and generation, nothing else is dropped", () => {
    const current: ReviewFile = {
      campaign: "c",
      verdicts: [v("a", 1, "approved", { at: "2026-05-03T00:00:00Z" }), v("b", 1, "approved"), v("c", 1, "approved")],
    };
    const incoming = [
      v("a", 1, "rejected", { at: "2026-05-02T00:00:00Z" }),
      v("b", 1, "rejected", { at: "2026-05-04T00:00:00Z" }),
      v("c", 1, "approved"),
      v("d", 2, "rejected"),
    ];
    const merged = mergeReviews(current, incoming);
    expect(merged).toMatchObject({ added: 1, updated: 1, unchanged: 1, keptExisting: 1 });
    expect(merged.review.verdicts.map((x) => [x.key, x.verdict])).toEqual([
      ["a", "approved"],
      ["b", "rejected"],
      ["c", "approved"],
      ["d", "rejected"],
    ]);
  });
});
