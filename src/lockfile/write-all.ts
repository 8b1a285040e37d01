/** A file handle's write, as FileHandle has it (tests pass fakes that write short or fail). */
export interface WritableFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
}

/**
 * Writes every byte: a short write (fewer bytes than asked and no error, as a nearly full disk gives) is
 * continued where it stopped; a write of nothing at all is taken as a full disk rather than retried forever.
 */
export async function writeAll(file: WritableFile, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error("no bytes written"), { code: "ENOSPC" });
    offset += bytesWritten;
  }
}
