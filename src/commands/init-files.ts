// The files `reelform init` writes, from templates/init/ (shipped with the package).
import { existsSync, readFileSync } from "node:fs";
import { basename, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

// dist/commands/ and src/commands/ both sit two levels below the package root.
const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCHEMA = join(PACKAGE_ROOT, "schemas", "manifest.schema.json");
/** Where init copies the schema when reelform is not installed inside the project. */
const SCHEMA_COPY = join(".reelform", "manifest.schema.json");
const INSTALLED_SCHEMA = join("node_modules", "reelform", "schemas", "manifest.schema.json");

/**
 * `npx --no-install`: the project's own reelform, or a refusal; never a package fetched from the registry
 * (git runs the driver on every merge of a lockfile, so a fetched package would run someone else's code).
 */
export const MERGE_DRIVER_CONFIG = [
  'git config merge.reelform.name "reelform lockfile merge"',
  'git config merge.reelform.driver "npx --no-install reelform merge-driver %O %A %B %P"',
];

export interface ScaffoldFile {
  /** Relative to the project folder. */
  path: string;
  content: string;
}

/** A campaign name from a folder name: the manifest's rules (letters, digits, . _ -, starting alphanumeric). */
export function campaignFromFolder(dir: string): string {
  const name = basename(dir)
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 100);
  return name || "campaign";
}

/** The workflow's `push: branches:` line names the branch apply runs on. */
function workflowFor(template: string, branch: string): string {
  const name = /^[A-Za-z0-9._/-]+$/.test(branch) ? branch : JSON.stringify(branch);
  return template.replace(/^(\s+branches: )\[main\]$/m, (_m, indent: string) => `${indent}[${name}]`);
}

export function scaffoldFiles(dir: string, campaign: string, branch = "main"): ScaffoldFile[] {
  const template = (name: string): string =>
    readFileSync(join(PACKAGE_ROOT, "templates", "init", name), "utf8").replaceAll("__CAMPAIGN__", campaign);
  const schema = schemaReference(dir);
  const manifest = join("manifests", `${campaign}.yaml`);
  return [
    { path: manifest, content: template("manifest.yaml").replace("__SCHEMA__", schema.reference) },
    { path: join("manifests", "README.md"), content: template("README.md").replaceAll("__BRANCH__", branch) },
    { path: ".gitattributes", content: template("gitattributes") },
    { path: ".gitignore", content: template("gitignore") },
    { path: join(".github", "workflows", "reelform.yml"), content: workflowFor(template("workflow.yml"), branch) },
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
