// The generated editor hints of schemas/manifest.schema.json follow data/models.json and the schema itself.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { annotateManifestSchema } from "../../scripts/manifest-schema-hints.mjs";
import { manifestSchema, type SchemaNode } from "../../src/manifest/schema.js";

const models = JSON.parse(readFileSync(new URL("../../data/models.json", import.meta.url), "utf8")) as {
  models: Record<string, { versions?: Record<string, unknown> }>;
};
const schema = manifestSchema();
const definitions = schema.definitions!;

describe("schemas/manifest.schema.json editor hints", () => {
  it("are up to date with data/models.json (regenerate: node scripts/annotate-manifest-schema.mjs, then compile-schemas)", () => {
    expect(annotateManifestSchema(schema, models)).toEqual(schema);
  });

  it("offer every model, its versions, and the resolutions of the table", () => {
    const fields = definitions.videoFields!.properties!;
    expect(fields.model_name!.examples).toEqual(Object.keys(models.models));
    const kling = (definitions.videoFields!.allOf as SchemaNode[]).find((part) =>
      JSON.stringify(part.if).includes('"Kling"'),
    );
    expect((kling?.then as SchemaNode).properties!.model_version!.examples).toEqual(
      Object.keys(models.models.Kling!.versions!),
    );
    expect(definitions.outputConfig!.properties!.resolution!.examples).toEqual(
      expect.arrayContaining(["720P", "1080P", "768P"]),
    );
  });

  it("never suggest session_id, which apply derives", () => {
    expect(definitions.videoFields!.properties!.session_id!.doNotSuggest).toBe(true);
  });

  it("carry markdownDescription wherever there is a description", () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => visit(child, `${where}/${i}`));
      if (node === null || typeof node !== "object") return;
      const record = node as Record<string, unknown>;
      if (typeof record.description === "string" && record.markdownDescription !== record.description)
        missing.push(where);
      for (const [key, child] of Object.entries(record))
        if (key !== "examples" && key !== "enum") visit(child, `${where}/${key}`);
    };
    visit(schema, "#");
    expect(missing).toEqual([]);
  });
});
