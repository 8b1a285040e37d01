// Every command and flag of reelform, declared once. Actions are injected so tests can inspect the
// program without running anything (e.g. to check the CI example uses real flags).
import { Command, Option } from "commander";
import { UserError } from "./errors.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const int = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${name} must be a whole number of at least 1, got "${value}"`);
  return n;
};
const positive = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`${name} must be a number of at least 0, got "${value}"`);
  return n;
};

function selectionOptions(command: Command): Command {
  return command
    .option("--target <pattern>", "only keys matching this glob (repeatable)", collect)
    .option("--exclude <pattern>", "skip keys matching this glob (repeatable)", collect)
    .option("--replace <pattern>", "force a new generation for keys matching this glob (repeatable)", collect)
    .option("--retry-failed", "submit a new generation for tasks that failed or were rejected")
    .option("--prices <file>", "price table (YAML/JSON) for the cost estimate")
    .option("--max-cost <amount>", "fail when the estimated cost exceeds this", positive("--max-cost"))
    .option("--allow-campaign-mismatch", "accept a lockfile whose campaign differs from the manifest's")
    .option("--provider <name>", "API new requests go to: gateway or tencent (default: REELFORM_PROVIDER, then the manifest's provider:, then gateway)");
}

function manifestOptions(command: Command): Command {
  return command
    .option("--strict", "treat warnings as errors")
    .option("--models <file>", "extra model capabilities (YAML/JSON) that extend or override the built-in table")
    .option("--max-requests <n>", "expansion cap per manifest", int("--max-requests"));
}

function apiOptions(command: Command): Command {
  return command
    .option("--dotenv <file>", "read REELFORM_* variables from this KEY=value file (the environment wins)")
    .option("--parallelism <n>", "requests in flight at once", int("--parallelism"))
    .option("--rate <n>", "requests started per second (0 = unlimited)", positive("--rate"));
}

export function buildProgram(run: (module: string, ...args: unknown[]) => Promise<void>): Command {
  const program = new Command("reelform")
    .description("Plan and apply for AI video campaigns")
    .version(VERSION, "-v, --version")
    .option("--no-color", "no colour in output (NO_COLOR is honoured too)")
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });

  manifestOptions(
    program
      .command("validate")
      .description("check manifests: YAML, schema, templates, API rules")
      .argument("<manifests...>", "manifest files")
      .option("--json", "diagnostics as JSON"),
  ).action((files, opts) => run("validate", files, opts));

  manifestOptions(
    program
      .command("render")
      .description("print each request the manifest describes: key and exact JSON body")
      .argument("<manifest>")
      .option("--json", "one JSON array: { key, video, vars, hash, body } per request"),
  ).action((file, opts) => run("render", file, opts));

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
  ).action((file, opts) => run("plan", file, opts));

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
          .option("--timeout <duration>", "with --wait: give up after this long (e.g. 30m, 90s)")
          .option("--pull <dir>", "with --wait: download each task's files into this folder as soon as it succeeds")
          .option("--pull-parallelism <n>", "with --pull: downloads at once (default 4)", int("--pull-parallelism")),
      ),
    ),
  ).action((file, opts) => run("apply", file, opts));

  apiOptions(
    program
      .command("status")
      .description("query recorded tasks and store their state and outputs in the lockfile")
      .argument("<manifest>")
      .option("--wait", "poll until every task has ended")
      .option("--timeout <duration>", "with --wait: give up after this long (e.g. 30m, 90s)")
      .option("--refresh", "query tasks that already ended too")
      .option("--pull <dir>", "with --wait: download each task's files into this folder as soon as it succeeds")
      .option("--pull-parallelism <n>", "with --pull: downloads at once (default 4)", int("--pull-parallelism"))
      .option("--json", "machine-readable output"),
  ).action((file, opts) => run("status", file, opts));

  program
    .command("pull")
    .description("download finished videos")
    .argument("<manifest>")
    .option("--dir <dir>", "download folder", "out")
    .option("--parallelism <n>", "downloads at once", int("--parallelism"))
    .option("--json", "machine-readable output")
    .action((file, opts) => run("pull", file, opts));

  program
    .command("force-unlock")
    .description("remove an apply lock left by a process that cannot release it")
    .argument("<lock-id>", "the id printed by the apply that holds the lock")
    .argument("[manifest]", "the manifest whose lockfile is locked (default: search below the current directory)")
    .action((id, file, opts) => run("force-unlock", id, file, opts));

  program
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
    .option("--api-key <key>", "the only key accepted (default: any non-empty key)")
    .option("--state-file <file>", "write the admin state (tasks, requests, faults) to this file on exit")
    .option("--processing-slots <n>", "tasks processed at once; the rest wait (default: unlimited)", int("--processing-slots"))
    .option("--temporary-ttl <duration>", "Temporary outputs expire this long after the task ends", "7d")
    .option("--task-seconds <range>", "each task's duration drawn (seeded by --seed) from this range of seconds, e.g. 20-60")
    .option("--file-size <size>", "bytes of every output file, e.g. 5MiB (default 48KiB)")
    .option("--bandwidth <rate>", "total download rate shared by all file requests, e.g. 50MiB/s (default unlimited)")
    .option("--faults <json>", 'fault rules as JSON (or @file), e.g. \'{"http5xx":{"next":2}}\' (see README "The simulator")')
    .action((opts) => run("simulator", opts));

  return program;
}

