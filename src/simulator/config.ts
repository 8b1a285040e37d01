import { parseLatency, type Latency } from "./duration.js";
import { FAULT_KINDS, type FaultKind, type FaultSettings } from "./faults.js";
import { isRecord } from "./validation/refusal.js";

/** Everything that can change while the simulator runs (configure() and POST /__sim/config). */
export interface RuntimeConfig {
  faults: FaultSettings;
  /** Probability of a random transient fault per API request (`--fail-rate`). */
  failRate: number;
  /** Create requests per second before 429 with Retry-After; 0 = no limit. */
  createRatePerSecond: number;
  latency: Latency;
}

/**
 * A change: each fault kind given replaces that kind's rule ({} or null clears it); other keys replace
 * their value. latency may be ms, a {minMs, maxMs} range, or text ("200ms", "100-300ms").
 */
export type ConfigPatch = { [K in FaultKind]?: FaultSettings[K] | null } & {
  failRate?: number;
  createRatePerSecond?: number;
  latency?: Latency | string;
};

export type PatchResult = { ok: true; config: RuntimeConfig } | { ok: false; error: string };

const RULE_FIELDS = ["probability", "next", "marker", "on", "retryAfterSeconds", "status", "code", "delayMs"];

/** Applies a patch (validated field by field, so a typo in a test's config fails loudly) to a copy. */
export function applyConfigPatch(current: RuntimeConfig, patch: unknown): PatchResult {
  if (!isRecord(patch)) return { ok: false, error: "the configuration must be a JSON object" };
  const next: RuntimeConfig = { ...current, faults: { ...current.faults } };
  for (const [key, value] of Object.entries(patch)) {
    const error = (FAULT_KINDS as string[]).includes(key)
      ? setRule(next, key as FaultKind, value)
      : setScalar(next, key, value);
    if (error) return { ok: false, error };
  }
  return { ok: true, config: next };
}

function setRule(config: RuntimeConfig, kind: FaultKind, value: unknown): string | undefined {
  if (value === null) {
    config.faults[kind] = {};
    return undefined;
  }
  if (!isRecord(value)) return `${kind} must be an object like {"probability": 0.1} or {"next": 2}`;
  const unknown = Object.keys(value).find((k) => !RULE_FIELDS.includes(k));
  if (unknown) return `${kind}.${unknown} is not a fault setting (${RULE_FIELDS.join(", ")})`;
  const error = ruleError(kind, value);
  if (error) return error;
  config.faults[kind] = { ...value } as FaultSettings[typeof kind];
  return undefined;
}

function ruleError(kind: string, rule: Record<string, unknown>): string | undefined {
  if (rule.probability !== undefined && !isProbability(rule.probability))
    return `${kind}.probability must be a number from 0 to 1`;
  for (const field of ["next", "retryAfterSeconds", "status", "delayMs"]) {
    const v = rule[field];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0))
      return `${kind}.${field} must be a whole number`;
  }
  for (const field of ["marker", "code"]) {
    if (rule[field] !== undefined && (typeof rule[field] !== "string" || rule[field] === ""))
      return `${kind}.${field} must be a non-empty string`;
  }
  if (rule.on !== undefined && !["create", "query", "both"].includes(rule.on as string))
    return `${kind}.on must be create, query or both`;
  return undefined;
}

function setScalar(config: RuntimeConfig, key: string, value: unknown): string | undefined {
  if (key === "failRate") {
    if (!isProbability(value)) return "failRate must be a number from 0 to 1";
    config.failRate = value;
  } else if (key === "createRatePerSecond") {
    if (typeof value !== "number" || !(value >= 0)) return "createRatePerSecond must be a number of at least 0";
    config.createRatePerSecond = value;
  } else if (key === "latency") {
    const latency = toLatency(value);
    if (typeof latency === "string") return latency;
    config.latency = latency;
  } else {
    return `unknown setting "${key}" (fault kinds: ${FAULT_KINDS.join(", ")}; failRate, createRatePerSecond, latency)`;
  }
  return undefined;
}

function toLatency(value: unknown): Latency | string {
  if (typeof value === "number" && value >= 0) return value;
  if (typeof value === "string") {
    const parsed = parseLatency(value);
    return parsed.ok ? parsed.latency : parsed.error;
  }
  if (
    isRecord(value) &&
    typeof value.minMs === "number" &&
    typeof value.maxMs === "number" &&
    value.minMs <= value.maxMs
  ) {
    return { minMs: value.minMs, maxMs: value.maxMs };
  }
  return "latency must be milliseconds, {minMs, maxMs} or text like 100ms-300ms";
}

function isProbability(value: unknown): value is number {
  return typeof value === "number" && value >= 0 && value <= 1;
}
