// reelform models [model] [version]: what the model table allows and where each rule comes from.
import { loadModelTable } from "../check/models-file.js";
import { modelsView } from "../check/model-view.js";
import { ExitCode, DiagnosticsError, UserError } from "../errors.js";
import { printModels } from "../report/models-text.js";
import type { CommandContext } from "../command-context.js";

interface ModelsFlags {
  json?: boolean;
  models?: string;
}

export async function run(
  ctx: CommandContext,
  model: string | undefined,
  version: string | undefined,
  flags: ModelsFlags,
): Promise<number> {
  const loaded = await loadModelTable(flags.models, ctx.cwd);
  if (!loaded.ok) throw new DiagnosticsError(loaded.diagnostics);
  if (model !== undefined && !Object.hasOwn(loaded.table.models, model)) {
    throw new UserError(`unknown model "${model}"; the table has ${Object.keys(loaded.table.models).join(", ")}`);
  }
  const view = modelsView(loaded.table, {
    ...(model !== undefined ? { model } : {}),
    ...(version !== undefined ? { version } : {}),
  });
  printModels(ctx, view, flags.json === true);
  return ExitCode.ok;
}
