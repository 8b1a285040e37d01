// What `reelform review` says on stdout, one line (or two) per ReviewEvent of the review use cases.
import type { CommandContext } from "../command-context.js";
import type { ReviewEvent, ReviewListener } from "../review/campaign.js";

function renderReviewEvent(event: ReviewEvent): string {
  switch (event.kind) {
    case "page-written":
      return `reelform: review page written to ${event.page} (${event.videos} videos, ${event.pulled} pulled file(s) linked relative to it)\n`;
    case "bundle-written":
      return `reelform: review bundle written to ${event.bundle} (index.html and ${event.videos} pulled video(s); unzip it and open index.html)\n`;
    case "verdicts-imported": {
      const kept =
        event.keptExisting > 0 ? `, ${event.keptExisting} older than the recorded one (kept the recorded)` : "";
      return `reelform: merged ${event.file} into ${event.reviewFile}: ${event.added} added, ${event.updated} updated, ${event.unchanged} unchanged${kept}\n`;
    }
    case "serving":
      return `reelform: reviewing ${event.campaign} at ${event.url}\nreelform: verdicts are saved to ${event.reviewFile}; press Ctrl-C to stop\n`;
  }
}

/** The listener a command hands to the review use cases: each event printed as it happens. */
export function reviewReporter(ctx: Pick<CommandContext, "stdout">): ReviewListener {
  return (event) => ctx.stdout.write(renderReviewEvent(event));
}
