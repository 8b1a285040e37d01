// A size in bytes as people read it, for messages and progress lines (exact counts stay plain numbers).

const UNITS = ["KiB", "MiB", "GiB", "TiB"];

/**
 * 1023 -> "1023 bytes", 1024 -> "1 KiB", 1536 -> "1.5 KiB", 5 * 2^20 -> "5 MiB": binary units, one decimal
 * at most (a trailing ".0" dropped); a value that rounds up to 1024 of one unit is shown in the next.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (Number(value.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1).replace(/\.0$/, "")} ${UNITS[unit]}`;
}
