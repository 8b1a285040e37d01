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
    // Requests are counted when they arrived, and answered after their own latency: a time may come out of
    // order. Kept sorted; the count above also holds every later arrival already admitted (never too few).
    let at = this.recent.length;
    while (at > 0 && (this.recent[at - 1] ?? 0) > now) at -= 1;
    this.recent.splice(at, 0, now);
    return undefined;
  }
}
