// Keyboard: ←/→ or j/k move between visible cards (in the lightbox too), ↑/↓ move by row, a approves, r notes and rejects
// (Enter), shift+R rejects at once, u clears, space plays, Enter/f opens the lightbox, / searches.
function installKeyboard(): void {
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
  Escape: () => closeLightbox(),
  "/": () => document.getElementById("filter-text")?.focus(),
};

function visibleCards(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("#grid .card")].filter((c) => !c.hidden);
}

function markFocused(card: HTMLElement): void {
  document.querySelector(".card.focused")?.classList.remove("focused");
  card.classList.add("focused");
  pageState.focused = Number(card.dataset.index);
}

function focusCard(card: HTMLElement | undefined): void {
  if (!card) return;
  markFocused(card);
  // In the lightbox, moving shows the next card's video full size.
  if ((document.getElementById("lightbox") as HTMLDialogElement | null)?.open) openFocused(card);
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function moveFocus(step: number): void {
  const cards = visibleCards();
  const at = cards.findIndex((c) => Number(c.dataset.index) === pageState.focused);
  focusCard(cards[at < 0 ? 0 : Math.min(cards.length - 1, Math.max(0, at + step))]);
}

/** The nearest visible card straight below (or above) the focused one. */
function moveVertically(direction: number): void {
  const current = pageState.cards[pageState.focused];
  if (!current) return moveFocus(direction);
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
  focusCard(best);
}

function withFocused(act: (card: HTMLElement) => void): void {
  const card = pageState.cards[pageState.focused];
  if (card && !card.hidden) act(card);
}

function togglePlay(card: HTMLElement): void {
  const video = card.querySelector("video");
  if (video) void (video.paused ? video.play().catch(() => undefined) : video.pause());
}

function openFocused(card: HTMLElement): void {
  const slot = card.querySelector<HTMLElement>("figure.player[data-src]");
  if (slot) openLightbox(slot.dataset.src ?? "", card);
}
