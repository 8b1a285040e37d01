// The gateway provider: the Bearer-token HTTP client (src/api: sendJson, and create.ts / query.ts / endpoint.ts,
// which map an HTTP answer to an outcome) behind the Provider seam. HTTP stays on this side of the seam.
// The gateway documents no route that lists tasks by session_id (docs/api.md), so it cannot find one.
import { createTask } from "../api/create.js";
import { queryTask } from "../api/query.js";
import type { ApiConfig } from "../api/types.js";
import type { Clock } from "../sched/clock.js";
import type { Provider } from "./types.js";

/** `clock` dates a Retry-After given as an HTTP date. */
export function gatewayProvider(config: ApiConfig, clock: Pick<Clock, "now">): Provider {
  return {
    name: "gateway",
    // Gateway entries carry no provider field: absent means gateway, so lockfiles written before providers
    // existed read the same, and a gateway-only project sees no change in its lockfile.
    origin: {},
    create: (body, signal) => createTask(config, body, { signal, now: () => clock.now() }),
    query: (taskId, signal, now) => queryTask(config, taskId, { signal, now: now ?? clock.now() }),
  };
}
