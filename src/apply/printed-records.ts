// A run's records printed on stderr when nothing could be written (disk full), between two marker lines,
// and read back by `reelform recover --from FILE|-` from a saved log with anything around them.
import { readFile } from "node:fs/promises";
import { parseJournal } from "./journal.js";
import type { JournalRecord } from "./records.js";

const BLOCK_BEGIN = "-----BEGIN REELFORM RECORDS-----";
const BLOCK_END = "-----END REELFORM RECORDS-----";

/**
 * Records printed between BLOCK_BEGIN and BLOCK_END (a saved stderr), or a whole NDJSON file. CI logs put
 * a timestamp or step name before each line: anything before a record's `{"t":` is ignored.
 */
export function parseRecordsText(text: string): { records: JournalRecord[]; skipped: number } {
  if (!text.includes(BLOCK_BEGIN)) return parseJournal(text);
  const inside: string[] = [];
  let open = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.includes(BLOCK_BEGIN)) open = true;
    else if (line.includes(BLOCK_END)) open = false;
    else if (open) inside.push(line.slice(Math.max(0, line.indexOf('{"t":'))));
  }
  return parseJournal(inside.join("\n"));
}

/** The block as printed: markers around one record per line. */
export function formatRecordsBlock(records: readonly JournalRecord[]): string {
  return `${BLOCK_BEGIN}\n${records.map((r) => JSON.stringify(r)).join("\n")}\n${BLOCK_END}\n`;
}

/** A file's text, or stdin's for "-". */
export async function readRecordsFile(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path !== "-") return readFile(path, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
