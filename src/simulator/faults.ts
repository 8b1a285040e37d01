import type { Random } from "./prng.js";

/**
 * When one fault fires. Deterministic triggers come first (a marker in the prompt, then "the next N
 * requests"), then the probability, rolled on the seeded stream.
 */
interface FaultRule {
  probability?: number;
  /** Fire on the next N matching requests (counts down as it fires). */
  next?: number;
  /** Fire whenever the prompt (of the create body, or of the queried task) contains this text. */
  marker?: string;
  /** Which requests the rule watches; default "create". */
  on?: "create" | "query" | "both";
}

export interface FaultSettings {
  /** 429 gateway-style, with Retry-After (seconds, default 1). */
  http429: FaultRule & { retryAfterSeconds?: number };
  /** 5xx gateway-style body (status default 502). */
  http5xx: FaultRule & { status?: number };
  /** A Tencent-style error in an HTTP 200 body (code default InternalError; e.g. RequestLimitExceeded). */
  tencentError200: FaultRule & { code?: string };
  /** Task-relay shape {"code","message","data"} with a non-2xx status (default 500). */
  relayError: FaultRule & { status?: number; code?: string };
  /** The socket is destroyed before anything is processed: no task. */
  reset: FaultRule;
  /** The task IS created, then the socket is destroyed: the client never learns the TaskId. */
  lostResponse: FaultRule;
  /** The task IS created, and the answer comes after delayMs (default 65 s, past a 60 s client timeout). */
  slow: FaultRule & { delayMs?: number };
  /** 401 gateway-style, whatever the key. */
  auth: FaultRule;
  /** 403 insufficient_user_quota. */
  quota: FaultRule;
}

export type FaultKind = keyof FaultSettings;

/** Checked in this order: a request the gateway refuses never reaches the "server" faults. */
export const FAULT_KINDS: FaultKind[] = [
  "auth",
  "quota",
  "http429",
  "http5xx",
  "relayError",
  "tencentError200",
  "reset",
  "lostResponse",
  "slow",
];

/** The transient faults `--fail-rate` spreads its probability over (lost and slow answers only on request). */
const TRANSIENT_KINDS: FaultKind[] = ["http429", "http5xx", "relayError", "tencentError200", "reset"];

export function noFaults(): FaultSettings {
  return {
    http429: {},
    http5xx: {},
    tencentError200: {},
    relayError: {},
    reset: {},
    lostResponse: {},
    slow: {},
    auth: {},
    quota: {},
  };
}

export interface FaultRequest {
  route: "create" | "query";
  prompt: string | undefined;
}

export interface FaultDecision {
  kind: FaultKind;
  trigger: "marker" | "next" | "probability" | "fail-rate";
}

/** Picks the fault for one request, or none; counts down "next" triggers it consumes. */
export function decideFault(
  faults: FaultSettings,
  failRate: number,
  request: FaultRequest,
  random: Random,
): FaultDecision | undefined {
  const watching = FAULT_KINDS.filter((kind) => watches(faults[kind], request.route));
  for (const kind of watching) {
    const marker = faults[kind].marker;
    if (marker && request.prompt?.includes(marker)) return { kind, trigger: "marker" };
  }
  for (const kind of watching) {
    const rule = faults[kind];
    if (rule.next && rule.next > 0) {
      rule.next -= 1;
      return { kind, trigger: "next" };
    }
  }
  for (const kind of watching) {
    const p = faults[kind].probability ?? 0;
    if (p > 0 && random() < p) return { kind, trigger: "probability" };
  }
  if (failRate > 0 && random() < failRate) {
    const kind = TRANSIENT_KINDS[Math.floor(random() * TRANSIENT_KINDS.length)] ?? "http5xx";
    return { kind, trigger: "fail-rate" };
  }
  return undefined;
}

function watches(rule: FaultRule, route: "create" | "query"): boolean {
  const on = rule.on ?? "create";
  return on === "both" || on === route;
}
