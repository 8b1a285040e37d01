// Runs the checks on files, bounded and in parallel: metadata through the parser, content through one FFmpeg
// pass per file when FFmpeg is on PATH. Each file is hashed, so its results are tied to the exact bytes.
import pLimit from "p-limit";
import type { CheckSettings } from "../expand/check-settings.js";
import { contentChecksOf } from "../expand/check-settings.js";
import { sha256OfFile } from "../pull/files.js";
import type { JsonObject } from "../util/canonical-json.js";
import { askedBy } from "../util/asked.js";
import { evaluateChecks, type CheckResult, type Measurements } from "./evaluate.js";
import { analyseContent, findFfmpeg, type Ffmpeg } from "./ffmpeg.js";
import { PARSER, probeFile } from "./probe.js";
import { FFMPEG, settingValue, type EnvSource } from "../config/settings.js";

export interface CheckJob {
  key: string;
  /** The generation the file belongs to. */
  generation: number;
  path: string;
  body: JsonObject;
  settings: CheckSettings;
}

export interface CheckedFile {
  job: CheckJob;
  sha256: string;
  results: CheckResult[];
}

export interface CheckTools {
  /** Undefined: FFmpeg is absent, content checks are not run. */
  ffmpeg: Ffmpeg | undefined;
  /** FFmpeg's environment (a child process's: PATH, locale). */
  env: NodeJS.ProcessEnv;
}

/**
 * FFmpeg is looked up once per run; REELFORM_FFMPEG names another binary (or "none" to run without it).
 * `env` is the environment itself: FFmpeg is looked up on its PATH and runs with it. `settings`: where
 * REELFORM_FFMPEG is read (the command's resolved settings; `env` when there is no command around).
 */
export async function prepareCheckTools(env: NodeJS.ProcessEnv, settings: EnvSource = env): Promise<CheckTools> {
  const named = settingValue(FFMPEG, { env: settings });
  const ffmpeg = named === "none" ? undefined : await findFfmpeg(env, named);
  return { ffmpeg, env };
}

export async function checkFile(job: CheckJob, tools: CheckTools): Promise<CheckedFile> {
  const { sha256, measured } = await measureFile(job.path, job.settings, tools);
  return { job, sha256, results: evaluateChecks(job.settings, askedBy(job.body), measured) };
}

/** What judging a file needs, read once: its checksum, the parser's facts and FFmpeg's (when the settings need them). */
export async function measureFile(
  path: string,
  settings: CheckSettings,
  tools: CheckTools,
): Promise<{ sha256: string; measured: Measurements }> {
  const [sha256, media] = await Promise.all([sha256OfFile(path), probeFile(path)]);
  const measured: Measurements = { media, parser: PARSER };
  if (tools.ffmpeg && needsFfmpeg(settings)) {
    const minFrozen = Math.min(0.5, settings.frozen?.maxSeconds ?? 0.5);
    measured.content = {
      ffmpeg: tools.ffmpeg,
      facts: await analyseContent(tools.ffmpeg, path, tools.env, Math.max(0.1, minFrozen)),
    };
  }
  return { sha256, measured };
}

/** playable also decodes with FFmpeg when it is there. */
function needsFfmpeg(settings: CheckSettings): boolean {
  return contentChecksOf(settings).length > 0 || settings.playable !== undefined;
}

/** Every job, `parallelism` at a time; `onChecked` sees each file as soon as it is done. */
export async function checkFiles(
  jobs: readonly CheckJob[],
  tools: CheckTools,
  parallelism: number,
  onChecked?: (file: CheckedFile) => void,
): Promise<CheckedFile[]> {
  const limit = pLimit(Math.max(1, parallelism));
  return Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const checked = await checkFile(job, tools);
        onChecked?.(checked);
        return checked;
      }),
    ),
  );
}
