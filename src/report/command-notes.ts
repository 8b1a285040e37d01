// The one-off messages of the smaller commands: import, init, merge-driver and completion.
import type { CommandContext } from "../command-context.js";
import type { DiagnosticsError, UserError } from "../errors.js";
import { safeText } from "../util/safe-text.js";
import { printDiagnostics } from "./diagnostics.js";

type Out = Pick<CommandContext, "stdout">;

export interface ImportedNote {
  taskId: string;
  key: string;
  generation: number;
  taskState: string;
  differences: number;
  /** The generation it replaces is kept under `earlier`. */
  keptEarlier: boolean;
  where: string;
}

export function renderImported(note: ImportedNote): string {
  const differences = note.differences > 0 ? `, with ${note.differences} difference(s) recorded` : "";
  const kept = note.keptEarlier ? `; the generation it replaces is kept under "earlier"` : "";
  return `imported task ${note.taskId} as "${safeText(note.key)}" generation ${note.generation} (${note.taskState})${differences}${kept}; written to ${note.where}.\n`;
}

export function printImported(ctx: Out, note: ImportedNote): void {
  ctx.stdout.write(renderImported(note));
}

/** `init`: one line per file it wrote. */
export function printCreated(ctx: Out, path: string): void {
  ctx.stdout.write(`created ${path}\n`);
}

/** `init`'s closing advice: the branch the workflow applies, and the merge driver to set up once per clone. */
export function renderInitAdvice(branch: { name: string; from: string }, mergeDriverConfig: readonly string[]): string {
  return (
    `\nThe workflow applies pushes to the branch "${branch.name}" (${branch.from}); change \`branches:\` in .github/workflows/reelform.yml if that is not the branch you merge into.\n` +
    `\nOnce per clone, set up the lockfile merge driver named in .gitattributes (git config is not versioned):\n${mergeDriverConfig.map((line) => `  ${line}\n`).join("")}\n`
  );
}

export function printInitAdvice(
  ctx: Out,
  branch: { name: string; from: string },
  mergeDriverConfig: readonly string[],
): void {
  ctx.stdout.write(renderInitAdvice(branch, mergeDriverConfig));
}

/** merge-driver could not merge: why (with the diagnostics of an unreadable side), and that git's markers stay. */
export function printMergeRefused(
  ctx: Pick<CommandContext, "stderr" | "env">,
  error: UserError,
  diagnostics: DiagnosticsError["diagnostics"],
): void {
  printDiagnostics(diagnostics, { stream: ctx.stderr, env: ctx.env });
  ctx.stderr.write(
    `reelform: merge-driver: ${error.message}; leaving the conflict to you (both sides are in the file, between git's markers)\n`,
  );
}

/** `completion`: the script, as generated, on stdout. */
export function printCompletionScript(ctx: Out, script: string): void {
  ctx.stdout.write(script);
}
