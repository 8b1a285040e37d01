// Every command and flag of reelform, declared once. Actions are injected so tests can inspect the
// program without running anything (e.g. to check the CI example uses real flags). The declarations are typed
// (@commander-js/extra-typings infers each command's arguments and options from them): `CommandArgs<name>` is
// what the command receives, and src/commands/table.ts checks every command's `run` against it.
import { Argument, Command, Option, type CommandUnknownOpts, type OptionValues } from "@commander-js/extra-typings";
import { atLeast, parseSetting, wholeNumber } from "./config/setting-kinds.js";
import { UserError } from "./errors.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
// Flags' numbers are read by the settings' parsers (config/setting-kinds.ts), with the same error shape.
const int =
  (name: string) =>
  (value: string): number =>
    parseSetting(wholeNumber(1), name, value);
/** --max-requests at most this: a lockfile of more entries would pass the longest string Node can write (docs/manifest.md "The cap"). */
const MAX_REQUESTS_CEILING = 500_000;
const maxRequests = (value: string): number => {
  const n = int("--max-requests")(value);
  if (n > MAX_REQUESTS_CEILING)
    throw new UserError(
      `--max-requests may be at most ${MAX_REQUESTS_CEILING} (a manifest of more requests is not supported: split it), got "${value}"`,
    );
  return n;
};
const positive =
  (name: string) =>
  (value: string): number =>
    parseSetting(atLeast(0), name, value);

function selectionOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command
    .option("--target <pattern>", "only keys matching this glob (repeatable)", collect)
    .option("--exclude <pattern>", "skip keys matching this glob (repeatable)", collect)
    .option("--replace <pattern>", "force a new generation for keys matching this glob (repeatable)", collect)
    .option("--retry-failed", "new generation for failures worth retrying (transient: capacity, backlog, timeout)")
    .option(
      "--retry-all-failed",
      "new generation for every failed task and rejected request, including those that will likely fail again",
    )
    .option(
      "--replace-failed-checks",
      "new generation for keys whose current generation failed a check (`reelform check`), up to max_generations (default 3)",
    )
    .option("--prices <file>", "price table (YAML/JSON) for the cost estimate")
    .option("--max-cost <amount>", "fail when the estimated cost exceeds this", positive("--max-cost"))
    .option("--allow-campaign-mismatch", "accept a lockfile whose campaign differs from the manifest's")
    .option(
      "--provider <name>",
      "API new requests go to: gateway or tencent (default: REELFORM_PROVIDER, then the manifest's provider:, then gateway)",
    );
}

function manifestOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command
    .option("--strict", "treat warnings as errors")
    .option("--models <file>", "extra model capabilities (YAML/JSON) that extend or override the built-in table")
    .option("--max-requests <n>", `expansion cap per manifest (at most ${MAX_REQUESTS_CEILING})`, maxRequests);
}

/** Defaults shown in --help (a test checks them against the constants the commands use). */
function apiOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
  defaults: { parallelism: string; rate: string },
) {
  return command
    .option("--dotenv <file>", "read REELFORM_* variables from this KEY=value file (the environment wins)")
    .option("--parallelism <n>", `requests in flight at once (default: ${defaults.parallelism})`, int("--parallelism"))
    .option("--rate <n>", `requests started per second, 0 = unlimited (default: ${defaults.rate})`, positive("--rate"));
}

const EXIT_INTERRUPTED =
  "130  interrupted (Ctrl-C / SIGTERM, or the reader of stdout went away); what was done is recorded";
/** Each command's exit codes beyond "0 success, 1 an error" (docs/commands.md "Exit codes"). */
const MORE_EXIT_CODES: Record<string, string[]> = {
  plan: ["2  changes pending (only with --detailed-exitcode; 0 then means nothing to do)"],
  apply: [EXIT_INTERRUPTED],
  status: [`${EXIT_INTERRUPTED} (with --wait)`],
  pull: [EXIT_INTERRUPTED],
  check: ["   (1 also when any current generation fails a check; 0 when every checked file passes)"],
};

