import { describe, expect, it } from "vitest";
import { closestMatch, didYouMean, editDistance } from "../../src/manifest/suggest.js";

describe("editDistance (Damerau-Levenshtein)", () => {
  it.each([
    ["prompt", "prompt", 0],
    ["promt", "prompt", 1],
    ["promtp", "prompt", 1],
    ["rpompt", "prompt", 1],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
  ])("%s -> %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("closestMatch", () => {
  const keys = ["prompt", "negative_prompt", "model_name", "model_version", "matrix", "takes"];

  it("finds plausible typos", () => {
    expect(closestMatch("promt", keys)).toBe("prompt");
    expect(closestMatch("model_verison", keys)).toBe("model_version");
    expect(closestMatch("matirx", keys)).toBe("matrix");
    expect(closestMatch("take", keys)).toBe("takes");
  });

  it("prefers a case-only difference", () => {
    expect(closestMatch("enabled", ["Enabled", "Disabled"])).toBe("Enabled");
  });

  it("suggests nothing for unrelated words or exact matches", () => {
    expect(closestMatch("seed", keys)).toBeUndefined();
    expect(closestMatch("prompt", keys)).toBeUndefined();
  });

  it("words the hint", () => {
    expect(didYouMean("promt", keys)).toBe('did you mean "prompt"?');
    expect(didYouMean("zzz", keys)).toBeUndefined();
  });
});
