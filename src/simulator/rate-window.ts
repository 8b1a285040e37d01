/** A per-second limit over a sliding one-second window, like the upstream 20 creates per second. */
export class RateWindow {
  private readonly recent: number[] = [];

  /** Counts the request and returns undefined, or refuses it with the seconds to wait (Retry-After). */
  admit(now: number, perSecond: number): number | undefined {
    if (perSecond <= 0) return undefined;
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 1000) this.recent.shift();
    if (this.recent.length >= perSecond) {
      const oldest = this.recent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    }
    this.recent.push(now);
    return undefined;
  }
}