/** "Exit codes:" after each command's help, so scripts need not look them up. */
function addExitCodes(command: CommandUnknownOpts): void {
  const lines = [
    "0  success",
    "1  an error (bad input or flag, a failed or rejected request, …)",
    ...(MORE_EXIT_CODES[command.name()] ?? []),
  ];
  command.addHelpText("after", `\nExit codes:\n${lines.map((line) => `  ${line}`).join("\n")}\n`);
}

/**
 * --state URL, on every command that reads or writes a campaign's state: where it lives, over REELFORM_STATE
 * (src/cli.ts puts it there, docs/state.md).
 */
function stateOption<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  return command.option(
    "--state <url>",
    "where state lives: postgres://user@host/db (PG* variables fill the rest), or file (default: REELFORM_STATE, else the lockfile)",
  );
}

function newProgram() {
  return new Command("reelform")
    .description("Plan and apply for AI video campaigns")
    .version(VERSION, "-v, --version")
    .option("--no-color", "no colour in output (NO_COLOR is honoured too)")
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText(
      "after",
      `\nExit codes: 0 success, 1 error, 2 changes pending (plan --detailed-exitcode), 130 interrupted.\nEach command's --help lists its own.\n`,
    );
}

/**
 * `state push|pull|rm`: made apart and added to the `state` group (so, unlike the commands made with
 * `program.command()`, they do not inherit the program's settings such as showHelpAfterError).
 */
function stateCommands(group: CommandUnknownOpts) {
  const push = stateOption(
    new Command("push")
      .description(
        "copy the lockfile's entries into the state database (idempotent: the union of both is kept, no TaskId is dropped)",
      )
      .argument("<manifest>"),
  );
  const pull = stateOption(
    new Command("pull")
      .description("print the campaign's state in the lockfile format (for review or backup: `> launch.lock.json`)")
      .argument("<manifest>"),
  );
  const rm = stateOption(
    new Command("rm")
      .description("forget recorded entries (retired or not): lists every generation's TaskId it forgets, then asks")
      .argument("<manifest>")
      .argument("<pattern...>", "keys or globs of keys to forget (as --target takes them)")
      .option("--auto-approve", "forget without asking"),
  );
  group.addCommand(push).addCommand(pull).addCommand(rm);
  return { "state-push": push, "state-pull": pull, "state-rm": rm };
}

/**
 * Every command, in the order --help lists them, keyed by its module in src/commands/ (`state push` is
 * `state-push`). Each value keeps the types extra-typings inferred from its declaration.
 */
