// Videos load lazily: a <video> is only created when its card comes near the viewport, with
// preload="metadata", and nothing plays until asked (hover, space, or the lightbox). Once more than
// PLAYER_CAP players exist, a paused one that leaves the margin is released (its decoder and buffers freed).
import { el } from "./dom.js";
import { cellOf } from "./state.js";

const nearViewport = new IntersectionObserver(onNearViewport, { rootMargin: "300px 0px" });
const PLAYER_CAP = 48;

export function watchPlayers(root: ParentNode): void {
  for (const slot of root.querySelectorAll<HTMLElement>("figure.player[data-src]")) nearViewport.observe(slot);
}

function onNearViewport(entries: IntersectionObserverEntry[]): void {
  for (const entry of entries) {
    const slot = entry.target as HTMLElement;
    const video = slot.querySelector("video");
    if (entry.isIntersecting) {
      if (!video) slot.prepend(videoFor(slot.dataset.src ?? ""));
    } else if (video?.paused && document.querySelectorAll("#grid video").length > PLAYER_CAP) {
      releaseVideo(video);
    }
  }
}

function releaseVideo(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute("src");
  video.load();
  video.remove();
}

/** A card off the page: no longer watched, its players released. */
export function releaseCard(card: HTMLElement): void {
  for (const slot of card.querySelectorAll<HTMLElement>("figure.player[data-src]")) nearViewport.unobserve(slot);
  for (const video of card.querySelectorAll("video")) releaseVideo(video);
}

function videoFor(src: string): HTMLVideoElement {
  const video = el("video");
  video.muted = true;
  video.loop = true;
  video.playsInline = true;
  video.preload = "metadata";
  // A media fragment makes the browser fetch and paint the first frame: the card shows a poster, not a black box.
  video.src = `${src}#t=0.001`;
  return video;
}

export function installHoverPlay(root: HTMLElement): void {
  root.addEventListener("mouseover", (event) =>
    playerVideo(event.target)
      ?.play()
      .catch(() => undefined),
  );
  root.addEventListener("mouseout", (event) => playerVideo(event.target)?.pause());
  root.addEventListener("click", (event) => {
    const slot = (event.target as HTMLElement).closest<HTMLElement>("figure.player[data-src]");
    if (slot) openLightbox(slot.dataset.src ?? "", slot.closest<HTMLElement>(".card"));
  });
}

function playerVideo(target: EventTarget | null): HTMLVideoElement | null {
  return (target as HTMLElement | null)?.closest?.("figure.player")?.querySelector("video") ?? null;
}

/** The card shown full size: it keeps the focus when the lightbox closes (the dialog would restore the one it opened from). */
let lightboxCard: HTMLElement | null = null;

export function openLightbox(src: string, card: HTMLElement | null): void {
  lightboxCard = card;
  const box = document.getElementById("lightbox") as HTMLDialogElement;
  const video = box.querySelector("video") as HTMLVideoElement;
  video.src = src;
  const caption = box.querySelector(".caption");
  if (caption && card) caption.textContent = `${cellOf(card).key} — ${cellOf(card).prompt}`;
  if (!box.open) box.showModal();
  void video.play().catch(() => undefined);
}

/** Closes the lightbox; the first call after it opened returns the card to give the focus back to. */
export function closeLightbox(): HTMLElement | null {
  const box = document.getElementById("lightbox") as HTMLDialogElement;
  const video = box.querySelector("video") as HTMLVideoElement;
  video.pause();
  video.removeAttribute("src");
  video.load();
  if (box.open) box.close();
  // Escape closes the dialog here and again through its "close" event, which the browser queues: a later task
  // that may run after the next key. Only the first call gives the focus back, so it can't undo a move.
  const card = lightboxCard;
  lightboxCard = null;
  return card;
}
