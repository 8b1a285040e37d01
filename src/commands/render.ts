// reelform render <manifest>: each request's key and exact JSON body; --json: one array in expansion order.
import type { ExpandedRequest } from "../expand/types.js";
import { ChunkedWriter } from "../report/chunked-writer.js";
import type { CommandContext } from "../command-context.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { safeJson, safeText } from "../util/safe-text.js";
import { ExitCode } from "../errors.js";

interface RenderFlags extends ManifestFlags {
  json?: boolean;
}

export async function run(ctx: CommandContext, file: string, flags: RenderFlags): Promise<number> {
  const { compileManifest } = await import("../expand/compile.js");
  const compiled = await compileManifest(file, compileOptions(ctx, flags));
  if (compiled.warnings.length > 0) {
    const { printDiagnostics } = await import("../report/diagnostics.js");
    printDiagnostics(compiled.warnings, { stream: ctx.stderr, env: ctx.env });
  }
  const out = new ChunkedWriter(ctx.stdout);
  if (flags.json) await writeJson(out, compiled.requests);
  else await writeText(out, compiled.requests);
  await out.flush();
  return ExitCode.ok;
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
