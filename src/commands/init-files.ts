// The files `reelform init` writes, from templates/init/ (shipped with the package).
import { existsSync, readFileSync } from "node:fs";
import { basename, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

// dist/commands/ and src/commands/ both sit two levels below the package root.
const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCHEMA = join(PACKAGE_ROOT, "schemas", "manifest.schema.json");
/** Where init copies the schema when reelform is not installed inside the project. */
export const SCHEMA_COPY = join(".reelform", "manifest.schema.json");
const INSTALLED_SCHEMA = join("node_modules", "reelform", "schemas", "manifest.schema.json");

export const MERGE_DRIVER_CONFIG = [
  'git config merge.reelform.name "reelform lockfile merge"',
  'git config merge.reelform.driver "npx reelform merge-driver %O %A %B %P"',
];

export interface ScaffoldFile {
  /** Relative to the project folder. */
  path: string;
  content: string;
}

/** A campaign name from a folder name: the manifest's rules (letters, digits, . _ -, starting alphanumeric). */
export function campaignFromFolder(dir: string): string {
  const name = basename(dir).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 100);
  return name || "campaign";
}

export function scaffoldFiles(dir: string, campaign: string): ScaffoldFile[] {
  const template = (name: string): string => readFileSync(join(PACKAGE_ROOT, "templates", "init", name), "utf8").replaceAll("__CAMPAIGN__", campaign);
  const schema = schemaReference(dir);
  const manifest = join("manifests", `${campaign}.yaml`);
  return [
    { path: manifest, content: template("manifest.yaml").replace("__SCHEMA__", schema.reference) },
    { path: join("manifests", "README.md"), content: template("README.md") },
    { path: ".gitattributes", content: template("gitattributes") },
    { path: ".gitignore", content: template("gitignore") },
    { path: join(".github", "workflows", "reelform.yml"), content: template("workflow.yml") },
    ...(schema.copy ? [{ path: SCHEMA_COPY, content: readFileSync(SCHEMA, "utf8") }] : []),
  ];
}

/**
 * The manifest's `$schema` path, relative to manifests/: the project's own reelform
 * (node_modules/reelform, which stays current on upgrade) when it has one, else a copy in the project
 * (reelform run from npx's cache or a global install, a path teammates would not have).
 */
function schemaReference(dir: string): { reference: string; copy: boolean } {
  const installed = existsSync(join(dir, INSTALLED_SCHEMA));
  return { reference: `../${(installed ? INSTALLED_SCHEMA : SCHEMA_COPY).split(sep).join("/")}`, copy: !installed };
}
