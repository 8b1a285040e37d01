import type { CompileOptions } from "./compile.js";
import type { CommandContext } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";
import type { EnvSource } from "../config/settings.js";

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

/** `ctx.env` goes to the templates (allow_env); the provider the request checks follow is read from its settings. */
export function compileOptions(
  ctx: Pick<CommandContext, "cwd" | "env" | "dotenvNames"> & { settings?: EnvSource | undefined },
  flags: ManifestFlags,
): CompileOptions {
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    // A context built by hand (a test) has no settings yet: they are filled in from its env, once.
    settings: ctx.settings ?? settingsOf(ctx as Pick<CommandContext, "env">),
    ...(ctx.dotenvNames?.length ? { hiddenEnv: ctx.dotenvNames } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.models !== undefined ? { modelsFile: flags.models } : {}),
    ...(flags.maxRequests !== undefined ? { maxRequests: flags.maxRequests } : {}),
    ...(flags.prices !== undefined ? { pricesFromFlag: true } : {}),
    ...(flags.provider !== undefined ? { providerFlag: flags.provider } : {}),
  };
}
