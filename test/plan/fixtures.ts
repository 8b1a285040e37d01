// Hand-built expanded manifests and lockfiles for plan tests (no compileManifest involved).
import type { ExpandedManifest, ExpandedRequest } from "../../src/expand/types.js";
import type { LockEntry, Lockfile } from "../../src/lockfile/types.js";
import { deriveSessionId } from "../../src/plan/session-id.js";
import { hashBody, type JsonObject } from "../../src/util/canonical-json.js";

export const CAMPAIGN = "spring-launch";

export function body(prompt: string, extra: JsonObject = {}): JsonObject {
  return {
    model_name: "Kling",
    model_version: "2.1",
    prompt,
    output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, storage_mode: "Permanent" },
    ...extra,
  };
}

export function request(key: string, requestBody: JsonObject, line = 10): ExpandedRequest {
  const config = requestBody.output_config as JsonObject | undefined;
  const seconds = typeof config?.duration === "number" ? config.duration : 5;
  return {
    key,
    video: "hero-{{product}}",
    vars: {},
    hash: hashBody(requestBody),
    body: requestBody,
    seconds,
    origin: { file: "manifests/launch.yaml", line, col: 5 },
  };
}

export function expanded(requests: ExpandedRequest[], settings: ExpandedManifest["settings"] = {}): ExpandedManifest {
  return {
    campaign: CAMPAIGN,
    manifestPath: "manifests/launch.yaml",
    lockfilePath: "manifests/launch.lock.json",
    requests,
    inputs: [{ role: "manifest", path: "manifests/launch.yaml", sha256: "0".repeat(64) }],
    settings,
    warnings: [],
  };
}

/** What apply records after a successful submission of this body. */
export function recorded(key: string, requestBody: JsonObject, overrides: Partial<LockEntry> = {}): LockEntry {
  const generation = overrides.generation ?? 1;
  const hash = hashBody(requestBody);
  const session_id = deriveSessionId(CAMPAIGN, key, hash, generation);
  return {
    hash,
    generation,
    session_id,
    submission: "created",
    task_id: `1500000-AigcVideoTask-${key}`,
    request_id: "req-1",
    submitted_at: "2026-05-01T10:00:00.000Z",
    body: { ...requestBody, session_id },
    ...overrides,
  };
}

export function lockfile(entries: Record<string, LockEntry>, campaign = CAMPAIGN): Lockfile {
  return { format_version: 1, campaign, entries };
}