function declareCommands(program: ReturnType<typeof newProgram>) {
  return {
    validate: manifestOptions(
      program
        .command("validate")
        .description("check manifests: YAML, schema, templates, API rules")
        .argument("<manifests...>", "manifest files")
        .option("--json", "diagnostics as JSON"),
    ),
    render: manifestOptions(
      program
        .command("render")
        .description("print each request the manifest describes: key and exact JSON body")
        .argument("<manifest>")
        .option("--json", "one JSON array: { key, video, vars, hash, body } per request"),
    ),
    plan: stateOption(
      selectionOptions(
        manifestOptions(
          program
            .command("plan")
            .description("compare the manifest with its lockfile: what apply would send")
            .argument("<manifest>")
            .addOption(new Option("--json", "versioned machine-readable plan").conflicts("markdown"))
            .option("--markdown", "plan for a pull-request comment")
            .option("--out <file>", "save the plan for `reelform apply <file>`")
            .option("--detailed-exitcode", "exit 2 when changes are pending, 0 when none, 1 on error")
            .option("--verbose", "list unchanged entries one by one"),
        ),
      ),
    ),
    apply: stateOption(
      apiOptions(
        selectionOptions(
          manifestOptions(
            program
              .command("apply")
              .description("submit what the plan says; record every TaskId in the lockfile")
              .argument("<manifest-or-plan>", "a manifest, or a plan saved with `plan --out`")
              .option("--auto-approve", "do not ask for confirmation")
              .option("--json", "one JSON event per line instead of progress")
              .option("--wait", "after submitting, follow the tasks until they end (as `status --wait`)")
              .option("--timeout <duration>", "with --wait: give up after this long, e.g. 30m, 90s (default: 30m)")
              .option("--pull <dir>", "with --wait: download each task's files into this folder as soon as it succeeds")
              .option(
                "--pull-parallelism <n>",
                "with --pull: downloads at once (default: 4)",
                int("--pull-parallelism"),
              )
              .option(
                "--check",
                "with --pull: check each file as it lands (as `reelform check`); exit 1 when one fails a check",
              ),
          ),
        ),
        { parallelism: "8, or apply.parallelism / REELFORM_PARALLELISM", rate: "20, or apply.rate / REELFORM_RATE" },
      ),
    ),
    status: stateOption(
      apiOptions(
        program
          .command("status")
          .description("query recorded tasks and store their state and outputs in the lockfile")
          .argument("<manifest>")
          .option("--wait", "follow until every task has ended")
          .option("--timeout <duration>", "with --wait: give up after this long, e.g. 30m, 90s (default: 30m)")
          .option("--refresh", "query tasks that already ended too")
          .option("--pull <dir>", "with --wait: download each task's files into this folder as soon as it succeeds")
          .option("--pull-parallelism <n>", "with --pull: downloads at once (default 4)", int("--pull-parallelism"))
          .option(
            "--check",
            "with --pull: check each file as it lands (as `reelform check`); exit 1 when one fails a check",
          )
          .option(
            "--all",
            "one row per entry even beyond a screenful (by default, more than 50 entries are summarised by state, with the failures)",
          )
          .option("--json", "machine-readable output"),
        { parallelism: "16", rate: "100, or REELFORM_STATUS_RATE" },
      ),
    ),
    pull: stateOption(
      program
        .command("pull")
        .description("download finished videos")
        .argument("<manifest>")
        .option("--dir <dir>", "download folder", "out")
        .option("--parallelism <n>", "downloads at once (default: 4)", int("--parallelism"))
        .option("--max-file-size <size>", "refuse a file larger than this, e.g. 2GiB (default 2GiB)")
        .option(
          "--file-timeout <duration>",
          "give up on a file not complete after this long, all retries included (default 1h)",
        )
        .option("--json", "machine-readable output")
        .option(
          "--prune",
          "remove orphaned files: files in DIR/<campaign>/ of no current or earlier generation of any key",
        )
        .option("--include-retired", "also download the outputs of retired keys (recorded, no longer in the manifest)"),
    ),
    review: stateOption(
      manifestOptions(
        program
          .command("review")
          .description("a page of the campaign's videos laid out by its matrix, with verdicts that drive the next plan")
          .argument("<manifest>")
          .option("--dir <dir>", "the folder `pull` downloaded to", "out")
          .option("--out <folder>", "write the static page to FOLDER/index.html (default: review)")
          .option(
            "--bundle <file.zip>",
            "write the static page and every pulled video it links to into one zip, for people without the repository",
          )
          .option("--serve", "serve the page on 127.0.0.1 and save verdicts to the review file as they are clicked")
          .option("--port <port>", "with --serve: port (default: a free one)", int("--port"))
          .option("--rows <axis>", "matrix axis for the grid's rows (default: the axis with the most values)")
          .option("--cols <axis>", "matrix axis for the grid's columns (default: the next)")
          .option("--import <file>", "merge a downloaded review file into the one next to the manifest")
          .option("--prices <file>", "price table (YAML/JSON) for the estimated cost of each video"),
      ),
    ),
    models: program
      .command("models")
      .description("what the model table allows, version by version, and where each rule comes from")
      .argument("[model]", "only this model (e.g. Kling)")
      .argument("[version]", "only this version (e.g. 3.0-Omni)")
      .option("--models <file>", "extra model capabilities (YAML/JSON) merged over the built-in table")
      .option("--json", "the table as JSON: provenance, sources, limits and each version's rules per source"),
    "force-unlock": stateOption(
      program
        .command("force-unlock")
        .description("remove an apply lock left by a process that cannot release it")
        .argument("<lock-id>", "the id printed by the apply that holds the lock")
        .argument("[manifest]", "the manifest whose lockfile is locked (default: search below the current directory)"),
    ),
    "merge-driver": program
      .command("merge-driver")
      .description(
        'git merge driver for lockfiles: writes the union of both sides into <ours> (see docs/plans-and-lockfile.md "Merging lockfiles")',
      )
      .argument("<base>", "%O: the common ancestor's version")
      .argument("<ours>", "%A: our version; the merge result is written here")
      .argument("<theirs>", "%B: their version")
      .argument("[path]", "%P: the lockfile's path in the repository, for messages"),
    ...stateCommands(
      program
        .command("state")
        .description(
          "what is recorded, without sending anything: move it between the lockfile and the database (docs/state.md), or forget entries",
        ),
    ),
    recover: stateOption(
      program
        .command("recover")
        .description(
          "fold into the lockfile what a run could not write there (journal, errored copy, or its printed records)",
        )
        .argument("<manifest>")
        .option(
          "--from <file>",
          "the records a disk-full apply printed on stderr (a saved log), or - to read them from stdin",
        ),
    ),
    simulator: program
      .command("simulator")
      .description("run the local gateway simulator (no credentials, no network)")
      .option("--port <port>", "port (0 = any free port)", "8787")
      .option("--host <host>", "address to bind", "127.0.0.1")
      .option("--latency <duration>", "answer delay, e.g. 200ms", "0ms")
      .option("--fail-rate <p>", "probability of a transient fault per request", "0")
      .option("--rate <n>", "create requests per second before 429 (0 = unlimited)", "20")
      .option("--seed <n>", "random seed, so a run can be repeated", "1")
      .option("--task-duration <duration>", "time from WAITING to FINISH", "3s")
      .option("--fail-marker <word>", "prompts containing this word fail", "FAIL_ME")
      .option("--abort-share <p>", "share of tasks (0 to 1, drawn with --seed) that end ABORTED", "0")
      .option(
        "--progress <kind>",
        "the Progress of a processing task: linear, or stuck-99 (99 from the start)",
        "linear",
      )
      .option("--api-key <key>", "the only key accepted (default: any non-empty key)")
      .option("--state-file <file>", "write the admin state (tasks, requests, faults) to this file on exit")
      .option(
        "--processing-slots <n>",
        "tasks processed at once; the rest wait (default: unlimited)",
        int("--processing-slots"),
      )
      .option("--temporary-ttl <duration>", "Temporary outputs expire this long after the task ends", "7d")
      .option(
        "--task-seconds <range>",
        "each task's duration drawn (seeded by --seed) from this range of seconds, e.g. 20-60",
      )
      .option("--file-size <size>", "bytes of every output file, e.g. 5MiB (default 48KiB)")
      .option("--bandwidth <rate>", "total download rate shared by all file requests, e.g. 50MiB/s (default unlimited)")
      .option(
        "--bad-output-rate <p>",
        "share of finished tasks whose file is flawed on purpose (seeded by --seed), e.g. 0.2",
      )
      .option(
        "--bad-outputs <kinds>",
        "flaws to spread bad outputs over: wrong_duration,wrong_aspect,black,truncated,no_audio (default all)",
      )
      .option(
        "--faults <json>",
        'fault rules as JSON (or @file), e.g. \'{"http5xx":{"next":2}}\' (see docs/simulator.md)',
      ),
    init: program
      .command("init")
      .description(
        "scaffold a campaign repository: starter manifest, workflow, .gitignore, merge-driver set-up; then validate it",
      )
      .argument("[dir]", "the folder to set up (created when missing)", ".")
      .option("--campaign <name>", "campaign name of the starter manifest (default: the folder's name)")
      .option(
        "--branch <name>",
        "the branch the workflow applies (default: the repository's default branch, else the current one, else main)",
      ),
    check: stateOption(
      manifestOptions(
        program
          .command("check")
          .description(
            "check each current generation's pulled file against its request (duration, aspect, resolution, audio, black, frozen, playable); record the results in the lockfile",
          )
          .argument("<manifest>")
          .option("--dir <dir>", "the folder `pull` downloaded into (default: out)")
          .option("--parallelism <n>", "files checked at once (default: up to 4, one per core)", int("--parallelism"))
          .option("--json", "results and summary as JSON"),
      ),
    ),
    list: stateOption(
      program
        .command("list")
        .description("every key recorded in the manifest's lockfile, with generation, state and TaskId")
        .argument("<manifest>")
        .option("--json", "a JSON array of { key, generation, submission, state, task_id, retired }"),
    ),
    show: stateOption(
      program
        .command("show")
        .description("one recorded entry in full: body, session id, task state, outputs, earlier generations")
        .argument("<manifest>")
        .argument("<key>", "the request key (see `reelform list`)")
        .option("--json", "the lockfile entry as JSON, with its key"),
    ),
    import: stateOption(
      manifestOptions(
        program
          .command("import")
          .description(
            "adopt a task made elsewhere as a key's current generation, after comparing its request with the key's",
          )
          .argument("<manifest>")
          .argument("<key>", "the request key the task is for (see `reelform render`)")
          .argument("<task-id>", "the task's TaskId")
          .option(
            "--allow-mismatch",
            "import even when the task's request differs from the key's (the entry records the differences)",
          )
          .option(
            "--provider <name>",
            "API to query the task through when the key has no entry yet: gateway or tencent (default: REELFORM_PROVIDER, then the manifest's provider:, then gateway)",
          )
          .option("--dotenv <file>", "read REELFORM_* variables from this KEY=value file (the environment wins)"),
      ),
    ),
    completion: program
      .command("completion")
      .description("print a shell completion script, generated from reelform's commands and flags")
      .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh", "fish"])),
  };
}

