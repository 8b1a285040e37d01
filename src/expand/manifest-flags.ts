import type { CompileOptions } from "./compile.js";
import type { CommandContext } from "../command-context.js";

/** The flags validate, render, plan and apply share (src/program.ts manifestOptions). */
export interface ManifestFlags {
  strict?: boolean;
  models?: string;
  maxRequests?: number;
  /** plan and apply only: a price table that replaces the manifest's. */
  prices?: string;
  /** plan and apply only: the provider, which the request checks follow. */
  provider?: string;
}

export function compileOptions(
  ctx: Pick<CommandContext, "cwd" | "env" | "dotenvNames">,
  flags: ManifestFlags,
): CompileOptions {
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.dotenvNames?.length ? { hiddenEnv: ctx.dotenvNames } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.models !== undefined ? { modelsFile: flags.models } : {}),
    ...(flags.maxRequests !== undefined ? { maxRequests: flags.maxRequests } : {}),
    ...(flags.prices !== undefined ? { pricesFromFlag: true } : {}),
    ...(flags.provider !== undefined ? { providerFlag: flags.provider } : {}),
  };
}
