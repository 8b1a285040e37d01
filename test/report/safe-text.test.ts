import { describe, expect, it } from "vitest";
import { safeJson, safeLines, safeMarkdown, safeText, workflowCommandData } from "../../src/util/safe-text.js";

describe("safeText", () => {
  it("shows control characters escaped, so a value stays on its line and cannot drive the terminal", () => {
    expect(safeText("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(safeText("\u001b[2J\u001b]0;title\u0007")).toBe("\\u001b[2J\\u001b]0;title\\u0007");
    expect(safeText("\u009b31m \u007f")).toBe("\\u009b31m \\u007f");
    expect(safeText("abc\u202edcba \u2028")).toBe("abc\\u202edcba \\u2028");
  });

  it("disarms a GitHub workflow command at the start of a line (leading blanks included), not elsewhere", () => {
    expect(safeText("::error::forged")).toBe("\\u003a:error::forged");
    expect(safeText("  ::add-mask::x")).toBe("  \\u003a:add-mask::x");
    expect(safeText("key ::stop-commands::t")).toBe("key ::stop-commands::t");
  });

  it("leaves ordinary text alone", () => {
    expect(safeText('Crème brûlée, 16:9 — 日本語 "quoted"')).toBe('Crème brûlée, 16:9 — 日本語 "quoted"');
  });

  it("keeps a multi-line prompt as lines, each made safe", () => {
    expect(safeLines("first\n::set-output name=a::b\n\u001b[1mbold")).toEqual([
      "first",
      "\\u003a:set-output name=a::b",
      "\\u001b[1mbold",
    ]);
  });
});

describe("safeMarkdown", () => {
  it("escapes what would change a pull-request comment: markup, HTML, mentions", () => {
    expect(
      safeMarkdown("<img src=x onerror=1> **bold** [link](http://x) @team `code` a|b #1 ~~s~~ &amp; _it_ session_id"),
    ).toBe(
      "&lt;img src=x onerror=1&gt; \\*\\*bold\\*\\* \\[link\\](http://x) &#64;team \\`code\\` a\\|b \\#1 \\~\\~s\\~\\~ &amp;amp; \\_it\\_ session_id",
    );
  });
});

describe("safeJson", () => {
  it("escapes what JSON.stringify leaves raw, and keeps the same data", () => {
    const value = { s: "a\u009bb\u2028c\u202ed\u007f" };
    const text = safeJson(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
    expect(safeJson('{\n  "a": 1\n}')).toBe('{\n  "a": 1\n}');
  });
});

describe("workflowCommandData", () => {
  it("keeps an annotation's message on one line", () => {
    expect(workflowCommandData("50% done\r\n::error::x")).toBe("50%25 done%0D%0A::error::x");
  });
});
