// sha256Hex takes Node's one-shot digest for small inputs (issue 24: 100,000 body hashes per plan): the
// digests must be the ones createHash gives, for any text, or every recorded hash would change.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashBody, sha256Hex } from "../../src/util/canonical-json.js";

const reference = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("sha256Hex", () => {
  it("gives createHash's digest for text of every kind and size, and for bytes", () => {
    const texts = ["", "abc", "é€😀\u0000", "\uD800 lone surrogate \uDC00", "x".repeat(64 * 1024), "y".repeat(70_000)];
    for (const text of texts) {
      expect(sha256Hex(text)).toBe(reference(text));
      expect(sha256Hex(Buffer.from(text))).toBe(reference(Buffer.from(text)));
    }
    expect(hashBody({ prompt: "a", model_name: "Kling" })).toBe(
      `sha256:${reference('{"model_name":"Kling","prompt":"a"}')}`,
    );
  });
});
