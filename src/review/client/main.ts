// The review page's client, bundled with everything it imports into one inline script (esbuild, at build
// time: scripts/build-review-client.mjs). Start-up, all from the inlined data, no network: the first page
// of cards from the head as soon as this script runs, then, once the document is read, the other cells.
import { updateSaveNote, downloadVerdicts } from "./download.js";
import { installVerdictControls } from "./decisions.js";
import { applyFilters, buildToolbar, refreshChoices } from "./filters.js";
import { focusCard, installKeyboard, markFocused } from "./keyboard.js";
import { chooseDefaultAxes, computeOrder, turnPage } from "./layout.js";
import { closeLightbox, installHoverPlay } from "./players.js";
import { loadRemainingCells, pageData, pageState } from "./state.js";
import { storeText, storedText } from "./storage.js";
import { loadVerdicts } from "./verdict-store.js";

function startPage(): void {
  loadVerdicts();
  chooseDefaultAxes();
  computeOrder();
  buildToolbar();
  applyFilters();
  // When the first page of cards is in the DOM (bench/review-page.mjs reads it): time to the first screen.
  performance.mark("reelform-first-page");
  updateSaveNote();
  const grid = document.getElementById("grid") as HTMLElement;
  document.getElementById("page-prev")?.addEventListener("click", () => turnPage(-1));
  document.getElementById("page-next")?.addEventListener("click", () => turnPage(1));
  installHoverPlay(grid);
  installVerdictControls(grid);
  installKeyboard();
  grid.addEventListener("focusin", (event) => {
    const card = (event.target as HTMLElement).closest<HTMLElement>(".card");
    if (card && Number(card.dataset.index) !== pageState.focused) markFocused(card);
  });
  document.getElementById("download")?.addEventListener("click", downloadVerdicts);
  const lightbox = document.getElementById("lightbox");
  lightbox?.addEventListener("click", (event) => {
    if (event.target === event.currentTarget) focusCard(closeLightbox() ?? undefined);
  });
  lightbox?.addEventListener("close", () => focusCard(closeLightbox() ?? undefined));
  const reviewer = document.getElementById("reviewer") as HTMLInputElement | null;
  if (reviewer) reviewer.value = storedText("reelform-reviewer") ?? pageData.reviewer;
  reviewer?.addEventListener("change", () => {
    storeText("reelform-reviewer", reviewer.value.trim());
    reviewer.classList.toggle("needed", reviewer.value.trim() === "");
  });
}

/** Every cell is known: the order, the filters' choices, the counter and the pager cover the campaign. */
async function finishLoading(): Promise<void> {
  await loadRemainingCells();
  computeOrder();
  refreshChoices();
  applyFilters();
  performance.mark("reelform-all-cells");
}

startPage();
if (pageState.loading) {
  // The other cells' blocks follow this script: they are read once the parser has reached the end.
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", () => void finishLoading(), { once: true });
  else void finishLoading();
} else performance.mark("reelform-all-cells");
