// What `reelform check` (and apply --check) checks: each key's current generation, its first output, at the
// path pull gives it. The request it is judged against is the body that generation sent (as recorded).
import { existsSync } from "node:fs";
import { DEFAULT_CHECKS, type CheckSettings } from "../expand/check-settings.js";
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import { downloadTargets } from "../pull/targets.js";
import type { CheckJob } from "./run.js";

export interface CheckPlan {
  jobs: CheckJob[];
  /** Keys whose current generation succeeded but whose file is not in the folder (not pulled yet). */
  notPulled: string[];
  /** Keys whose current generation has no finished output (still running, failed, never submitted). */
  noOutput: number;
}

export function planChecks(
  lockfile: Lockfile,
  dir: string,
  settingsFor: (key: string) => CheckSettings | undefined,
): CheckPlan {
  // The paths pull uses (downloadTargets), so a file is found wherever pull put it.
  const paths = new Map(
    downloadTargets(lockfile, dir)
      .filter((t) => t.earlierGeneration === undefined && t.index === 0)
      .map((t) => [t.key, t.path]),
  );
  const plan: CheckPlan = { jobs: [], notPulled: [], noOutput: 0 };
  for (const key of Object.keys(lockfile.entries).sort()) {
    const entry = lockfile.entries[key] as LockEntry;
    const path = paths.get(key);
    if (path === undefined) plan.noOutput++;
    else if (!existsSync(path)) plan.notPulled.push(key);
    else
      plan.jobs.push({
        key,
        generation: entry.generation,
        path,
        body: entry.body,
        settings: settingsFor(key) ?? DEFAULT_CHECKS,
      });
  }
  return plan;
}
