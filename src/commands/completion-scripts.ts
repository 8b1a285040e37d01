// Shell completion scripts for a command tree (see completion.ts): bash, zsh and fish, each in its own idiom.
import { append } from "../util/arrays.js";

interface CompletionFlag {
  long: string;
  short: string | undefined;
  takesValue: boolean;
  description: string;
  choices: readonly string[] | undefined;
}

export interface CompletionTree {
  name: string;
  commands: { name: string; description: string; flags: CompletionFlag[]; choices: readonly string[] | undefined }[];
  global: CompletionFlag[];
}

const functionName = (tree: CompletionTree): string => `_${tree.name.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** bash: subcommands at position 1; then that command's flags for `-…`, files (complete -o default) otherwise. */
export function bashScript(tree: CompletionTree): string {
  const fn = functionName(tree);
  const cases = tree.commands.map((c) => {
    const words = [...c.flags.flatMap((f) => [f.long, f.short ?? []].flat()), ...(c.choices ?? [])];
    return `    ${c.name}) words="${words.join(" ")}" ;;`;
  });
  return `# bash completion for ${tree.name}: source it, or save it as ~/.local/share/bash-completion/completions/${tree.name}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${tree.commands.map((c) => c.name).join(" ")} ${tree.global.map((f) => f.long).join(" ")}" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$words" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "$(printf '%s\\n' $words | grep -v '^-')" -- "$cur")) ;;
  esac
}
complete -o default -o bashdefault -F ${fn} ${tree.name}
`;
}

/** zsh: _arguments per subcommand, with descriptions; files for values and operands. */
export function zshScript(tree: CompletionTree): string {
  const fn = functionName(tree);
  const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;
  const escape = (text: string): string => text.replace(/[[\]:\\]/g, "\\$&");
  const spec = (f: CompletionFlag): string => {
    const names = f.short ? `{${f.short},${f.long}}` : f.long;
    const value = f.takesValue
      ? `:${escape(f.long.slice(2))}:${f.choices ? `(${f.choices.join(" ")})` : "_files"}`
      : "";
    return f.short
      ? `${quote(`(${f.short} ${f.long})`)}${names}${quote(`[${escape(f.description)}]${value}`)}`
      : quote(`${names}[${escape(f.description)}]${value}`);
  };
  const cases = tree.commands.map((c) => {
    const operands = c.choices ? quote(`*:${c.name}:(${c.choices.join(" ")})`) : quote("*:file:_files");
    return `    ${c.name}) _arguments -s ${[...c.flags.map(spec), operands].join(" ")} ;;`;
  });
  return `#compdef ${tree.name}
# zsh completion for ${tree.name}: save as _${tree.name} in a folder of your $fpath, or source it after compinit
${fn}() {
  local -a commands
  commands=(
${tree.commands.map((c) => `    ${quote(`${c.name}:${c.description.replace(/:/g, "\\:")}`)}`).join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands command commands
    return
  fi
  shift words
  (( CURRENT-- ))
  case "$words[1]" in
${cases.join("\n")}
  esac
}
if [[ "$funcstack[1]" == "${fn}" ]]; then ${fn} "$@"; else compdef ${fn} ${tree.name}; fi
`;
}

/** fish: one `complete` line per command and flag, conditioned on the subcommand seen. */
export function fishScript(tree: CompletionTree): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const names = tree.commands.map((c) => c.name).join(" ");
  const flag = (condition: string, f: CompletionFlag): string => {
    const short = f.short ? ` -s ${f.short.slice(1)}` : "";
    const value = f.takesValue ? (f.choices ? ` -x -a ${quote(f.choices.join(" "))}` : " -r -F") : "";
    return `complete -c ${tree.name} -n ${quote(condition)} -l ${f.long.slice(2)}${short}${value} -d ${quote(f.description)}`;
  };
  const lines = [
    `# fish completion for ${tree.name}: save as ~/.config/fish/completions/${tree.name}.fish`,
    `complete -c ${tree.name} -f`,
  ];
  for (const c of tree.commands) {
    lines.push(
      `complete -c ${tree.name} -n ${quote(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${quote(c.description)}`,
    );
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    append(
      lines,
      c.flags.map((f) => flag(seen, f)),
    );
    lines.push(
      c.choices
        ? `complete -c ${tree.name} -n ${quote(seen)} -a ${quote(c.choices.join(" "))}`
        : `complete -c ${tree.name} -n ${quote(seen)} -F`,
    );
  }
  append(
    lines,
    tree.global.map((f) => flag(`not __fish_seen_subcommand_from ${names}`, f)),
  );
  return `${lines.join("\n")}\n`;
}
