// Content checks through FFmpeg's own filters (blackdetect, freezedetect, silencedetect), decoding the whole
// file once. FFmpeg is found on PATH; where it is absent, content checks are "not run", never "passed".
import { spawn } from "node:child_process";

export interface Ffmpeg {
  command: string;
  /** "5.1.9-0+deb12u1": the version FFmpeg prints. */
  version: string;
}

export interface ContentFacts {
  /** Seconds decoded (the last timestamp FFmpeg reached). */
  decodedSeconds: number;
  blackSeconds: number;
  longestFrozenSeconds: number;
  /** Undefined when the file has no audio stream. */
  longestSilenceSeconds?: number;
  /** Decoder and demuxer complaints (a truncated or corrupt file). */
  decodeErrors: string[];
}

/** The FFmpeg on PATH (of `env`), or undefined when there is none that answers `-version`. */
export async function findFfmpeg(env: NodeJS.ProcessEnv, command = "ffmpeg"): Promise<Ffmpeg | undefined> {
  const run = await runProcess(command, ["-hide_banner", "-version"], env).catch(() => undefined);
  if (!run || run.code !== 0) return undefined;
  const version = /ffmpeg version (\S+)/.exec(run.stdout)?.[1] ?? "unknown";
  return { command, version };
}

/** Decodes `path` once through every filter; frozen stretches shorter than `minFrozenSeconds` are not reported. */
export async function analyseContent(
  ffmpeg: Ffmpeg,
  path: string,
  env: NodeJS.ProcessEnv,
  minFrozenSeconds = 0.5,
): Promise<ContentFacts> {
  const args = [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-progress",
    "pipe:1",
    "-i",
    path,
    "-vf",
    `blackdetect=d=0:pix_th=0.10,freezedetect=n=-60dB:d=${minFrozenSeconds}`,
    "-af",
    "silencedetect=n=-50dB:d=0.5",
    "-f",
    "null",
    "-",
  ];
  const run = await runProcess(ffmpeg.command, args, env);
  return parseContentLog(run.stderr, run.stdout);
}

/** Reads FFmpeg's filter log (stderr) and progress (stdout, `-progress`). Exported for tests. */
export function parseContentLog(stderr: string, progress: string): ContentFacts {
  const decodedSeconds = lastProgressSeconds(progress);
  let blackSeconds = 0;
  for (const match of stderr.matchAll(/black_duration:\s*([\d.]+)/g)) blackSeconds += Number(match[1]);
  const longestFrozenSeconds = longestStretch(
    stderr,
    "freezedetect.freeze_start",
    "freezedetect.freeze_duration",
    decodedSeconds,
  );
  const hasAudio = /Stream #\d+:\d+[^\n]*: Audio:/.test(stderr);
  const facts: ContentFacts = {
    decodedSeconds,
    blackSeconds,
    longestFrozenSeconds,
    decodeErrors: decodeErrorsIn(stderr),
  };
  if (hasAudio)
    facts.longestSilenceSeconds = longestStretch(stderr, "silence_start", "silence_duration", decodedSeconds);
  return facts;
}

/** Longest reported duration; a start without its duration lasts to the end of what was decoded. */
function longestStretch(log: string, startTag: string, durationTag: string, end: number): number {
  let longest = 0;
  let open: number | undefined;
  for (const line of log.split("\n")) {
    const start = new RegExp(`${startTag.replace(/\./g, "\\.")}[:=]\\s*(-?[\\d.]+)`).exec(line);
    if (start) open = Number(start[1]);
    const duration = new RegExp(`${durationTag.replace(/\./g, "\\.")}[:=]\\s*([\\d.]+)`).exec(line);
    if (duration) {
      longest = Math.max(longest, Number(duration[1]));
      open = undefined;
    }
  }
  return open === undefined ? longest : Math.max(longest, end - Math.max(0, open));
}

function lastProgressSeconds(progress: string): number {
  let last = 0;
  for (const match of progress.matchAll(/^out_time_us=(\d+)$/gm)) last = Number(match[1]) / 1e6;
  return last;
}

const DECODE_ERROR =
  /partial file|Invalid data found|corrupt|Error while decoding|error reading header|moov atom not found|truncat/i;

function decodeErrorsIn(stderr: string): string[] {
  const seen = new Set<string>();
  for (const line of stderr.split("\n"))
    if (DECODE_ERROR.test(line)) seen.add(line.replace(/ @ 0x[0-9a-f]+/, "").trim());
  return [...seen].slice(0, 5);
}

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      // The filter log of a long file stays small; cap it anyway so a chatty decoder cannot grow memory.
      if (stderr.length < 4_000_000) stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
