import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cliEnv } from "../e2e/apply-helpers.js";
import { SIM_TENCENT_CREDENTIALS } from "../../src/simulator/options.js";

/** The CLI's environment for the tencent provider against a simulator (its demo credentials unless given). */
export function tencentEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = cliEnv(url, {
    REELFORM_PROVIDER: "tencent",
    REELFORM_TENCENT_ENDPOINT: url,
    TENCENTCLOUD_SECRET_ID: SIM_TENCENT_CREDENTIALS.secretId,
    TENCENTCLOUD_SECRET_KEY: SIM_TENCENT_CREDENTIALS.secretKey,
    ...extra,
  });
  delete env.REELFORM_API_KEY; // the tencent provider needs no gateway key
  return env;
}

/** A loopback proxy that changes one character of each TC3 signature on its way to `target`. */
export async function tamperingProxy(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    const auth = String(headers.authorization ?? "");
    headers.authorization = auth.replace(
      /Signature=([0-9a-f])/,
      (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`,
    );
    const forward = request(`${target}${req.url ?? "/"}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
