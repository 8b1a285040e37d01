// A local stand-in for the few GitHub REST routes the Action calls (GITHUB_API_URL points at it): a pull
// request's files and comments (each comment with its author), the pull requests of a commit, and GET /user
// (403, as for the GITHUB_TOKEN of an Action run).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "../../src/util/read-body.js";

const BOT_LOGIN = "github-actions[bot]";

interface StubComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

interface StubPull {
  files: string[];
  comments: StubComment[];
}

export interface GithubStub {
  url: string;
  /** The comments and changed files of the stub's default pull request. */
  comments: StubComment[];
  changedFiles: string[];
  /** Every pull request by number (the default one included). */
  pull(number: number): StubPull;
  /** A comment written by someone else (the Action must never take it for its own). */
  addForeignComment(number: number, body: string, login?: string): StubComment;
  /** GET /commits/{sha}/pulls: the merged pull request each merge commit came from. */
  mergedAs(sha: string, number: number): void;
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** Answer every write with this status (a fork's read-only token: 403). */
  failWrites?: number;
  close(): Promise<void>;
}

export async function startGithubStub(repository: string, number: number): Promise<GithubStub> {
  const pulls = new Map<number, StubPull>();
  const pull = (n: number): StubPull => {
    let p = pulls.get(n);
    if (!p) pulls.set(n, (p = { files: [], comments: [] }));
    return p;
  };
  const commits = new Map<string, number>();
  let nextId = 1000;
  const stub = {
    get comments() {
      return pull(number).comments;
    },
    get changedFiles() {
      return pull(number).files;
    },
    set changedFiles(files: string[]) {
      pull(number).files = files;
    },
    pull,
    addForeignComment(n: number, body: string, login = "mallory") {
      const comment = { id: nextId++, body, user: { login, type: "User" } };
      pull(n).comments.push(comment);
      return comment;
    },
    mergedAs(sha: string, n: number) {
      commits.set(sha, n);
    },
    requests: [] as GithubStub["requests"],
    failWrites: undefined as number | undefined,
  };
  const server: Server = createServer((req, res) => {
    void readBody(req, { maxBytes: 1024 * 1024, whenLarger: "refuse" }).then((text) => {
      const url = new URL(req.url ?? "/", "http://stub");
      stub.requests.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization });
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      const page = Number(url.searchParams.get("page") ?? "1");
      const base = `/repos/${repository}`;
      const route = (pattern: string): RegExpExecArray | null => new RegExp(`^${base}${pattern}$`).exec(url.pathname);
      if (req.method !== "GET" && stub.failWrites)
        return send(stub.failWrites, { message: "Resource not accessible by integration" });
      if (req.method === "GET" && url.pathname === "/user")
        return send(403, { message: "Resource not accessible by integration" });
      let m: RegExpExecArray | null;
      if (req.method === "GET" && (m = route("/pulls/(\\d+)/files")))
        return send(200, page === 1 ? pull(Number(m[1])).files.map((filename) => ({ filename })) : []);
      if (req.method === "GET" && (m = route("/issues/(\\d+)/comments")))
        return send(200, page === 1 ? pull(Number(m[1])).comments : []);
      if (req.method === "POST" && (m = route("/issues/(\\d+)/comments"))) {
        const comment = {
          id: nextId++,
          body: (JSON.parse(text) as { body: string }).body,
          user: { login: BOT_LOGIN, type: "Bot" },
        };
        pull(Number(m[1])).comments.push(comment);
        return send(201, comment);
      }
      if (req.method === "GET" && (m = route("/commits/([0-9a-f]+)/pulls"))) {
        const n = commits.get(m[1]!);
        return send(
          200,
          page === 1 && n !== undefined
            ? [{ number: n, merged_at: "2026-12-07T16:00:00Z", merge_commit_sha: m[1] }]
            : [],
        );
      }
      const existing =
        (m = route("/issues/comments/(\\d+)")) &&
        [...pulls.values()].flatMap((p) => p.comments).find((c) => c.id === Number(m![1]));
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
  }) as GithubStub;
}
