// What the browser remembers for the page (reviewer name, thumbnail size, unsaved verdicts).

/** localStorage may be off (some browsers refuse it to file:// pages): then nothing is remembered. */
export function storedText(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeText(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered across reloads; the page works the same.
  }
}
