// Keyboard: ←/→ or j/k move between visible cards (in the lightbox too), ↑/↓ move by row, a approves, r notes and rejects
// (Enter), shift+R rejects at once, u clears, space plays, Enter/f opens the lightbox, / searches.
import { PAGE_SIZE } from "../display-order.js";
import { decide } from "./decisions.js";
import { renderGrid } from "./layout.js";
import { closeLightbox, openLightbox } from "./players.js";
import { pageState } from "./state.js";

export function installKeyboard(): void {
  document.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (target.matches("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = KEY_ACTIONS[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

const KEY_ACTIONS: Record<string, () => void> = {
  ArrowRight: () => moveFocus(1),
  j: () => moveFocus(1),
  ArrowLeft: () => moveFocus(-1),
  k: () => moveFocus(-1),
  ArrowDown: () => moveVertically(1),
  ArrowUp: () => moveVertically(-1),
  a: () => withFocused((card) => void decide(card, "approved")),
  r: () => withFocused((card) => card.querySelector<HTMLInputElement>("input.note")?.focus()),
  R: () => withFocused((card) => void decide(card, "rejected")),
  u: () => withFocused((card) => void decide(card, null)),
  " ": () => withFocused(togglePlay),
  Enter: () => withFocused(openFocused),
  f: () => withFocused(openFocused),
  Escape: () => focusCard(closeLightbox() ?? undefined),
  "/": () => document.getElementById("filter-text")?.focus(),
};

function visibleCards(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("#grid .card")].filter((c) => !c.hidden);
}

export function markFocused(card: HTMLElement): void {
  document.querySelector(".card.focused")?.classList.remove("focused");
  card.classList.add("focused");
  pageState.focused = Number(card.dataset.index);
}

export function focusCard(card: HTMLElement | undefined): void {
  if (!card) return;
  markFocused(card);
  // In the lightbox, moving shows the next card's video full size.
  if ((document.getElementById("lightbox") as HTMLDialogElement | null)?.open) openFocused(card);
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest", inline: "nearest" });
}

/** Moves over the filtered data, turning the page when the next card is on another one. */
function moveFocus(step: number): void {
  const shown = pageState.shown;
  if (shown.length === 0) return;
  const at = shown.indexOf(pageState.focused);
  const to =
    at < 0
      ? Math.min(pageState.page * PAGE_SIZE, shown.length - 1)
      : Math.min(shown.length - 1, Math.max(0, at + step));
  focusCard(showCell(shown[to] as number));
}

/** The card of a cell the filters keep, rendering the page it is on. */
function showCell(index: number): HTMLElement | undefined {
  const at = pageState.shown.indexOf(index);
  if (at < 0) return undefined;
  const page = Math.floor(at / PAGE_SIZE);
  if (page !== pageState.page) {
    pageState.page = page;
    renderGrid();
  }
  return pageState.cards.get(index);
}

/** The nearest visible card straight below (or above) the focused one. */
function moveVertically(direction: number): void {
  const current = pageState.cards.get(pageState.focused);
  if (!current?.isConnected) return moveFocus(direction);
  const from = current.getBoundingClientRect();
  let best: HTMLElement | undefined;
  let bestScore = Infinity;
  for (const card of visibleCards()) {
    const r = card.getBoundingClientRect();
    const dy = (r.top - from.top) * direction;
    if (dy <= 1) continue;
    const score = dy * 4 + Math.abs(r.left - from.left);
    if (score < bestScore) [best, bestScore] = [card, score];
  }
  // Past the page's last row: on to the next page's first card (or back to the previous page's last).
  if (!best && pageState.shown.indexOf(pageState.focused) >= 0) return moveFocus(direction);
  focusCard(best);
}

function withFocused(act: (card: HTMLElement) => void): void {
  const card = pageState.cards.get(pageState.focused);
  if (card?.isConnected) act(card);
}

function togglePlay(card: HTMLElement): void {
  const video = card.querySelector("video");
  if (video) void (video.paused ? video.play().catch(() => undefined) : video.pause());
}

function openFocused(card: HTMLElement): void {
  const slot = card.querySelector<HTMLElement>("figure.player[data-src]");
  if (slot) openLightbox(slot.dataset.src ?? "", card);
}
