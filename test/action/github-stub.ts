// A local stand-in for the few GitHub REST routes the Action calls (GITHUB_API_URL points at it).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "../../src/util/read-body.js";

export interface StubComment {
  id: number;
  body: string;
}

export interface GithubStub {
  url: string;
  comments: StubComment[];
  requests: { method: string; path: string; authorization: string | undefined }[];
  changedFiles: string[];
  /** Answer every write with this status (a fork's read-only token: 403). */
  failWrites?: number;
  close(): Promise<void>;
}

export async function startGithubStub(repository: string, number: number): Promise<GithubStub> {
  const stub = { comments: [] as StubComment[], requests: [] as GithubStub["requests"], changedFiles: [] as string[], failWrites: undefined as number | undefined };
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    void readBody(req, { maxBytes: 1024 * 1024, whenLarger: "refuse" }).then((text) => {
      const url = new URL(req.url ?? "/", "http://stub");
      stub.requests.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization });
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      const page = Number(url.searchParams.get("page") ?? "1");
      const base = `/repos/${repository}`;
      if (req.method !== "GET" && stub.failWrites) return send(stub.failWrites, { message: "Resource not accessible by integration" });
      if (req.method === "GET" && url.pathname === `${base}/pulls/${number}/files`) return send(200, page === 1 ? stub.changedFiles.map((filename) => ({ filename })) : []);
      if (req.method === "GET" && url.pathname === `${base}/issues/${number}/comments`) return send(200, page === 1 ? stub.comments : []);
      if (req.method === "POST" && url.pathname === `${base}/issues/${number}/comments`) {
        const comment = { id: nextId++, body: (JSON.parse(text) as { body: string }).body };
        stub.comments.push(comment);
        return send(201, comment);
      }
      const patch = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(url.pathname);
      const existing = patch && stub.comments.find((c) => c.id === Number(patch[1]));
      if (req.method === "PATCH" && existing) {
        existing.body = (JSON.parse(text) as { body: string }).body;
        return send(200, existing);
      }
      send(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(stub, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
