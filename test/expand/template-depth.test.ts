import { describe, expect, it } from "vitest";
import { MAX_TEMPLATE_DEPTH, templateDepthProblem } from "../../src/expand/template-depth.js";

const nested = (n: number, open = "{{#if a}}", close = "{{/if}}") => `${open.repeat(n)}x${close.repeat(n)}`;

describe("templateDepthProblem", () => {
  it("accepts ordinary templates and nesting up to the cap", () => {
    expect(templateDepthProblem("plain text (with parentheses)")).toBeUndefined();
    expect(templateDepthProblem("{{#each items}}{{#if this}}{{this}}{{else}}-{{/if}}{{/each}}")).toBeUndefined();
    expect(templateDepthProblem(nested(MAX_TEMPLATE_DEPTH))).toBeUndefined();
    expect(templateDepthProblem(`${"{{#if a}}x{{/if}}".repeat(1000)}`)).toBeUndefined();
  });

  it("refuses blocks, inverse blocks, else-if chains and sub-expressions nested past the cap", () => {
    const message = `the template nests blocks or sub-expressions more than ${MAX_TEMPLATE_DEPTH} levels deep`;
    expect(templateDepthProblem(nested(MAX_TEMPLATE_DEPTH + 1))).toBe(message);
    expect(templateDepthProblem(nested(5000, "{{~#unless a~}}", "{{~/unless~}}"))).toBe(message);
    expect(templateDepthProblem(nested(40, "{{^a}}", "{{/a}}"))).toBe(message);
    expect(templateDepthProblem(`{{#if a}}${"{{else if b}}".repeat(40)}{{/if}}`)).toBe(message);
    expect(templateDepthProblem(`{{lower ${"(lower ".repeat(40)}x${")".repeat(40)}}}`)).toBe(message);
  });

  it("does not count comments or a bare {{^}} (else)", () => {
    expect(templateDepthProblem(`{{#if a}}x{{^}}y{{/if}}${"{{! {{#if a}} }}".repeat(50)}`)).toBeUndefined();
  });
});
