import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerApiRequest, type Action } from "./api-pipeline.js";
import { applyConfigPatch, type ConfigPatch, type RuntimeConfig } from "./config.js";
import type { SimContext } from "./context.js";
import { pickLatency } from "./duration.js";
import type { FaultDecision } from "./faults.js";
import { ProcessingSlots } from "./lifecycle.js";
import { fixedSettings, initialConfig, type SimulatorOptions } from "./options.js";
import { randomStreams } from "./prng.js";
import { RateWindow } from "./rate-window.js";
import { gatewayError, type Reply } from "./replies.js";
import { handleFile } from "./routes/files.js";
import { routeApi, type RawRequest } from "./routes/api.js";
import { isoTime, SimStore, type AdminState } from "./store.js";

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

/** Starts the local gateway simulator (Node's http) and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const ctx: SimContext = {
    store: new SimStore(),
    runtime: { config: initialConfig(options) },
    fixed: fixedSettings(options),
    random: randomStreams(options.seed ?? 1),
    slots: new ProcessingSlots(options.processingSlots ?? Infinity),
    rateWindow: new RateWindow(),
    now: options.now ?? Date.now,
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });
  const state = (): SimulatorState => ({ ...ctx.store.snapshot(ctx.now()), config: structuredClone(ctx.runtime.config) });
  const configure = (patch: ConfigPatch): void => {
    const result = applyConfigPatch(ctx.runtime.config, patch);
    if (!result.ok) throw new Error(`simulator: ${result.error}`);
    ctx.runtime.config = result.config;
  };
  const server = createServer((req, res) => {
    serve(ctx, req, res, { later, state, configure }).catch((error: unknown) => {
      if (!res.headersSent) send(res, gatewayError(500, "simulator_bug", `simulator internal error: ${String(error)}`), req.method);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    state,
    configure,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ServeTools {
  later(ms: number): Promise<void>;
  state(): SimulatorState;
  configure(patch: ConfigPatch): void;
}

async function serve(ctx: SimContext, req: IncomingMessage, res: ServerResponse, tools: ServeTools): Promise<void> {
  const raw: RawRequest = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0] ?? "/", headers: req.headers, body: await readBody(req) };
  const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
  if (raw.path.startsWith("/__sim/")) return serveSim(ctx, raw, res, tools);
  const routed = routeApi(ctx, raw, origin);
  if (routed.kind === "reply") {
    log(ctx, raw, routed.reply.outcome, undefined, routed.reply.taskId);
    return send(res, routed.reply, raw.method);
  }
  await tools.later(pickLatency(ctx.runtime.config.latency, ctx.random.latency));
  const { action, fault } = answerApiRequest(ctx, routed.request);
  await perform(ctx, raw, res, action, fault, tools);
}

async function perform(ctx: SimContext, raw: RawRequest, res: ServerResponse, action: Action, fault: FaultDecision | undefined, tools: ServeTools): Promise<void> {
  const taskId = action.kind === "hang-up" ? action.taskId : action.reply.taskId;
  const outcome = action.kind === "hang-up" ? action.outcome : action.reply.outcome;
  log(ctx, raw, outcome, fault, taskId);
  if (action.kind === "hang-up") {
    res.socket?.destroy();
    return;
  }
  if (action.delayMs) await tools.later(action.delayMs);
  if (!res.destroyed && !res.writableEnded) send(res, action.reply, raw.method);
}

function serveSim(ctx: SimContext, raw: RawRequest, res: ServerResponse, tools: ServeTools): void {
  const file = /^\/__sim\/files\/([^/]+)\.mp4$/.exec(raw.path);
  if (file && (raw.method === "GET" || raw.method === "HEAD")) {
    const range = typeof raw.headers.range === "string" ? raw.headers.range : undefined;
    const reply = handleFile(ctx, decodeURIComponent(file[1] ?? ""), range);
    log(ctx, raw, reply.outcome, undefined, reply.taskId);
    return send(res, reply, raw.method);
  }
  if (raw.path === "/__sim/state" && raw.method === "GET") return send(res, { status: 200, body: tools.state(), outcome: "state" }, raw.method);
  if (raw.path === "/__sim/config" && raw.method === "POST") return send(res, updateConfig(raw.body, tools), raw.method);
  send(res, gatewayError(404, "not_found", `No simulator endpoint ${raw.method} ${raw.path}`, "invalid_request_error"), raw.method);
}

function updateConfig(body: string, tools: ServeTools): Reply {
  try {
    tools.configure(JSON.parse(body || "{}") as ConfigPatch);
    return { status: 200, body: { config: tools.state().config }, outcome: "configured" };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^simulator: /, "") : String(error);
    return gatewayError(400, "invalid_config", message, "invalid_request_error");
  }
}

function log(ctx: SimContext, raw: RawRequest, outcome: string, fault: FaultDecision | undefined, taskId: string | undefined): void {
  const at = isoTime(ctx.now());
  const sessionId = sessionIdOf(raw.body);
  ctx.store.requests.push({
    at,
    method: raw.method,
    path: raw.path,
    ...(sessionId ? { session_id: sessionId } : {}),
    ...(taskId ? { task_id: taskId } : {}),
    outcome,
    ...(fault ? { fault: fault.kind } : {}),
  });
  if (fault) {
    ctx.store.faults.push({ ...fault, at, method: raw.method, path: raw.path, ...(sessionId ? { session_id: sessionId } : {}), ...(taskId ? { task_id: taskId } : {}) });
  }
}

function sessionIdOf(body: string): string | undefined {
  if (!body.includes("session_id")) return undefined;
  try {
    const value = (JSON.parse(body) as { session_id?: unknown }).session_id;
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply, method: string | undefined): void {
  const raw = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
  const type = Buffer.isBuffer(reply.body) ? {} : { "content-type": "application/json; charset=utf-8" };
  res.writeHead(reply.status, { ...type, ...reply.headers, "content-length": String(raw.length) });
  res.end(method === "HEAD" ? undefined : raw);
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
