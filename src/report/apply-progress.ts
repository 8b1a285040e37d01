import type { ApplyEvent } from "../apply/events.js";

/** Running counts for progress displays, folded from executor events. */
export class ApplyProgress {
  total = 0;
  done = 0;
  created = 0;
  failed = 0;
  private retrying = new Set<string>();
  private startedAt = 0;

  constructor(private readonly now: () => number) {}

  update(event: ApplyEvent): void {
    if (event.event === "start") {
      this.total = event.total;
      this.startedAt = this.now();
    } else if (event.event === "retry") {
      this.retrying.add(event.key);
    } else if ("key" in event) {
      this.retrying.delete(event.key);
      this.done += 1;
      if (event.event === "created") this.created += 1;
      else this.failed += 1;
    }
  }

  /** "120/500 done · 118 created · 2 failed · 3 retrying · 19.8/s · ETA 19s" */
  line(): string {
    const seconds = Math.max(0.001, (this.now() - this.startedAt) / 1000);
    const rate = this.done / seconds;
    const left = this.total - this.done;
    const eta = rate > 0 && left > 0 ? ` · ETA ${formatDuration(left / rate)}` : "";
    return (
      `${this.done}/${this.total} done · ${this.created} created · ${this.failed} failed · ` +
      `${this.retrying.size} retrying · ${rate.toFixed(1)}/s${eta}`
    );
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${Math.ceil(seconds % 60)}s` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
