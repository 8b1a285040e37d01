// Reading a whole request body (the simulator's API, the review server's verdicts) with a size limit.
import type { Readable } from "node:stream";

export interface BodyLimit {
  maxBytes: number;
  /** "cut": keep the first maxBytes and read on to the end; "refuse": reject with "body too large". */
  whenLarger: "cut" | "refuse";
}

/** The body as UTF-8 text (chunks joined as bytes first, so a character split across chunks stays whole). */
export function readBody(source: Readable, limit: BodyLimit): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    source.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (refused) return;
      if (size + bytes.length > limit.maxBytes) {
        if (limit.whenLarger === "refuse") {
          refused = true;
          reject(new Error("body too large"));
          return;
        }
        chunks.push(bytes.subarray(0, Math.max(0, limit.maxBytes - size)));
        size = limit.maxBytes;
        return;
      }
      size += bytes.length;
      chunks.push(bytes);
    });
    source.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    source.on("error", reject);
  });
}
