// A video's body renderer shares its parts without templates between requests (built once, frozen) and writes
// each body's JSON text from its compiled shape, for the hash. Neither may change a byte: the text is
// exactly JSON.stringify(body), the hash exactly hashBody's, and a request whose variable differs gets its own
// body and hash. fast-check prints its seed and path on failure; the seed is the suite's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileBody, type BodyRenderer } from "../../src/expand/body.js";
import { createTemplateEngine, templateContext } from "../../src/expand/template.js";
import { hashBody, hashJsonText, type JsonObject, type JsonValue } from "../../src/util/canonical-json.js";
import { keyedRecord } from "../../src/util/objects.js";
import { testSeed } from "../helpers/seed.js";

// Integer-like keys (JSON.stringify writes them first, in numeric order), prototype members, numeric paths.
const KEYS = ["a", "b", "z", "0", "2", "10", "9", "constructor", "toString", "__proto__", "duration", "seed"];
const SCALARS: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>("{{v}}", "x {{v}} y", "{{w}}", "5", " 12 ", "-3.5", 'quote " \\ \u2028 é', "", null),
  fc.constantFrom<JsonValue>(true, false, 0, -0, 1e21, 0.1, -7),
  // Any text but template syntax (a stray "{{" is a template error, refused before any body is made).
  fc.string({ maxLength: 6 }).filter((s) => !s.includes("{")),
);
const { value: valueArb } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    SCALARS,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("value")), { maxLength: 4 }).map(record),
  ),
}));
const bodyArb = fc
  .array(fc.tuple(fc.constantFrom(...KEYS, "output_config", "prompt"), valueArb), { maxLength: 6 })
  .map(record) as fc.Arbitrary<JsonObject>;

/** A record with these entries as own keys ("__proto__" included), the way the YAML loader makes mappings. */
function record(entries: [string, JsonValue][]): JsonObject {
  const out = keyedRecord<JsonValue>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

function rendererOf(body: JsonObject): BodyRenderer {
  const compiled = compileBody(body, createTemplateEngine({}));
  if (!compiled.ok) throw new Error(compiled.failures[0]?.message);
  return compiled.renderer;
}

function render(renderer: BodyRenderer, vars: Record<string, JsonValue>) {
  const rendered = renderer.render(templateContext(vars));
  if (!rendered.ok) throw new Error(rendered.failures[0]?.message);
  return rendered;
}

describe("a rendered body's JSON text and hash", () => {
  it("are JSON.stringify(body) and hashBody(body), and change with the variable they use", () => {
    fc.assert(
      fc.property(
        bodyArb,
        fc.constantFrom<JsonValue>("one", "two", 3, "3", "4.0"),
        fc.constantFrom<JsonValue>("one", "two", 3, "3", "4.0"),
        (body, v1, v2) => {
          const renderer = rendererOf(body);
          const first = render(renderer, { v: v1, w: "w" });
          const second = render(renderer, { v: v2, w: "w" });
          for (const r of [first, second]) {
            expect(r.json).toBe(JSON.stringify(r.body));
            expect(hashJsonText(r.json)).toBe(hashBody(r.body));
          }
          expect(second.body).not.toBe(first.body);
          // Same text, same hash; different text, different hash: nothing is carried from one request to the next.
          expect(hashJsonText(second.json) === hashJsonText(first.json)).toBe(second.json === first.json);
          expect(render(renderer, { v: v2, w: "w" }).json).toBe(second.json);
        },
      ),
      { seed: testSeed(), numRuns: 500 },
    );
  });

  it("shares a part without templates between requests, frozen, and rebuilds the parts with one", () => {
    const body = record([
      ["prompt", "car {{v}}"],
      [
        "output_config",
        record([
          ["duration", "{{d}}"],
          ["resolution", "1080P"],
        ]),
      ],
      ["file_infos", [record([["url", "https://x.example/a.png"]])]],
      ["ext_info", record([["shot", record([["n", 1]])]])],
    ]);
    const renderer = rendererOf(body);
    const a = render(renderer, { v: "red", d: "5" });
    const b = render(renderer, { v: "blue", d: "10" });
    expect(a.body.file_infos).toBe(b.body.file_infos);
    expect(a.body.ext_info).toBe(b.body.ext_info);
    expect(Object.isFrozen(a.body.ext_info) && Object.isFrozen((a.body.ext_info as JsonObject).shot)).toBe(true);
    expect(() => ((a.body.ext_info as JsonObject).extra = 1)).toThrow(TypeError);
    expect(a.body.output_config).not.toBe(b.body.output_config);
    expect(a.body.output_config).toEqual({ duration: 5, resolution: "1080P" });
    expect(b.body.output_config).toEqual({ duration: 10, resolution: "1080P" });
    expect(Object.isFrozen(a.body)).toBe(false);
    expect({ a: a.json, b: b.json }).toEqual({ a: JSON.stringify(a.body), b: JSON.stringify(b.body) });
  });

  it("keeps a body without any template its own per request (the top is never shared)", () => {
    const renderer = rendererOf(
      record([
        ["prompt", "fixed"],
        ["output_config", record([["duration", 5]])],
      ]),
    );
    const a = render(renderer, {});
    const b = render(renderer, {});
    expect(a.body).not.toBe(b.body);
    expect(Object.isFrozen(a.body)).toBe(false);
    expect(a.body.output_config).toBe(b.body.output_config);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(a.body))).toBeNull(); // nothing inherited
    expect((a.body as Record<string, unknown>).toString).toBeUndefined();
  });
});
