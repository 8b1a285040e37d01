import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerApiRequest, type Action } from "./api-pipeline.js";
import { SharedBandwidth } from "./bandwidth.js";
import { applyConfigPatch, type ConfigPatch, type RuntimeConfig } from "./config.js";
import type { SimContext } from "./context.js";
import { pickLatency } from "./duration.js";
import type { FaultDecision } from "./faults.js";
import { readBody } from "../util/read-body.js";
import { BODY_LIMIT, send } from "./http-io.js";
import { ProcessingSlots } from "./lifecycle.js";
import { fixedSettings, initialConfig, type SimulatorOptions } from "./options.js";
import { randomStreams } from "./prng.js";
import { RateWindow } from "./rate-window.js";
import { gatewayError } from "./replies.js";
import { logRequest } from "./request-log.js";
import { serveSim, type AdminTools } from "./routes/admin.js";
import { routeApi } from "./routes/api.js";
import type { RawRequest } from "./routes/raw-request.js";
import { SimStore, type AdminState } from "./store.js";
import { systemClock } from "../sched/clock.js";

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:41234 — use as REELFORM_BASE_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Tasks, requests and injected faults so far, and the current fault configuration. */
  state(): SimulatorState;
  /** Changes fault settings at runtime; throws on an invalid setting. */
  configure(patch: ConfigPatch): void;
}

export interface SimulatorState extends AdminState {
  config: RuntimeConfig;
}

interface ServeTools extends AdminTools {
  later(ms: number): Promise<void>;
}

/** Starts the local gateway simulator (Node's http) and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const ctx = createContext(options);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });
  const bandwidth = options.bandwidth ? new SharedBandwidth(options.bandwidth, later, ctx.now) : undefined;
  const tools: ServeTools = {
    later,
    ...(bandwidth ? { sendFile: (res, reply, method) => bandwidth.send(res, reply, method) } : {}),
    state: () => ({ ...ctx.store.snapshot(ctx.now()), config: structuredClone(ctx.runtime.config) }),
    configure: (patch) => {
      const result = applyConfigPatch(ctx.runtime.config, patch);
      if (result.ok) ctx.runtime.config = result.config;
      return result;
    },
  };
  const server = createServer((req, res) => {
    serve(ctx, req, res, tools).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, gatewayError(500, "simulator_bug", `simulator internal error: ${String(error)}`), req.method);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const configure = (patch: ConfigPatch): void => {
    const result = tools.configure(patch);
    if (!result.ok) throw new Error(`simulator: ${result.error}`);
  };
  return { url: `http://${urlHost(options.host)}:${port}`, port, state: tools.state, configure, close };
}

function createContext(options: SimulatorOptions): SimContext {
  return {
    store: new SimStore(),
    runtime: { config: initialConfig(options) },
    fixed: fixedSettings(options),
    random: randomStreams(options.seed ?? 1),
    slots: new ProcessingSlots(options.processingSlots ?? Infinity),
    rateWindow: new RateWindow(),
    now: options.now ?? systemClock.now,
  };
}

/** The host to print: a wildcard bind is reached on loopback. */
function urlHost(host: string | undefined): string {
  const reachable = host && host !== "0.0.0.0" && host !== "::" ? host : "127.0.0.1";
  return reachable.includes(":") ? `[${reachable}]` : reachable;
}

async function serve(ctx: SimContext, req: IncomingMessage, res: ServerResponse, tools: ServeTools): Promise<void> {
  const raw: RawRequest = {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    headers: req.headers,
    body: await readBody(req, BODY_LIMIT),
  };
  // A real API's rate limit counts a request when it arrives, not after the latency this server adds.
  const arrivedAt = ctx.now();
  if (raw.path.startsWith("/__sim/")) return serveSim(ctx, raw, res, tools);
  // FileUrl points back at whatever address the client used to reach us.
  const routed = routeApi(ctx, raw, `http://${req.headers.host ?? "127.0.0.1"}`);
  if (routed.kind === "reply") {
    logRequest(ctx, raw, routed.reply);
    return send(res, routed.reply, raw.method);
  }
  await tools.later(pickLatency(ctx.runtime.config.latency, ctx.random.latency));
  const { action, fault } = answerApiRequest(ctx, routed.request, arrivedAt);
  await perform(ctx, raw, res, action, fault, tools);
}

async function perform(
  ctx: SimContext,
  raw: RawRequest,
  res: ServerResponse,
  action: Action,
  fault: FaultDecision | undefined,
  tools: ServeTools,
): Promise<void> {
  if (action.kind === "hang-up") {
    logRequest(ctx, raw, action, fault);
    res.socket?.destroy();
    return;
  }
  logRequest(ctx, raw, action.reply, fault);
  if (action.delayMs) await tools.later(action.delayMs);
  if (!res.destroyed && !res.writableEnded) send(res, action.reply, raw.method);
}
