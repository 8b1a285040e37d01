// Start-up: verdicts, toolbar, cards, grid, lazy players; all from the inlined data, no network.
function startPage(): void {
  loadVerdicts();
  defaultAxes();
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
  installKeyboard();
  grid.addEventListener("focusin", (event) => {
    const card = (event.target as HTMLElement).closest<HTMLElement>(".card");
    if (card && Number(card.dataset.index) !== pageState.focused) markFocused(card);
  });
  document.getElementById("download")?.addEventListener("click", downloadVerdicts);
  document.getElementById("lightbox")?.addEventListener("click", (event) => {
    if (event.target === event.currentTarget) closeLightbox();
  });
  document.getElementById("lightbox")?.addEventListener("close", closeLightbox);
  const reviewer = document.getElementById("reviewer") as HTMLInputElement | null;
  if (reviewer) reviewer.value = storedText("reelform-reviewer") ?? pageData.reviewer;
  reviewer?.addEventListener("change", () => {
    storeText("reelform-reviewer", reviewer.value.trim());
    reviewer.classList.toggle("needed", reviewer.value.trim() === "");
  });
}

/** localStorage may be off (some browsers refuse it to file:// pages): then nothing is remembered. */
function storedText(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function storeText(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered across reloads; the page works the same.
  }
}

startPage();
