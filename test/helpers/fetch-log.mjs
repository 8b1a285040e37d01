// Preloaded with `--import` (through NODE_OPTIONS) into a CLI a test starts: appends one line per request the
// process hands to fetch, "<Date.now()> <METHOD> <url>", to the file named by REELFORM_TEST_FETCH_LOG. This is
// when a request starts: what a rate limit in reelform controls. The simulator's log says when it answered,
// which on a busy machine can be a few hundred milliseconds later (its own process is as busy as the CLI's).
import { appendFileSync } from "node:fs";

const log = process.env.REELFORM_TEST_FETCH_LOG;
const original = globalThis.fetch;
if (log && original) {
  globalThis.fetch = (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? "GET";
    const url = request ? request.url : String(input);
    appendFileSync(log, `${Date.now()} ${method} ${url}\n`);
    return original(input, init);
  };
}
