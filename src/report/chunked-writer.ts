// Streams large outputs (100,000 rendered requests) in chunks, honouring back-pressure, instead of
// building one giant string.
import type { Writable } from "node:stream";

const CHUNK_BYTES = 256 * 1024;

export class ChunkedWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }
}
