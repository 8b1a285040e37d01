// reelform completion bash|zsh|fish: a completion script generated from commander's own command tree, so a new
// command or flag is completed as soon as it is declared in src/program.ts.
import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";
import { UserError, ExitCode } from "../errors.js";
import { buildProgram } from "../program.js";
import type { CommandContext } from "../command-context.js";
import { printCompletionScript } from "../report/command-notes.js";
import { bashScript, fishScript, zshScript, type CompletionTree } from "./completion-scripts.js";

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export async function run(ctx: CommandContext, shell: string): Promise<number> {
  const render = Object.hasOwn(SHELLS, shell) ? SHELLS[shell as keyof typeof SHELLS] : undefined;
  if (!render) throw new UserError(`completion: unknown shell "${shell}": use bash, zsh or fish`);
  printCompletionScript(ctx, render(completionTree(buildProgram(async () => undefined))));
  return ExitCode.ok;
}

/** Every command with its flags (global ones included), read from commander. */
export function completionTree(program: Command): CompletionTree {
  const flagsOf = (options: readonly Option[]) =>
    options
      .filter((o) => o.long && !o.hidden)
      .map((o) => ({
        long: o.long as string,
        short: o.short,
        takesValue: o.required || o.optional,
        description: o.description,
        choices: o.argChoices,
      }));
  const global = [
    ...flagsOf(program.options),
    { long: "--help", short: "-h", takesValue: false, description: "show help", choices: undefined },
  ];
  return {
    name: program.name(),
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      flags: [...flagsOf(c.options), ...global.filter((g) => g.long === "--help" || g.long === "--no-color")],
      choices: c.registeredArguments[0]?.argChoices,
    })),
    global,
  };
}
