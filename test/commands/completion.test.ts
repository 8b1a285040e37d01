// Shell completion generated from commander's command tree: every command and flag, in bash, zsh and fish.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/program.js";
import { runCli } from "../helpers/exec.js";

const program = buildProgram(async () => undefined);
const hasShell = (shell: string): boolean => {
  try {
    execFileSync("sh", ["-c", `command -v ${shell}`]);
    return true;
  } catch {
    return false;
  }
};

async function script(shell: string): Promise<string> {
  const result = await runCli(["completion", shell]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

function saved(shell: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "reelform-completion-")), `reelform.${shell}`);
  writeFileSync(path, text);
  return path;
}

/** What bash offers for the words typed so far (the last one being completed). */
function bashComplete(path: string, words: string[]): string[] {
  const line = `source ${path}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _reelform; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", line], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("reelform completion", () => {
  it.each(["bash", "zsh", "fish"])("%s: names every command and every flag commander declares", async (shell) => {
    const text = await script(shell);
    for (const command of program.commands) {
      expect(text, command.name()).toContain(command.name());
      for (const option of command.options)
        expect(text, `${command.name()} ${option.long}`).toContain(
          shell === "fish" ? `-l ${option.long!.slice(2)}` : option.long!,
        );
    }
  });

  it("bash: completes commands, a command's flags, and argument choices", async () => {
    const path = saved("bash", await script("bash"));
    expect(bashComplete(path, ["reelform", "pl"])).toEqual(["plan"]);
    expect(bashComplete(path, ["reelform", "plan", "--mark"])).toEqual(["--markdown"]);
    expect(bashComplete(path, ["reelform", "apply", "--auto"])).toEqual(["--auto-approve"]);
    expect(bashComplete(path, ["reelform", "completion", ""]).sort()).toEqual(["bash", "fish", "zsh"]);
  });

  it.skipIf(!hasShell("fish"))("fish: completes commands and flags (skipped where fish is not installed)", async () => {
    const path = saved("fish", await script("fish"));
    const complete = (line: string): string[] =>
      execFileSync("fish", ["-c", `source ${path}; complete -C '${line}'`], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0] as string);
    expect(complete("reelform pl")).toEqual(["plan"]);
    expect(complete("reelform plan --mark")).toEqual(["--markdown"]);
  });

  it.skipIf(!hasShell("zsh"))("zsh: the script parses (skipped where zsh is not installed)", async () => {
    const path = saved("zsh", await script("zsh"));
    expect(() => execFileSync("zsh", ["-n", path])).not.toThrow();
  });

  it.skipIf(!hasShell("zsh"))(
    "zsh: completes commands, flags and choices in an interactive zsh (skipped where zsh is not installed)",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "reelform-zsh-"));
      writeFileSync(join(dir, "_reelform"), await script("zsh"));
      // zpty drives an interactive zsh (emacs keys whatever EDITOR says; TERM=dumb: zle redraws the whole line);
      // each read waits for the completed text.
      const driver = [
        "zmodload zsh/zpty",
        "zpty z zsh -f -i",
        `zpty -w -n z $'PS1="> "; fpath=(${dir} $fpath); autoload -U compinit; compinit -u -D; setopt NO_BEEP; bindkey -e\\n'`,
        "zpty -w -n z $'reelform pl\\t'",
        "zpty -r z out '*reelform plan*' && print completed-command",
        "zpty -w -n z $'\\C-u\\C-kreelform plan --mark\\t'",
        "zpty -r z out '*--markdown*' && print completed-flag",
        "zpty -w -n z $'\\C-u\\C-kreelform completion \\t'",
        "zpty -r z out '*bash*fish*zsh*' && print listed-choices",
        "zpty -d z",
      ].join("\n");
      writeFileSync(join(dir, "driver.zsh"), driver);
      const out = execFileSync("zsh", ["-f", join(dir, "driver.zsh")], {
        encoding: "utf8",
        env: { ...process.env, TERM: "dumb" },
        timeout: 25_000,
      });
      expect(out.split("\n").filter(Boolean)).toEqual(["completed-command", "completed-flag", "listed-choices"]);
    },
  );

  it("refuses an unknown shell, naming the choices", async () => {
    const result = await runCli(["completion", "tcsh"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });
});
