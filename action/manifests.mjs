// Which manifests the Action works on: tracked files matching the `manifests` globs, and for a pull request
// those it affects (the manifest, its lockfile, or a data file in its folder changed).
import { execFileSync } from "node:child_process";
import { posix } from "node:path";
import picomatch from "picomatch";

export function matchingManifests(cwd, globs) {
  const isMatch = picomatch(globs.split(/[\s,]+/).filter(Boolean));
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd, encoding: "utf8" }).split("\0").filter(Boolean);
  // A manifest's own companions (its lockfile, its review file) sit beside it and may match the globs.
  return tracked.filter((file) => isMatch(file) && !/\.(lock\.json|review\.yaml)$/i.test(file)).sort();
}

export const lockfileOf = (manifest) => manifest.replace(/\.ya?ml$/i, "") + ".lock.json";

export function affectedManifests(manifests, changed) {
  const isManifestOrLock = (file) => manifests.includes(file) || manifests.some((m) => lockfileOf(m) === file);
  return manifests.filter((manifest) => {
    if (changed.includes(manifest) || changed.includes(lockfileOf(manifest))) return true;
    const folder = posix.dirname(manifest);
    // rows and price files live in the manifest's folder (or below it).
    return changed.some(
      (file) =>
        !isManifestOrLock(file) && (folder === "." ? posix.dirname(file) === "." : file.startsWith(`${folder}/`)),
    );
  });
}
