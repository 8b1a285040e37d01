// reelform render <manifest>: each request's key and exact JSON body; --json: one array in expansion order.
import type { CommandContext } from "../command-context.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { ExitCode } from "../errors.js";
import { printRequests } from "../report/render-requests.js";

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
  await printRequests(ctx, compiled.requests, flags.json === true);
  return ExitCode.ok;
}
