// One self-contained HTML page: the stylesheet, the campaign's data as inline JSON and the client (the ES
// modules of src/review/client/, bundled by esbuild into dist/review-page/client/main.js at build time:
// scripts/build-review-client.mjs) inlined, so it works from file:// with no network. A
// Content-Security-Policy forbids every fetch but videos and the serve API, and any eval.
import { readFileSync } from "node:fs";
import type { ReviewData } from "./data.js";
import { splitForPage } from "./page-blocks.js";
import { PAGE_CSS } from "./page-style.js";

const CLIENT_BUNDLE = new URL("../review-page/client/main.js", import.meta.url);

let clientScript: string | undefined;

function loadClient(): string {
  clientScript ??= readFileSync(CLIENT_BUNDLE, "utf8");
  return clientScript;
}

export function renderReviewPage(data: ReviewData): string {
  return [...reviewPageChunks(data)].join("");
}

/**
 * The page as pieces of text, in order (their concatenation is renderReviewPage's): the head with the first
 * page's data and the client, then each block of the other cells. A 500,000-video page is about 400 MB of
 * text: written piece by piece, it is never one string (nor its copies) in memory.
 */
export function* reviewPageChunks(data: ReviewData): Generator<string> {
  const { head, blocks } = splitForPage(data);
  const title = `Review: ${data.campaign}`;
  const csp =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; media-src 'self' file: http: https: blob:; connect-src 'self'";
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header class="top">
<div class="title-row"><h1>${escapeHtml(title)}</h1><strong id="counter"></strong><span id="count"></span>
<label>Reviewer <input id="reviewer" size="12" placeholder="your name" required></label>
${data.mode === "static" ? `<button id="download" type="button">Download ${escapeHtml(data.reviewFile)}</button>` : ""}
<details class="help"><summary>Keys</summary><kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd> move · <kbd>a</kbd> approve · <kbd>r</kbd> note + reject · <kbd>u</kbd> clear · <kbd>space</kbd> play · <kbd>f</kbd> full size</details></div>
<div id="toolbar"></div><div id="save-note"></div>
<div id="pager" hidden><button id="page-prev" type="button">‹ Previous</button> <span id="page-of"></span> <button id="page-next" type="button">Next ›</button></div>
</header>
<main id="grid"></main>
<dialog id="lightbox"><video controls loop playsinline></video><p class="caption"></p></dialog>
<script type="application/json" id="reelform-data">${inlineJson(head)}</script>
<script>${loadClient()}</script>
`;
  for (const block of blocks)
    yield `<script type="application/json" class="reelform-cells">${inlineJson(block)}</script>\n`;
  yield `</body>
</html>
`;
}

/** JSON inside <script>: "<" is escaped so no value can close the element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
