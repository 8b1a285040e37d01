import type { ApplyEvent } from "../apply/events.js";
import { formatDuration } from "../util/duration.js";
import { OUTCOME_WORD, OUTCOMES, type Outcome } from "./outcome-words.js";

/** Running counts for progress displays, folded from executor events, in the summary's words. */
export class ApplyProgress {
  total = 0;
  done = 0;
  readonly counts: Record<Outcome, number> = { created: 0, rejected: 0, duplicate: 0, in_doubt: 0, failed: 0 };
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
      this.counts[outcomeOf(event)] += 1;
    }
  }

  /** "120/500 done · 117 created · 2 rejected · 1 duplicate · 3 retrying · 19.8/s · ETA 19s" (zero problems omitted) */
  line(): string {
    const seconds = Math.max(0.001, (this.now() - this.startedAt) / 1000);
    const rate = this.done / seconds;
    const left = this.total - this.done;
    const eta = rate > 0 && left > 0 ? ` · ETA ${formatDuration((left / rate) * 1000)}` : "";
    const outcomes = OUTCOMES.filter((o) => o === "created" || this.counts[o] > 0).map(
      (o) => `${this.counts[o]} ${OUTCOME_WORD[o]}`,
    );
    return [
      `${this.done}/${this.total} done`,
      ...outcomes,
      `${this.retrying.size} retrying`,
      `${rate.toFixed(1)}/s${eta}`,
    ].join(" · ");
  }
}

/** A fatal answer ends as the summary counts it: in doubt when the request may have been created, else failed. */
function outcomeOf(event: Exclude<Extract<ApplyEvent, { key: string }>, { event: "retry" }>): Outcome {
  return event.event === "fatal" ? (event.in_doubt ? "in_doubt" : "failed") : event.event;
}
