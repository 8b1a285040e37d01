// What `reelform plan` (and apply before it asks) prints: the plan as text, Markdown or streamed JSON on
// stdout, its warnings and where it was saved on stderr.
import type { CommandContext } from "../command-context.js";
import { planJsonChunks } from "../plan/render-json.js";
import { renderPlanMarkdown } from "../plan/render-markdown.js";
import { renderPlanText } from "../plan/render-text.js";
import type { Plan } from "../plan/types.js";
import { safeText } from "../util/safe-text.js";
import { writeChunks } from "./chunked-writer.js";

export interface PlanOutput {
  json?: boolean;
  markdown?: boolean;
  verbose?: boolean;
}

/** The plan on stdout: JSON streamed (a million-request plan does not fit in one string), else Markdown or text. */
export async function printPlan(
  ctx: Pick<CommandContext, "stdout" | "color">,
  plan: Plan,
  output: PlanOutput,
): Promise<void> {
  if (output.json) await writeChunks(ctx.stdout, planJsonChunks(plan));
  else if (output.markdown) ctx.stdout.write(renderPlanMarkdown(plan));
  else ctx.stdout.write(renderPlanText(plan, { color: ctx.color, verbose: output.verbose }));
}

/** apply's plan before it asks: the text plan, ending with a newline. */
export function printApplyPlan(ctx: Pick<CommandContext, "stdout" | "color">, plan: Plan): void {
  const text = renderPlanText(plan, { color: ctx.color });
  ctx.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** The plan's own warnings, each on its line (all of them, in order). */
export function printPlanWarnings(ctx: Pick<CommandContext, "stderr">, plan: Plan): void {
  for (const warning of plan.warnings ?? []) ctx.stderr.write(`reelform: warning: ${safeText(warning)}\n`);
}

export function printPlanSaved(ctx: Pick<CommandContext, "stderr">, out: string): void {
  ctx.stderr.write(`reelform: plan saved to ${out}; apply exactly this plan with: reelform apply ${out}\n`);
}
