// The --serve endpoint's guards, over a real socket: token, Host, Origin, content type, and files only
// from inside the pull folder.
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileInside } from "../../src/review/serve-file.js";
import { startReviewServer, VerdictRefusal, type RunningReviewServer } from "../../src/review/server.js";

const TOKEN = "t0ken-abc";
let server: RunningReviewServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(received: unknown[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "reelform-serve-"));
  writeFileSync(join(dir, "clip.mp4"), Buffer.from("0123456789"));
  server = await startReviewServer({
    port: 0,
    token: TOKEN,
    page: async () => "<!doctype html><title>page</title>",
    file: (rel) => fileInside(dir, rel),
    verdict: async (body) => {
      if ((body as { key?: string }).key === "nope") throw new VerdictRefusal("unknown key");
      received.push(body);
      return { verdict: body };
    },
  });
  return { base: server.url, origin: new URL(server.url).origin, received };
}

/** A raw request, so Host and Origin can be anything (fetch would not let a test forge Host). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", fail);
    req.end(options.body);
  });
}

const json = { "content-type": "application/json" };
const verdict = JSON.stringify({ key: "k", generation: 1, verdict: "approved" });

describe("review --serve endpoint", () => {
  it("binds 127.0.0.1 and serves the page only under the token", async () => {
    const { base, origin } = await serve();
    expect(base).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${TOKEN}/$`));
    expect((await raw(base)).status).toBe(200);
    expect((await raw(`${origin}/`)).status).toBe(403);
    expect((await raw(`${origin}/t0ken-abd/`)).status).toBe(403);
  });

  it("says plainly when the port is taken", async () => {
    const { base } = await serve();
    const port = Number(new URL(base).port);
    await expect(
      startReviewServer({ port, token: TOKEN, page: async () => "", file: () => undefined, verdict: async () => ({}) }),
    ).rejects.toThrow(
      `cannot serve the review page on 127.0.0.1:${port}: the port is in use (leave out --port for a free one)`,
    );
  });

  it("refuses verdicts without the token, from another origin, not as JSON, or for another Host", async () => {
    const { base, origin, received } = await serve();
    expect((await raw(`${origin}/api/verdict`, { method: "POST", headers: json, body: verdict })).status).toBe(403);
    expect(
      (
        await raw(`${base}api/verdict`, {
          method: "POST",
          headers: { ...json, origin: "https://evil.example" },
          body: verdict,
        })
      ).status,
    ).toBe(403);
    expect(
      (await raw(`${base}api/verdict`, { method: "POST", headers: { "content-type": "text/plain" }, body: verdict }))
        .status,
    ).toBe(415);
    expect(
      (await raw(`${base}api/verdict`, { method: "POST", headers: { ...json, host: "evil.example" }, body: verdict }))
        .status,
    ).toBe(403);
    expect((await raw(`${base}api/verdict`, { method: "POST", headers: json, body: "{" })).status).toBe(400);
    expect(
      (await raw(`${base}api/verdict`, { method: "POST", headers: json, body: JSON.stringify({ key: "nope" }) })).body,
    ).toContain("unknown key");
    expect(received).toEqual([]);
    const ok = await raw(`${base}api/verdict`, { method: "POST", headers: { ...json, origin }, body: verdict });
    expect(ok.status).toBe(200);
    expect(received).toEqual([JSON.parse(verdict)]);
  });

  it("serves pulled files with Range, and nothing outside the pull folder", async () => {
    const { base } = await serve();
    const whole = await raw(`${base}files/clip.mp4`);
    expect([whole.status, whole.body, whole.headers["content-type"]]).toEqual([200, "0123456789", "video/mp4"]);
    const part = await raw(`${base}files/clip.mp4`, { headers: { range: "bytes=2-4" } });
    expect([part.status, part.body, part.headers["content-range"]]).toEqual([206, "234", "bytes 2-4/10"]);
    expect((await raw(`${base}files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await raw(`${base}files/missing.mp4`)).status).toBe(404);
    expect((await raw(`${base}files/%E0%A4%A`)).status).toBe(404);
    expect(fileInside("/srv/out", "../secret")).toBeUndefined();
    expect(fileInside("/srv/out", "/etc/passwd")).toBeUndefined();
    expect(fileInside("/srv/out", "")).toBeUndefined();
    expect(fileInside("/srv/out", "shoot/a.mp4")).toBe("/srv/out/shoot/a.mp4");
  });
});
