// Checks throughput: files per second for metadata-only checks (mediabunny, no system binary) and for the
// content checks (one FFmpeg decoding pass per file), on the simulator's clips and on a 20 s 1080p clip the
// bench makes with FFmpeg. Runs the built runner (dist/video-check) at the default parallelism.
// Run: npm run build && node bench/checks.mjs [files]   (content checks need ffmpeg on PATH)
import { execFileSync } from "node:child_process";
import { availableParallelism, tmpdir } from "node:os";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CHECKS, resolveChecks } from "../dist/expand/check-settings.js";
import { simulatedFile } from "../dist/simulator/file-content.js";
import { clipFor } from "../dist/simulator/output-clip.js";
import { checkFiles, prepareCheckTools } from "../dist/video-check/run.js";

const count = Number(process.argv[2] ?? 200);
const parallelism = Math.max(1, Math.min(4, availableParallelism()));
const dir = mkdtempSync(join(tmpdir(), "reelform-bench-checks-"));
const metadataOnly = resolveChecks(
  { duration: true, aspect_ratio: true, resolution: true, audio: true, playable: true },
  undefined,
);
const body = { output_config: { aspect_ratio: "9:16", resolution: "720P", duration: 5, audio_generation: "Enabled" } };

function jobs(paths, settings, request = body) {
  return paths.map((path, i) => ({ key: `k${i}`, generation: 1, path, body: request, settings }));
}

async function measure(label, paths, settings, tools, request) {
  const started = process.hrtime.bigint();
  const checked = await checkFiles(jobs(paths, settings, request), tools, parallelism);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const failed = checked.filter((f) => f.results.some((r) => r.outcome === "failed")).length;
  console.log(
    `${label.padEnd(44)} ${String(paths.length).padStart(5)} files  ${seconds.toFixed(2).padStart(7)} s  ${(paths.length / seconds).toFixed(1).padStart(8)} files/s  (${failed} failed)`,
  );
}

try {
  const sim = Array.from({ length: count }, (_, i) => {
    const path = join(dir, `sim-${i}.mp4`);
    writeFileSync(path, simulatedFile(`task-${i}`, undefined, clipFor(body, undefined)));
    return path;
  });
  const withFfmpeg = await prepareCheckTools(process.env);
  const without = { ffmpeg: undefined, env: process.env };
  console.log(`checks: parallelism ${parallelism}, ffmpeg ${withFfmpeg.ffmpeg?.version ?? "absent"}`);
  await measure("simulator clips (9:16 720p 5 s), metadata only", sim, metadataOnly, without);
  if (!withFfmpeg.ffmpeg) {
    console.log("content checks: skipped, no ffmpeg on PATH (apt-get install -y ffmpeg)");
  } else {
    await measure("simulator clips, every check (ffmpeg)", sim, DEFAULT_CHECKS, withFfmpeg);
    const big = join(dir, "big-1080p-20s.mp4");
    execFileSync("ffmpeg", [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=1920x1080:rate=30",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440",
      "-t",
      "20",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-movflags",
      "+faststart",
      big,
    ]);
    const bigBody = {
      output_config: { aspect_ratio: "16:9", resolution: "1080P", duration: 20, audio_generation: "Enabled" },
    };
    const copies = Array.from({ length: 8 }, () => big);
    console.log(`20 s 1080p clip: ${(statSync(big).size / 1e6).toFixed(1)} MB`);
    await measure("20 s 1080p clip, metadata only", copies, metadataOnly, without, bigBody);
    await measure("20 s 1080p clip, every check (ffmpeg)", copies, DEFAULT_CHECKS, withFfmpeg, bigBody);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
