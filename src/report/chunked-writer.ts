// Streams large outputs (100,000 rendered requests) in chunks, honouring back-pressure, instead of
// building one giant string.
import type { Writable } from "node:stream";

const CHUNK_BYTES = 256 * 1024;

export class ChunkedWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  /** Buffers text; returns a promise only when a chunk went out and the stream asked to wait (await it then). */
  write(text: string): Promise<void> | undefined {
    this.buffer.push(text);
    this.size += text.length;
    return this.size >= CHUNK_BYTES ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }
}

/** A document given as chunks (a streamed plan, a serialized lockfile) written to `stream` with back-pressure. */
export async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  const out = new ChunkedWriter(stream);
  for (const chunk of chunks) await out.write(chunk);
  await out.flush();
}
