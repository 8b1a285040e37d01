// Metadata of a video file from its container (MP4/MOV/WebM…), read with mediabunny, a pure TypeScript
// parser: no system binary needed. "Readable" compares the samples the container lists with those whose
// bytes are actually in the file, which is how a truncated download or upload shows itself.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ALL_FORMATS, EncodedPacketSink, FilePathSource, Input, type InputTrack } from "mediabunny";

export interface MediaFacts {
  /** Seconds, from the container. */
  duration: number;
  video?: { width: number; height: number; codec: string };
  audio?: { codec: string };
  /** Samples listed by the container, and those whose bytes are present. */
  samples: { listed: number; readable: number };
}

export type ProbeResult = { ok: true; facts: MediaFacts } | { ok: false; error: string };

export const PARSER = { tool: "mediabunny", version: mediabunnyVersion() };

export async function probeFile(path: string): Promise<ProbeResult> {
  const input = new Input({ formats: ALL_FORMATS, source: new FilePathSource(path) });
  try {
    const duration = await input.computeDuration();
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    let listed = 0;
    let readable = 0;
    for (const track of await input.getTracks()) {
      const counted = await countSamples(track);
      listed += counted.listed;
      readable += counted.readable;
    }
    const facts: MediaFacts = { duration, samples: { listed, readable } };
    if (video)
      facts.video = { width: video.displayWidth, height: video.displayHeight, codec: String(video.codec ?? "unknown") };
    if (audio) facts.audio = { codec: String(audio.codec ?? "unknown") };
    return { ok: true, facts };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    input.dispose();
  }
}

async function countSamples(track: InputTrack): Promise<{ listed: number; readable: number }> {
  const sink = new EncodedPacketSink(track);
  let listed = 0;
  for await (const packet of sink.packets(undefined, undefined, { metadataOnly: true })) if (packet) listed++;
  let readable = 0;
  try {
    for await (const packet of sink.packets()) if (packet.byteLength > 0) readable++;
  } catch {
    // A sample whose bytes are cut off ends the count: what was read so far is what is readable.
  }
  return { listed, readable };
}

function mediabunnyVersion(): string {
  try {
    // Its package.json is not exported: read it beside the resolved entry (dist/bundles/…).
    const entry = createRequire(import.meta.url).resolve("mediabunny");
    const manifest = JSON.parse(readFileSync(join(dirname(entry), "..", "..", "package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}
