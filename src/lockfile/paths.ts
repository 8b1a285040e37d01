/** launch.yaml -> launch.lock.json (next to the manifest). A module of its own: status, pull and
 *  force-unlock need it without loading the expansion stack (templates, YAML, schemas). */
export function lockfilePathFor(manifestPath: string): string {
  return manifestPath.replace(/\.(ya?ml|json)$/i, "") + ".lock.json";
}

/** The apply lock of a lockfile: `launch.lock.json.lock`. */
export function lockPathFor(lockfilePath: string): string {
  return `${lockfilePath}.lock`;
}

/** The apply journal of a lockfile: `launch.lock.json.journal`. */
export function journalPathFor(lockfilePath: string): string {
  return `${lockfilePath}.journal`;
}
