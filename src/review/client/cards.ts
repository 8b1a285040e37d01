// One card per request: its player (created when scrolled near), what it is, how it went, its earlier
// generations side by side, and the verdict buttons (their clicks are handled for the whole grid:
// decisions.ts).
import type { ReviewCell, VideoSource } from "../data.js";
import { el } from "./dom.js";
import { cellOf, pageData } from "./state.js";
import { verdictOf } from "./verdict-store.js";

export function buildCard(cell: ReviewCell, index: number): HTMLElement {
  const card = el("article", "card");
  card.dataset.index = String(index);
  card.dataset.key = cell.key;
  card.tabIndex = -1;
  const main = el("div", "takes");
  main.append(playerSlot(cell.media, cell.earlier.length > 0 ? `current: g${cell.generation}` : "", ""));
  for (const g of [...cell.earlier].reverse())
    main.append(playerSlot(g.media, `g${g.generation}`, earlierCaption(cell.key, g)));
  card.append(main, cardInfo(cell), cardActions(cell));
  if (cell.earlier.length > 0) card.classList.add("has-earlier");
  paintVerdict(card);
  return card;
}

function playerSlot(media: VideoSource | undefined, label: string, caption: string): HTMLElement {
  const slot = el("figure", "player");
  if (media) {
    slot.dataset.src = media.src;
    slot.title = media.from === "url" ? "plays from the recorded URL (not pulled)" : "plays from the pulled file";
  } else {
    slot.classList.add("empty");
    slot.append(el("span", "no-video", "no video"));
  }
  const text = [label, caption].filter(Boolean).join(" · ");
  if (text) slot.append(el("figcaption", "", text));
  return slot;
}

function earlierCaption(key: string, g: ReviewCell["earlier"][number]): string {
  const v = verdictOf(key, g.generation);
  const failed = (g.checks ?? []).filter((c) => c.outcome === "failed").map((c) => c.check);
  return [g.state, v?.verdict, failed.length > 0 ? `failed ${failed.join(", ")}` : ""].filter(Boolean).join(", ");
}

function cardInfo(cell: ReviewCell): HTMLElement {
  const info = el("div", "info");
  const head = el("div", "head");
  // The state, once: a badge with the generation it is about.
  const state = cell.generation ? `g${cell.generation} · ${cell.state}` : cell.state;
  head.append(
    el("code", "key", cell.key),
    el("span", `badge state-${cell.state.replace(/\s+/g, "-")}`, state),
    el("span", "badge verdict"),
  );
  const prompt = el("details", "prompt");
  prompt.append(
    el("summary", "", cell.prompt.length > 90 ? `${cell.prompt.slice(0, 90)}…` : cell.prompt || "(no prompt)"),
    el("p", "", cell.prompt),
  );
  const facts = [`${cell.model} ${cell.version}`.trim(), cell.resolution, `${cell.seconds} s`];
  if (cell.cost !== undefined)
    facts.push(`≈ ${cell.cost.toFixed(2)}${pageData.currency ? ` ${pageData.currency}` : ""}`);
  info.append(head, prompt, el("p", "facts", facts.filter(Boolean).join(" · ")));
  if (cell.checks && cell.checks.length > 0) info.append(checkBadges(cell.checks));
  if (cell.failure) info.append(el("p", "failure", cell.failure));
  return info;
}

/** One badge per check, with what was measured (and, for a failure, what was asked). */
function checkBadges(checks: NonNullable<ReviewCell["checks"]>): HTMLElement {
  const row = el("div", "checks");
  for (const c of checks) {
    const mark = c.outcome === "passed" ? "✓" : c.outcome === "failed" ? "✗" : "–";
    const value = c.outcome === "not_run" ? "not run" : c.measured && c.measured !== "-" ? c.measured : "";
    const badge = el("span", `badge check check-${c.outcome}`, `${mark} ${c.check}${value ? ` ${value}` : ""}`);
    badge.title =
      c.outcome === "failed"
        ? `${c.check} failed: got ${c.measured ?? "?"}, asked ${c.asked ?? "?"}`
        : c.outcome === "not_run"
          ? `${c.check} was not run (its tool was absent)`
          : `${c.check} passed${c.asked ? ` (asked ${c.asked})` : ""}`;
    row.append(badge);
  }
  return row;
}

function cardActions(cell: ReviewCell): HTMLElement {
  const actions = el("div", "actions");
  if (!cell.generation) return actions;
  if (cell.earlier.length > 0) {
    const compare = el("button", "compare", "Compare generations");
    compare.title = "every generation at full card size, side by side";
    compare.addEventListener("click", () => actions.closest(".card")?.classList.toggle("comparing"));
    actions.append(compare);
  }
  // Verdicts only on what can be seen: no pulled file and no unexpired URL means nobody watched it.
  if (!cell.media) {
    actions.append(
      el(
        "p",
        "unseen",
        "No playable video (not pulled, and no unexpired URL): it cannot be approved or rejected until it is pulled.",
      ),
    );
    return actions;
  }
  const note = el("input", "note");
  note.placeholder = "note (why rejected?)";
  const approve = el("button", "approve", "Approve (a)");
  const reject = el("button", "reject", "Reject (r)");
  const clear = el("button", "clear", "Clear (u)");
  actions.append(approve, reject, clear, note);
  return actions;
}

export function paintVerdict(card: HTMLElement): void {
  const cell = cellOf(card);
  const v = verdictOf(cell.key, cell.generation);
  card.dataset.verdict = v ? v.verdict : "none";
  const badge = card.querySelector(".verdict");
  if (badge)
    badge.textContent = card.dataset.error
      ? `⚠ ${card.dataset.error}`
      : v
        ? `${v.verdict}${v.note ? `: ${v.note}` : ""}${v.by ? ` (${v.by})` : ""}`
        : "";
  const note = card.querySelector<HTMLInputElement>("input.note");
  if (note && v?.note && document.activeElement !== note) note.value = v.note;
}
