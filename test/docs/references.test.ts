// Every file that src/, test/, docs/ and README.md refer to exists in the repository: a comment citing
// "docs/api.md", a doc naming `src/util/safe-text.ts`, a test naming DESIGN.md. A reference that leads
// nowhere sends a new maintainer looking for a file that is not there.
//
// What counts as a reference: a path-like word ending in .md, .ts, .mjs or .json; in source files only in
// comments (string literals are data: fixture paths, file names a test creates). A reference with a folder
// must exist relative to the repository, the referring file's folder, src/ or test/; a bare name (.md, .ts,
// .mjs; bare .json names are nearly always a user's files) must exist somewhere in the repository. Not
// references: URLs, dependencies' files (node_modules/, .d.ts), patterns (<key>, {id}, *), and the files
// reelform writes into a user's project (USER_FILES).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/exec.js";

/** Files reelform writes in a user's project, which docs and comments name: not files of this repository. */
const USER_FILES = [
  /\.lock\.json$/, // every lockfile (`launch.lock.json`, `manifests/launch.lock.json`)
  /^\.reelform\//, // `reelform init`'s copy of the schema
  /^manifests\/README\.md$/, // `reelform init`'s README (templates/init/README.md)
];

const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist"]);

function walk(dir: string, visit: (path: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else visit(path);
  }
}

/** The text of `path` that may hold references: all of a markdown file, only the comments of a source file. */
export function referringText(path: string, text: string): string[] {
  const lines = text.split("\n");
  if (path.endsWith(".md")) return lines;
  let inBlock = false;
  return lines.map((line) => {
    const trimmed = line.trim();
    if (inBlock) {
      if (trimmed.includes("*/")) inBlock = false;
      return line;
    }
    if (trimmed.startsWith("/*")) {
      inBlock = !trimmed.includes("*/");
      return line;
    }
    const comment = /(?:^|\s)\/\/(.*)$/.exec(line);
    return comment ? (comment[1] ?? "") : "";
  });
}

const MENTION =
  /(?<![\w@$./-])((?:\.{1,2}\/)?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.*<>{}-]+)*\.(?:md|ts|mjs|json))(?![\w/-])/g;

/** The references in one line that are checked (see the rules above). */
export function mentions(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(MENTION)) {
    const ref = match[1] as string;
    const before = line.slice(0, match.index);
    if (
      /[a-z]+:\/\/\S*$/i.test(before) ||
      /[*<>{}]/.test(ref) ||
      ref.endsWith(".d.ts") ||
      ref.includes("node_modules/")
    )
      continue;
    if (USER_FILES.some((pattern) => pattern.test(ref))) continue;
    if (!ref.includes("/") && ref.endsWith(".json")) continue;
    found.push(ref);
  }
  return found;
}

describe("references to files", () => {
  const names = new Set<string>();
  walk(REPO, (path) => names.add(path.slice(path.lastIndexOf("/") + 1)));
  const referring: string[] = [join(REPO, "README.md")];
  for (const root of ["src", "test", "docs"]) {
    walk(join(REPO, root), (path) => {
      // This file names missing files on purpose, as examples.
      if (/\.(ts|mts|mjs|js|md)$/.test(path) && !path.endsWith(".generated.ts") && path !== import.meta.filename)
        referring.push(path);
    });
  }

  function exists(from: string, ref: string): boolean {
    if (!ref.includes("/")) return names.has(ref);
    return [REPO, dirname(from), join(REPO, "src"), join(REPO, "test")].some((base) => existsSync(join(base, ref)));
  }

  it("finds what it should: a missing file is reported, comments are read, string literals are not", () => {
    expect(mentions('see DESIGN.md and docs/api.md "Errors", src/util/bytes.ts')).toEqual([
      "DESIGN.md",
      "docs/api.md",
      "src/util/bytes.ts",
    ]);
    expect(mentions("https://example.com/a.md, out/<key>.json, launch.lock.json, plan.json, vod_models.d.ts")).toEqual(
      [],
    );
    expect(referringText("a.ts", 'const x = "docs/x.md"; // see docs/api.md\n/**\n * REFERENCE.md\n */')).toEqual([
      " see docs/api.md",
      "/**",
      " * REFERENCE.md",
      " */",
    ]);
    expect(exists(join(REPO, "src", "cli.ts"), "DESIGN.md")).toBe(false);
    expect(exists(join(REPO, "src", "cli.ts"), "report/apply-progress.ts")).toBe(true);
  });

  it("every file that src/, test/, docs/ and README.md refer to exists", () => {
    const broken: string[] = [];
    for (const path of referring) {
      referringText(path, readFileSync(path, "utf8")).forEach((line, i) => {
        for (const ref of mentions(line))
          if (!exists(path, ref)) broken.push(`${relative(REPO, path)}:${i + 1}: ${ref}`);
      });
    }
    expect(referring.length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });
});
