// The canonical lockfile's layout as bytes (serialize.ts writes it): what the readers that work on the bytes
// (by-entries.ts, read-entry.ts, source-bytes.ts, source-index.ts) look for.

/** The line that opens the entries. */
export const ENTRIES = Buffer.from('\n  "entries": {');
/** The line break and indent before each entry's key. */
export const ENTRY_START = Buffer.from('\n    "');
/** The line break and indent of each entry's closing brace. */
export const ENTRY_END = Buffer.from("\n    }");
/** How the file ends, after the last entry. */
export const FILE_END = Buffer.from("\n  }\n}\n");
