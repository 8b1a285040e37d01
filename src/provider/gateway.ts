// The gateway provider: today's Bearer-token client (src/api), unchanged, behind the Provider seam.
// The gateway documents no route that lists tasks by session_id (docs/api.md), so it cannot find one.
import { createTask } from "../api/create.js";
import { queryTask } from "../api/query.js";
import type { ApiConfig } from "../api/types.js";
import type { Provider } from "./types.js";

export function gatewayProvider(config: ApiConfig): Provider {
  return {
    name: "gateway",
    // Gateway entries carry no provider field: absent means gateway, so lockfiles written before providers
    // existed read the same, and a gateway-only project sees no change in its lockfile.
    origin: {},
    create: (body, signal) => createTask(config, body, { signal }),
    query: (taskId, signal, now) => queryTask(config, taskId, { signal, ...(now === undefined ? {} : { now }) }),
  };
}
