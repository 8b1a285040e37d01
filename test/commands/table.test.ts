// The command table (src/commands/table.ts) and the program (src/program.ts) name the same commands, and each
// command's action hands its arguments to the runner under its table name. The type-level cases below are
// checked by `npm run typecheck` (tsc over test/): each `@ts-expect-error` fails the typecheck if the table
// stops rejecting that mismatch.
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/command-context.js";
import { COMMANDS, commandTable } from "../../src/commands/table.js";
import { buildProgram } from "../../src/program.js";

/** Every command that runs something (no subcommands), with its path of names (`state push`). */
function leaves(
  command: CommandUnknownOpts,
  path: string[] = [],
): Array<{ path: string[]; command: CommandUnknownOpts }> {
  return command.commands.flatMap((sub) =>
    sub.commands.length > 0 ? leaves(sub, [...path, sub.name()]) : [{ path: [...path, sub.name()], command: sub }],
  );
}

/** Arguments that satisfy a command's required arguments (the first choice where it has choices). */
function sampleArguments(command: CommandUnknownOpts): string[] {
  return command.registeredArguments.filter((a) => a.required).map((a) => a.argChoices?.[0] ?? "x");
}

describe("the command table and the program", () => {
  const calls: Array<{ name: string; args: unknown[] }> = [];
  const program = buildProgram(async (name, ...args) => {
    calls.push({ name, args });
  });
  program.exitOverride();
  const commands = leaves(program);

  it("name the same commands (`state push` is state-push)", () => {
    const inProgram = commands.map((c) => c.path.join("-")).sort();
    expect(inProgram).toEqual(Object.keys(COMMANDS).sort());
    expect(inProgram).toContain("state-push");
  });

  it.each(commands.map((c) => [c.path.join(" "), c] as const))(
    "`%s` runs its table entry with its arguments, then its options",
    async (_label, { path, command }) => {
      calls.length = 0;
      const args = sampleArguments(command);
      await program.parseAsync([...path, ...args], { from: "user" });
      expect(calls).toHaveLength(1);
      const call = calls[0]!;
      expect(Object.hasOwn(COMMANDS, call.name)).toBe(true);
      expect(call.name).toBe(path.join("-"));
      const options = call.args.at(-1);
      expect(typeof options).toBe("object");
      expect(call.args.slice(0, args.length).flat()).toEqual(args);
    },
  );
});

// ----- checked by tsc only: mismatches the table must refuse -----

type Ctx = CommandContext;
const withoutList: Omit<typeof COMMANDS, "list"> = COMMANDS;

export const refused = [
  // @ts-expect-error -- a command of the program with no entry in the table
  commandTable(withoutList),
  commandTable({
    ...COMMANDS,
    // @ts-expect-error -- an entry for a command the program does not declare
    frobnicate: COMMANDS.list,
  }),
  commandTable({
    ...COMMANDS,
    // @ts-expect-error -- a misspelt options field (assignable: both optional): the declared --json would be ignored
    list: async () => ({ run: async (_ctx: Ctx, _manifest: string, _flags: { state?: string; jsn?: boolean }) => 0 }),
  }),
  commandTable({
    ...COMMANDS,
    // @ts-expect-error -- an options field of another type than the declaration gives (--json is a boolean)
    list: async () => ({ run: async (_ctx: Ctx, _manifest: string, _flags: { json?: string }) => 0 }),
  }),
  commandTable({
    ...COMMANDS,
    // @ts-expect-error -- an argument of another type (<pattern...> gives an array)
    "state-rm": async () => ({ run: async (_ctx: Ctx, _manifest: string, _patterns: string) => 0 }),
  }),
  commandTable({
    ...COMMANDS,
    // @ts-expect-error -- a required option no flag declares
    list: async () => ({ run: async (_ctx: Ctx, _manifest: string, _flags: { json?: boolean; all: boolean }) => 0 }),
  }),
];
