// Parses the static import/export statements of src/**/*.ts into a file graph, folds it into a folder
// graph, and finds cycles (Tarjan's strongly connected components), for test/arch/cycles.test.ts. Regular
// expressions suffice: src/ is formatted code whose imports all start a line (static, type-only, re-export)
// or are literal dynamic import("./x.js") calls.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT_PATTERN = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_PATTERN = /import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** Every .ts file under root (recursively), as paths relative to root with forward slashes. */
function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
        out.push(relative(root, full).split("\\").join("/"));
    }
  };
  walk(root);
  return out.sort();
}

function targetFile(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, ".ts");
}

/** The relative imports of one file (static, re-exports, and dynamic import()). */
function importsOf(from: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const typeOnly = match[2] !== undefined;
    edges.push({ from, to: targetFile(from, match[3] ?? ""), typeOnly });
  }
  for (const match of text.matchAll(DYNAMIC_PATTERN))
    edges.push({ from, to: targetFile(from, match[1] ?? ""), typeOnly: false });
  return edges;
}

/** All import edges between files of root (edges to files outside the list are dropped). */
export function fileEdges(root: string): ImportEdge[] {
  const files = listSourceFiles(root);
  const known = new Set(files);
  return files.flatMap((file) =>
    importsOf(file, readFileSync(resolve(root, file), "utf8")).filter((e) => known.has(e.to)),
  );
}

/**
 * The folder a file belongs to: its first path segment. A file at the top of src/ is its own node
 * (errors.ts sits at the bottom of the layers, cli.ts at the top, so one "." node would join them).
 */
function folderOf(file: string): string {
  const dir = dirname(file);
  return dir === "." ? file : (dir.split("/")[0] ?? dir);
}

/** Strongly connected components with more than one node (or a self-loop): the cycles of the graph. */
export function cycles(edges: Array<{ from: string; to: string }>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) found.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** Folder-level edges (self edges dropped), deduplicated. */
export function folderEdges(edges: ImportEdge[]): Array<{ from: string; to: string }> {
  const seen = new Set<string>();
  const out: Array<{ from: string; to: string }> = [];
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === to || seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    out.push({ from, to });
  }
  return out;
}
