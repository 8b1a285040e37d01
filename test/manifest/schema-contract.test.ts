// The schema is the source of truth: src/manifest/types.ts must name the same properties at every level,
// and every property must carry a description (editors show it on hover).
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { deref, knownProperties, manifestSchema, validatorSchema, type SchemaNode } from "../../src/manifest/schema.js";

const TYPES_FILE = new URL("../../src/manifest/types.ts", import.meta.url);

/** Property names of each interface in types.ts (members of `extends` included, inline object types by "Iface.prop"). */
function interfaceProperties(): Map<string, string[]> {
  const source = ts.createSourceFile("types.ts", readFileSync(TYPES_FILE, "utf8"), ts.ScriptTarget.ES2022, true);
  const own = new Map<string, { props: string[]; bases: string[] }>();
  const inline = new Map<string, string[]>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const name = node.name.text;
    const props: string[] = [];
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      props.push(member.name.text);
      if (member.type && ts.isTypeLiteralNode(member.type)) {
        inline.set(
          `${name}.${member.name.text}`,
          member.type.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : [])),
        );
      }
    }
    const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
    own.set(name, { props, bases });
  });
  const all = (name: string): string[] => {
    const entry = own.get(name);
    return entry ? [...entry.bases.flatMap(all), ...entry.props] : [];
  };
  return new Map([...[...own.keys()].map((name) => [name, all(name)] as const), ...inline]);
}

const schema = manifestSchema();
const definitions = schema.definitions ?? {};
const priceTable = (schema.properties?.prices?.anyOf ?? [])[1] as SchemaNode;
const NOT_IN_TYPES = new Set(["session_id"]); // in the schema only to refuse it with an explanation

/** Each TypeScript shape and the schema node that must list the same properties. */
const PAIRS: [string, SchemaNode][] = [
  ["ManifestDoc", schema],
  ["ManifestDoc.apply", schema.properties!.apply!],
  ["VideoFields", definitions.videoFields!],
  ["VideoSpec", definitions.video!],
  ["OutputConfig", definitions.outputConfig!],
  ["FileInfo", definitions.fileInfo!],
  ["MatrixSpec", definitions.matrix!],
  ["PriceTable", priceTable],
  ["PriceRule", priceTable.properties!.rules!.items!],
];

describe("src/manifest/types.ts and schemas/manifest.schema.json", () => {
  const types = interfaceProperties();

  it.each(PAIRS)("%s has the same properties in both", (typeName, node) => {
    const fromSchema = Object.keys(knownProperties(node))
      .filter((p) => !NOT_IN_TYPES.has(p))
      .sort();
    expect(types.get(typeName)?.slice().sort()).toEqual(fromSchema);
  });
});

describe("schema documentation", () => {
  /** Every property of every object schema, resolved through $ref/allOf, with its path in the schema. */
  function everyProperty(): { where: string; node: SchemaNode }[] {
    const found: { where: string; node: SchemaNode }[] = [];
    const seen = new Set<SchemaNode>();
    const visit = (node: SchemaNode | undefined, where: string): void => {
      if (!node || typeof node !== "object" || seen.has(node)) return;
      seen.add(node);
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        // `true`: a placeholder naming an API field for additionalProperties; its schema comes through allOf.
        if ((child as unknown) === true) continue;
        found.push({ where: `${where}.${name}`, node: child });
        visit(child, `${where}.${name}`);
      }
      for (const key of ["items", "additionalProperties"] as const)
        if (typeof node[key] === "object") visit(node[key] as SchemaNode, `${where}[${key}]`);
      for (const key of ["allOf", "anyOf"] as const)
        (node[key] ?? []).forEach((part, i) => visit(deref(part), `${where}.${key}[${i}]`));
    };
    visit(schema, "#");
    for (const [name, definition] of Object.entries(definitions)) visit(definition, `#/definitions/${name}`);
    return found;
  }

  it("describes every property", () => {
    const properties = everyProperty();
    expect(properties.length).toBeGreaterThan(50);
    const undocumented = properties
      .filter(({ node }) => !(node.description ?? deref(node).description))
      .map((p) => p.where);
    expect(undocumented).toEqual([]);
  });

  it("is draft-07, for yaml-language-server", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("gives defaults where the API has them", () => {
    const output = definitions.outputConfig!.properties!;
    expect(output.storage_mode?.default).toBe("Temporary");
    expect(output.audio_generation?.default).toBe("Disabled");
    expect(definitions.videoFields!.properties!.tasks_priority?.default).toBe(0);
    expect(definitions.video!.properties!.takes?.default).toBe(1);
    expect(schema.properties!.apply!.properties!.rate?.default).toBe(20);
  });
});

describe("the precompiled validator", () => {
  it("is up to date with the schema (regenerate: node scripts/compile-schemas.mjs)", async () => {
    const { generateValidatorSource } = await import("../../scripts/validator-source.mjs");
    const generated = readFileSync(
      new URL("../../src/manifest/schema-validator.generated.ts", import.meta.url),
      "utf8",
    );
    expect(generateValidatorSource(validatorSchema(manifestSchema())) === generated).toBe(true);
  });
});
