// `reelform render` on stdout: each request's key and exact JSON body, or one JSON array in expansion order
// (--json). Streamed in chunks: a campaign of 100,000 requests is not built as one string.
import type { CommandContext } from "../command-context.js";
import type { ExpandedRequest } from "../expand/types.js";
import { safeJson, safeText } from "../util/safe-text.js";
import { ChunkedWriter } from "./chunked-writer.js";

export async function printRequests(
  ctx: Pick<CommandContext, "stdout">,
  requests: readonly ExpandedRequest[],
  json: boolean,
): Promise<void> {
  const out = new ChunkedWriter(ctx.stdout);
  if (json) await writeJson(out, requests);
  else await writeText(out, requests);
  await out.flush();
}

async function writeJson(out: ChunkedWriter, requests: readonly ExpandedRequest[]): Promise<void> {
  out.write("[");
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i] as ExpandedRequest;
    const element = safeJson(JSON.stringify({ key: r.key, video: r.video, vars: r.vars, hash: r.hash, body: r.body }));
    const waiting = out.write(i === 0 ? `\n${element}` : `,\n${element}`);
    if (waiting) await waiting;
  }
  out.write(requests.length > 0 ? "\n]\n" : "]\n");
}

async function writeText(out: ChunkedWriter, requests: readonly ExpandedRequest[]): Promise<void> {
  for (const r of requests) {
    const waiting = out.write(`# ${safeText(r.key)}\n${safeJson(JSON.stringify(r.body, null, 2))}\n\n`);
    if (waiting) await waiting;
  }
}