type DeclaredCommands = ReturnType<typeof declareCommands>;

/** A command's name: the name of its module in src/commands/ (and its key in src/commands/table.ts). */
export type CommandName = keyof DeclaredCommands;

/**
 * What a command's `run` receives after its context: the arguments as commander parses them, then the
 * options, with the types inferred from the declaration above (a parser's return type, a default's type).
 */
export type CommandArgs<K extends CommandName> =
  DeclaredCommands[K] extends Command<infer A, infer O, OptionValues> ? [...A, O] : never;

/** The options src/cli.ts reads itself before the command runs, so commands need not take them. */
export interface CliOptions {
  state?: string;
  dotenv?: string;
}

/** Runs the named command with what commander parsed (src/cli.ts loads the module through src/commands/table.ts). */
export type CommandRunner = <K extends CommandName>(name: K, ...args: CommandArgs<K>) => Promise<void>;

export function buildProgram(run: CommandRunner): CommandUnknownOpts {
  const program = newProgram();
  const commands = declareCommands(program);
  for (const name of Object.keys(commands) as CommandName[]) {
    // commander calls an action with the parsed arguments, the options, then the command itself: all but the
    // last are exactly CommandArgs<name> (the one cast: the loop cannot tie each name to its own tuple).
    const command: CommandUnknownOpts = commands[name];
    command.action((...args: unknown[]) => run(name, ...(args.slice(0, -1) as CommandArgs<typeof name>)));
  }
  for (const command of program.commands) addExitCodes(command);
  return program;
}
