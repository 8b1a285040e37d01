// A gateway that reelform does not control, on 127.0.0.1: each test decides how it answers create and
// query requests (echo the key, send a 5 MB TaskId, stream forever, forge log lines).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface SeenCall {
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, nth: number, body: string) => void;

export interface HostileGateway {
  url: string;
  calls: SeenCall[];
  close(): Promise<void>;
}

export async function hostileGateway(handlers: { create?: Handler; query?: Handler }): Promise<HostileGateway> {
  const calls: SeenCall[] = [];
  let creates = 0;
  let queries = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      calls.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body });
      if (req.method === "POST" && handlers.create) handlers.create(req, res, ++creates, body);
      else if (req.method === "GET" && req.url?.startsWith("/tencent-vod/v1/query/") && handlers.query)
        handlers.query(req, res, ++queries, body);
      else res.writeHead(404).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with this JSON text as written (so a test can send escapes JSON.stringify would not). */
export function rawJson(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" }).end(text);
}

export function json(res: ServerResponse, value: unknown, status = 200): void {
  rawJson(res, JSON.stringify(value), status);
}

/** A chunked body that never ends (until the client goes away): by default, a TaskId without end. */
export function endlessBody(
  res: ServerResponse,
  start = '{"Response": {"TaskId": "',
  contentType = "application/json",
): void {
  res.writeHead(200, { "content-type": contentType });
  const chunk = Buffer.alloc(64 * 1024, "x");
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.write(start);
  pump();
}

/** The created answer of a well-behaved gateway. */
export function created(res: ServerResponse, taskId: string): void {
  json(res, { Response: { TaskId: taskId, RequestId: "req-1" } });
}

/** A finished task as DescribeTaskDetail reports it. */
export function finishedTask(taskId: string, url: string): unknown {
  return {
    Response: {
      TaskType: "AigcVideoTask",
      Status: "FINISH",
      RequestId: "q-1",
      AigcVideoTask: {
        TaskId: taskId,
        Status: "FINISH",
        Progress: 100,
        ErrCode: 0,
        ErrCodeExt: "",
        Message: "",
        Output: { FileInfos: [{ FileUrl: url, FileType: "mp4", StorageMode: "Permanent" }] },
      },
    },
  };
}
