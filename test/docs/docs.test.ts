// The documentation keeps up with the CLI and with itself: every command and flag `--help` shows is documented in
// docs/commands.md under that command's heading, and every relative link (and #anchor) in README.md, docs/ and
// bench/README.md leads to a file and heading that exist.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { CommandUnknownOpts as Command, Option } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/program.js";
import { REPO } from "../helpers/exec.js";
import { anchors, relativeLinks, section, slug } from "./markdown.js";

const read = (path: string): string => readFileSync(join(REPO, path), "utf8");
const DOCUMENTS = [
  "README.md",
  "bench/README.md",
  ...readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const COMMANDS_DOC = "docs/commands.md";

/** What a link in `from` points at that does not exist, or undefined when it resolves. */
function brokenLink(from: string, target: string): string | undefined {
  const [path = "", anchor] = target.split("#", 2);
  const file = path === "" ? join(REPO, from) : join(REPO, dirname(from), decodeURIComponent(path));
  if (relative(REPO, file).startsWith("..")) return "outside the repository";
  if (!existsSync(file)) return "no such file";
  if (anchor === undefined || statSync(file).isDirectory() || !file.endsWith(".md")) return undefined;
  return anchors(readFileSync(file, "utf8")).has(anchor) ? undefined : `no heading with the anchor #${anchor}`;
}

/** Every command `reelform --help` lists, with its path of names (`["plan"]`), walking nested commands. */
function visibleCommands(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return command
    .createHelp()
    .visibleCommands(command)
    .filter((sub) => sub.name() !== "help")
    .flatMap((sub) => [{ path: [...path, sub.name()], command: sub }, ...visibleCommands(sub, [...path, sub.name()])]);
}

/** The option's spellings as `--help` prints them: `-o` and `--out`. */
const spellings = (option: Option): string[] => [option.short, option.long].filter((f): f is string => f !== undefined);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `--wait` as a whole flag: not the start of `--wait-timeout`. */
const mentions = (text: string, flag: string): boolean => new RegExp(`(^|[^\\w-])${escape(flag)}(?![\\w-])`).test(text);

/** Flags `--help` shows for a command that its section does not mention (the implicit --help is a global flag). */
function undocumentedFlags(command: Command, text: string): string[] {
  const help = command.createHelp();
  return help
    .visibleOptions(command)
    .filter((option) => option.long !== "--help")
    .flatMap(spellings)
    .filter((flag) => !mentions(text, flag));
}

describe("markdown helpers", () => {
  it("makes GitHub's anchors: lower case, punctuation but - and _ dropped, spaces to -", () => {
    expect(slug("`reelform plan`")).toBe("reelform-plan");
    expect(slug("`--wait --pull`: downloads while tasks generate")).toBe(
      "--wait---pull-downloads-while-tasks-generate",
    );
    expect(slug("Recovery by session_id")).toBe("recovery-by-session_id");
    expect(slug("The journal, the lock and crashes")).toBe("the-journal-the-lock-and-crashes");
    expect([...anchors("# A\n```\n# not a heading\n```\n## A\n")]).toEqual(["a", "a-1"]);
  });

  it("finds relative links outside code, and skips URLs", () => {
    const links = relativeLinks(
      "[a](docs/x.md#y) [b](https://e.com) `[c](z.md)`\n```\n[d](w.md)\n```\n![e](img.png)\n",
    );
    expect(links.map((l) => l.target)).toEqual(["docs/x.md#y", "img.png"]);
  });
});

describe("the documentation", () => {
  it.each(DOCUMENTS)("%s: every relative link and #anchor resolves", (document) => {
    const broken = relativeLinks(read(document)).flatMap(({ target, line }) => {
      const why = brokenLink(document, target);
      return why === undefined ? [] : [`${document}:${line}: ${target}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  const program = buildProgram(async () => undefined);
  const commandsDoc = read(COMMANDS_DOC);

  it("documents the global flags and `reelform help` under 'Global flags'", () => {
    const text = section(commandsDoc, "Global flags") ?? "";
    expect(text).toContain("reelform help");
    const flags = program.createHelp().visibleOptions(program).flatMap(spellings);
    expect(flags).toContain("--no-color");
    expect(flags.filter((flag) => !mentions(text, flag))).toEqual([]);
  });

  const commands = visibleCommands(program);
  it("walks every command --help lists", () => {
    expect(commands.map((c) => c.path.join(" "))).toEqual(
      expect.arrayContaining(["validate", "plan", "apply", "status", "pull", "review"]),
    );
  });

  it.each(commands.map((c) => [c.path.join(" "), c.command] as const))(
    "documents `reelform %s` and each of its flags",
    (name, command) => {
      const text = section(commandsDoc, `\`reelform ${name}\``);
      expect(text, `${COMMANDS_DOC} has no heading \`reelform ${name}\``).toBeDefined();
      expect(
        undocumentedFlags(command, text ?? ""),
        `flags of reelform ${name} missing from its section of ${COMMANDS_DOC}`,
      ).toEqual([]);
    },
  );

  it("documents no command the CLI does not have", () => {
    const documented = [...commandsDoc.matchAll(/^#+ `reelform ([^`]+)`$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(commands.map((c) => c.path.join(" ")).sort());
  });
});
