import { isAbsolute, relative, resolve } from "node:path";

/** A path as shown to the user and recorded in inputs: relative to cwd when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
}
