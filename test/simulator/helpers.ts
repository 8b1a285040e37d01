import { afterEach } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../src/simulator/index.js";

const CREATE = "/tencent-vod/v1/aigc-video";
export const KEY = "sim-key";

/** A valid create body; override fields per scenario. */
export function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model_name: "Kling",
    model_version: "2.1",
    prompt: "a sneaker resting on marble",
    output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, storage_mode: "Temporary" },
    ...overrides,
  };
}

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** Starts a simulator on 127.0.0.1:0, closed after the test. */
export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator & { api: Api }> {
  const sim = await startSimulator({ createRatePerSecond: 0, ...options });
  running.push(sim);
  return Object.assign(sim, { api: api(sim.url) });
}

/** A clock the test moves by hand, so lifecycle scenarios need no sleeping. */
export function manualClock(start = Date.UTC(2026, 10, 24, 3, 0, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

interface Answer {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Api {
  create(b: unknown, init?: { key?: string | null; signal?: AbortSignal }): Promise<Answer>;
  query(taskId: string, key?: string): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

function api(url: string): Api {
  const call = async (path: string, init: RequestInit): Promise<Answer> => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
  };
  return {
    create: (b, init = {}) => {
      const key = init.key === undefined ? KEY : init.key;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      return call(CREATE, {
        method: "POST",
        headers,
        body: typeof b === "string" ? b : JSON.stringify(b),
        signal: init.signal ?? null,
      });
    },
    query: (taskId, key = KEY) =>
      call(`/tencent-vod/v1/query/${taskId}`, { headers: { authorization: `Bearer ${key}` } }),
    get: (path, headers = {}) => fetch(`${url}${path}`, { headers }),
  };
}
