// The campaign folder of bench/scale.mjs and bench/state.mjs: a manifest of `count` requests, its lockfile with
// the real bodies, hashes and session ids (so plan sees nothing to do), and the 1-byte files pull then finds
// complete. Needs dist/ (npm run build).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileManifest } from "../dist/expand/compile.js";
import { withApplyAdded } from "../dist/plan/apply-added.js";
import { deriveSessionId } from "../dist/plan/session-id.js";
import { downloadTargets } from "../dist/pull/targets.js";
import { hashBody } from "../dist/util/canonical-json.js";
import { CAMPAIGN, scaleEntry, scaleKey, scaleManifestYaml, writeScaleLockfile } from "./_lockfile-fixture.mjs";

/** Real identities: the manifest compiled once here, so the lockfile matches what plan computes. */
export async function identities(manifestPath, dir, count) {
  const { requests } = await compileManifest(manifestPath, { cwd: dir, env: {}, maxRequests: count });
  const byKey = new Map(requests.map((r) => [r.key, r.body]));
  return (i, generation) => {
    const key = scaleKey(i);
    const body = byKey.get(key);
    if (!body) throw new Error(`the manifest has no key ${key}`);
    const hash = hashBody(body);
    const session_id = deriveSessionId(CAMPAIGN, key, hash, generation);
    return { hash, session_id, body: withApplyAdded(body, session_id, CAMPAIGN, key) };
  };
}

/** The files pull would find complete: written where pull puts them, 10,000 entries at a time. */
export function writePulledFiles(dir, count) {
  const made = new Set();
  for (let from = 0; from < count; from += 10_000) {
    const entries = {};
    for (let i = from; i < Math.min(count, from + 10_000); i++) entries[scaleKey(i)] = scaleEntry(i, { pulled: true });
    for (const target of downloadTargets({ format_version: 1, campaign: CAMPAIGN, entries }, join(dir, "out"))) {
      if (target.output.size === undefined) continue;
      const folder = dirname(target.path);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(target.path, "x");
    }
  }
}

/** A fresh folder with `s.yaml`, `s.lock.json` (every output recorded as pulled) and the pulled files in `out/`. */
export async function scaleCampaign(count, prefix = "reelform-bench-scale-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const manifestPath = join(dir, "s.yaml");
  writeFileSync(manifestPath, scaleManifestYaml(count));
  const identity = await identities(manifestPath, dir, count);
  await writeScaleLockfile(join(dir, "s.lock.json"), count, { identity, pulled: true });
  writePulledFiles(dir, count);
  return dir;
}
