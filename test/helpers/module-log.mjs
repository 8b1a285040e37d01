// Preloaded with `--import` (through NODE_OPTIONS) by test/cli.test.ts: appends the URL of every module the
// process loads to the file named by REELFORM_TEST_MODULE_LOG, so a test can say what start-up loads.
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

// The main thread registers this file as its module hooks; the hooks then run on a thread of their own.
if (isMainThread) register(import.meta.url);

/** Node's module `load` hook: records the URL, then loads as usual. */
export async function load(url, context, nextLoad) {
  const log = process.env.REELFORM_TEST_MODULE_LOG;
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
