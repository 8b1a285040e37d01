import { parseDuration, parseLatency } from "./duration.js";
import { applyConfigPatch, type ConfigPatch } from "./config.js";
import { initialConfig, type SimulatorOptions } from "./options.js";
import { isProgressKind } from "./lifecycle.js";
import { parseBytes } from "./bytes.js";
import { parseTaskSeconds } from "./task-seconds.js";
import { OUTPUT_FLAWS, type OutputFlaw } from "./output-clip.js";
import { parseDurationMs } from "../util/duration.js";

/** The `reelform simulator` flags as commander hands them over (strings, camelCased). */
export interface SimulatorFlags {
  port: string;
  host: string;
  latency: string;
  failRate: string;
  rate: string;
  seed: string;
  taskDuration: string;
  failMarker: string;
  abortShare?: string;
  progress?: string;
  apiKey?: string;
  stateFile?: string;
  processingSlots?: number;
  temporaryTtl: string;
  faults?: string;
  taskSeconds?: string;
  fileSize?: string;
  bandwidth?: string;
  badOutputRate?: string;
  badOutputs?: string;
}

export type FlagsResult = { ok: true; options: SimulatorOptions } | { ok: false; error: string };

/** Flags -> options, every value checked, one message naming the flag on the first bad one. */
export function simulatorOptionsFromFlags(flags: SimulatorFlags, readFile: (path: string) => string): FlagsResult {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be 0..65535, got "${flags.port}"`);
  const latency = parseLatency(flags.latency);
  if (!latency.ok) return fail(`--latency: ${latency.error}`);
  const failRate = Number(flags.failRate);
  if (!(failRate >= 0 && failRate <= 1))
    return fail(`--fail-rate must be a probability from 0 to 1, got "${flags.failRate}"`);
  const rate = Number(flags.rate);
  if (!(rate >= 0)) return fail(`--rate must be a number of at least 0, got "${flags.rate}"`);
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) return fail(`--seed must be a whole number, got "${flags.seed}"`);
  const taskDuration = parseDuration(flags.taskDuration);
  if (!taskDuration.ok) return fail(`--task-duration: ${taskDuration.error}`);
  const ttl = parseDuration(flags.temporaryTtl);
  if (!ttl.ok) return fail(`--temporary-ttl: ${ttl.error}`);
  if (flags.failMarker === "") return fail("--fail-marker must not be empty");
  const abortShare = Number(flags.abortShare ?? "0");
  if (!(abortShare >= 0 && abortShare <= 1))
    return fail(`--abort-share must be a share from 0 to 1, got "${flags.abortShare}"`);
  const progress = flags.progress ?? "linear";
  if (!isProgressKind(progress)) return fail(`--progress must be linear or stuck-99, got "${flags.progress}"`);
  const faults =
    flags.faults === undefined ? { ok: true as const, value: undefined } : parseFaults(flags.faults, readFile);
  if (!faults.ok) return fail(`--faults: ${faults.error}`);
  const options: SimulatorOptions = {
    host: flags.host,
    port,
    latency: latency.latency,
    failRate,
    createRatePerSecond: rate,
    seed,
    taskDurationMs: taskDuration.ms,
    temporaryTtlMs: ttl.ms,
    failMarker: flags.failMarker,
    abortShare,
    progress,
  };
  if (flags.apiKey) options.apiKey = flags.apiKey;
  if (flags.processingSlots) options.processingSlots = flags.processingSlots;
  if (faults.value) options.faults = faults.value;
  const sizes = sizeOptions(flags);
  if (!sizes.ok) return sizes;
  const bad = badOutputOptions(flags);
  return bad.ok ? { ok: true, options: { ...options, ...sizes.options, ...bad.options } } : bad;
}

/** --bad-output-rate and --bad-outputs: flawed files on purpose, for `reelform check`. */
function badOutputOptions(flags: SimulatorFlags): FlagsResult {
  const options: SimulatorOptions = {};
  if (flags.badOutputRate !== undefined) {
    const rate = Number(flags.badOutputRate);
    if (!(rate >= 0 && rate <= 1))
      return fail(`--bad-output-rate must be a share from 0 to 1, got "${flags.badOutputRate}"`);
    options.badOutputRate = rate;
  }
  if (flags.badOutputs !== undefined) {
    const kinds = flags.badOutputs
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = kinds.find((k) => !(OUTPUT_FLAWS as readonly string[]).includes(k));
    if (unknown !== undefined || kinds.length === 0)
      return fail(
        `--bad-outputs takes a comma-separated list of ${OUTPUT_FLAWS.join(", ")}, got "${flags.badOutputs}"`,
      );
    options.badOutputs = kinds as OutputFlaw[];
  }
  return { ok: true, options };
}

/** --task-seconds, --file-size, --bandwidth: the benchmark's workload (bench/makespan.mjs). */
function sizeOptions(flags: SimulatorFlags): FlagsResult {
  const options: SimulatorOptions = {};
  if (flags.taskSeconds !== undefined) {
    const range = parseTaskSeconds(flags.taskSeconds, (text) => parseDurationMs(text, "s"));
    if (!range)
      return fail(`--task-seconds must be a range of seconds like 20-60 (or 20s-1m), got "${flags.taskSeconds}"`);
    options.taskDurationRange = range;
  }
  for (const [flag, text, field] of [
    ["--file-size", flags.fileSize, "fileSize"],
    ["--bandwidth", flags.bandwidth, "bandwidth"],
  ] as const) {
    if (text === undefined) continue;
    const bytes = parseBytes(text);
    if (!bytes || bytes < 1)
      return fail(`${flag} must be a size like 5MiB${field === "bandwidth" ? "/s" : ""}, got "${text}"`);
    options[field] = bytes;
  }
  return { ok: true, options };
}

function parseFaults(
  text: string,
  readFile: (path: string) => string,
): { ok: true; value: ConfigPatch } | { ok: false; error: string } {
  let source = text;
  if (text.startsWith("@")) {
    try {
      source = readFile(text.slice(1));
    } catch (error) {
      return {
        ok: false,
        error: `cannot read ${text.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      };
    }
  }
  try {
    const value: unknown = JSON.parse(source);
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return { ok: false, error: "expected a JSON object" };
    const checked = applyConfigPatch(initialConfig({}), value);
    return checked.ok ? { ok: true, value: value as ConfigPatch } : { ok: false, error: checked.error };
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
}

function fail(error: string): FlagsResult {
  return { ok: false, error };
}
