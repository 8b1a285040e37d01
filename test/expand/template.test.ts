import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { createTemplateEngine, templateContext } from "../../src/expand/template.js";

const Handlebars = createRequire(import.meta.url)("handlebars") as typeof import("handlebars");
const partials = { look: "cinematic {{mood}}", nested: "[{{> look}}]" };

function render(text: string, vars: Record<string, unknown>) {
  const compiled = createTemplateEngine(partials).compile(text);
  if (!compiled.ok) return compiled;
  return compiled.render(templateContext(vars));
}

/** What stock Handlebars (noEscape, strict) gives, to hold the fast path to it. */
function reference(text: string, vars: Record<string, unknown>): string {
  const hb = Handlebars.create();
  for (const [name, body] of Object.entries(partials)) hb.registerPartial(name, body);
  return hb.compile(text, { noEscape: true, strict: true })(vars);
}

describe("templates", () => {
  const vars = { a: "A & <b>", n: 5, t: true, list: [1, 2], obj: { k: "v" }, nul: null, mood: "noir", env: { X: "x" } };
  const cases = [
    "plain text",
    "{{a}}",
    "x {{a}} y {{n}} {{t}}",
    "{{{a}}}",
    "{{list}}",
    "{{obj.k}}",
    "{{nul}}|",
    "{{~a~}} ! ",
    "{{! comment }}{{a}}",
    "{{> look}}",
    "{{> nested}} and {{env.X}}",
    "line\n{{> look}}\nnext",
    "{{#if t}}yes{{/if}}",
    "{{#each list}}{{this}},{{/each}}",
  ];

  it.each(cases)("renders %j exactly as Handlebars does", (text) => {
    expect(render(text, vars)).toEqual({ ok: true, text: reference(text, vars) });
  });

  it("reports a missing variable by name, on the fast path and through Handlebars", () => {
    expect(render("x {{missing}}", vars)).toMatchObject({ ok: false, missing: "missing" });
    expect(render("{{#if t}}{{missing}}{{/if}}", vars)).toMatchObject({ ok: false, missing: "missing" });
    expect(render("{{obj.nope}}", vars)).toMatchObject({ ok: false, missing: "nope" });
  });

  it("reports syntax errors, unknown helpers and unknown partials", () => {
    expect(render("{{#if a}}", vars)).toMatchObject({
      ok: false,
      message: expect.stringContaining("template syntax error"),
    });
    expect(render("{{shout a}}", vars)).toMatchObject({ ok: false, message: 'unknown helper "shout"' });
    expect(render("{{> nope}}", vars)).toMatchObject({
      ok: false,
      message: 'partial "nope" is not defined in partials',
    });
  });

  it("does not reach prototypes", () => {
    expect(render("{{constructor}}", vars)).toMatchObject({ ok: false });
    expect(render("{{obj.constructor.name}}", vars)).toMatchObject({ ok: false });
    expect(render("{{lookup obj 'constructor'}}", vars)).toEqual({ ok: true, text: "" });
  });
});
