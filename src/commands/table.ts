// The command table: each command's module, loaded only when that command runs (so `reelform --version` and
// `--help` load none of them), checked by tsc against what src/program.ts declares for it.
import type { CommandContext } from "../command-context.js";
import type { CliOptions, CommandArgs, CommandName } from "../program.js";

/** A command's entry point: its context, then what commander parsed for it (src/program.ts CommandArgs). */
export type CommandRun<K extends CommandName> = (ctx: CommandContext, ...args: CommandArgs<K>) => Promise<number>;

type CommandTable = { [K in CommandName]: () => Promise<{ run: CommandRun<K> }> };

/** The options `run` takes: its parameter after the arguments, or none when it takes no options. */
type RunOptions<F, N extends number> = F extends (...params: infer P) => unknown
  ? `${N}` extends keyof P
    ? Exclude<P[N], undefined>
    : object
  : never;

/** The flags of a command, as option names, less those src/cli.ts reads itself (--state, --dotenv). */
type Flags<O> = Exclude<keyof O, keyof CliOptions>;

/**
 * A flag src/program.ts declares for a command whose options type has no field to receive it: the flag would
 * be ignored (a misspelt field, or a flag the command forgot). The other way round is allowed: an optional
 * field no flag of this command sets (option types such as ManifestFlags are shared by several commands).
 */
type FlagMismatch<K extends CommandName, Run> =
  CommandArgs<K> extends [...unknown[], infer Declared]
    ? [Exclude<Flags<Declared>, Flags<RunOptions<Run, CommandArgs<K>["length"]>>>] extends [never]
      ? never
      : { command: K; flagWithoutField: Exclude<Flags<Declared>, Flags<RunOptions<Run, CommandArgs<K>["length"]>>> }
    : never;

/**
 * Each entry whose flags and options differ must also be the mismatch itself, and an entry for a command
 * src/program.ts does not declare must be a note saying so: tsc then names the problem.
 */
type FlagsAgree<T> = {
  [K in keyof T]: K extends CommandName
    ? T[K] extends () => Promise<{ run: infer Run }>
      ? [FlagMismatch<K, Run>] extends [never]
        ? unknown
        : FlagMismatch<K, Run>
      : unknown
    : { command: K; notDeclaredInProgram: true };
};

/**
 * Checks the table at compile time: an entry for every declared command and none other, each `run` accepting
 * the arguments and options the declaration produces (optionality and types), and its options type having
 * a field for every declared flag.
 */
export function commandTable<T extends CommandTable>(table: T & FlagsAgree<T>): CommandTable {
  return table;
}

/** Every command's module, by name. */
export const COMMANDS = commandTable({
  validate: () => import("./validate.js"),
  render: () => import("./render.js"),
  plan: () => import("./plan.js"),
  apply: () => import("./apply.js"),
  status: () => import("./status.js"),
  pull: () => import("./pull.js"),
  review: () => import("./review.js"),
  models: () => import("./models.js"),
  "force-unlock": () => import("./force-unlock.js"),
  "merge-driver": () => import("./merge-driver.js"),
  "state-push": () => import("./state-push.js"),
  "state-pull": () => import("./state-pull.js"),
  "state-rm": () => import("./state-rm.js"),
  recover: () => import("./recover.js"),
  simulator: () => import("./simulator.js"),
  init: () => import("./init.js"),
  check: () => import("./check.js"),
  list: () => import("./list.js"),
  show: () => import("./show.js"),
  import: () => import("./import.js"),
  completion: () => import("./completion.js"),
});

/** Loads the named command's module (only now) and returns its `run`. */
export async function loadCommand<K extends CommandName>(name: K): Promise<CommandRun<K>> {
  const load: CommandTable[K] = COMMANDS[name];
  return (await load()).run;
}
