// Start-up: verdicts, toolbar, cards, grid, lazy players; all from the inlined data, no network.
function startPage(): void {
  loadVerdicts();
  defaultAxes();
  pageState.cards = pageData.cells.map(buildCard);
  buildToolbar();
  renderGrid();
  applyFilters();
  updateSaveNote();
  const grid = document.getElementById("grid") as HTMLElement;
  watchPlayers(grid);
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
  if (reviewer) reviewer.value = localStorage.getItem("reelform-reviewer") ?? pageData.reviewer;
  reviewer?.addEventListener("change", () => localStorage.setItem("reelform-reviewer", reviewer.value));
}

startPage();
