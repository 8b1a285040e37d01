// Verdicts given on the page: the cards' buttons and note box (one listener for the whole grid, so a card
// built later needs none of its own) and the keys (keyboard.ts), through decide().
import { paintVerdict } from "./cards.js";
import { updateSaveNote } from "./download.js";
import { applyFilters } from "./filters.js";
import { cellOf } from "./state.js";
import { recordVerdict, reviewerName } from "./verdict-store.js";

const BUTTONS = [
  ["approve", "approved"],
  ["reject", "rejected"],
  ["clear", null],
] as const;

export function installVerdictControls(grid: HTMLElement): void {
  grid.addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>(".actions button");
    const verdict = BUTTONS.find(([name]) => button?.classList.contains(name));
    const card = button?.closest<HTMLElement>(".card");
    if (verdict && card) void decide(card, verdict[1]);
  });
  grid.addEventListener("keydown", (event) => {
    const note = event.target as HTMLElement;
    if (!note.matches("input.note")) return;
    if (event.key === "Enter") void decide(note.closest(".card") as HTMLElement, "rejected");
    if (event.key === "Escape") note.blur();
    event.stopPropagation();
  });
}

export async function decide(card: HTMLElement, verdict: "approved" | "rejected" | null): Promise<void> {
  const note = card.querySelector<HTMLInputElement>("input.note");
  const cell = cellOf(card);
  const problem = !cell.media
    ? "no playable video: pull it first"
    : verdict !== null && !reviewerName()
      ? askReviewer()
      : await recordVerdict(cell, verdict, note?.value.trim() ?? "");
  card.dataset.error = problem;
  paintVerdict(card);
  updateSaveNote();
  applyFilters();
}

/** A verdict needs a name: the Reviewer box is asked for once, then remembered in the page. */
function askReviewer(): string {
  const input = document.getElementById("reviewer") as HTMLInputElement | null;
  input?.classList.add("needed");
  input?.focus();
  return "enter your name in Reviewer first (asked once, remembered)";
}
