/** A path into a parsed document: mapping keys and list indexes, e.g. ["videos", 2, "output_config", "resolution"]. */
export type DocPath = readonly (string | number)[];

/** videos[2].output_config.resolution: how users read a path in messages. */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "the document" : out;
}

/** "/videos/2/output_config" (a JSON pointer, as ajv reports it) -> ["videos", 2, "output_config"]. */
export function pathFromPointer(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}
