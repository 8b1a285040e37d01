// The review tests' browser helpers against a page with the review page's kind of Content-Security-Policy
// (no 'unsafe-eval'): a wait that has to poll must still work there.
import { afterEach, describe, expect, it } from "vitest";
import { hasChromium, loadEveryPlayer, openBrowser, type OpenBrowser } from "./browser.js";

// One lazy player whose <video> appears only on the predicate's third check, so the wait cannot be
// satisfied by its first check: it must poll, under a CSP that refuses eval.
const LATE_PLAYER_PAGE = `<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-late'; media-src data:">
<div id="grid"><figure class="player" data-src="late.mp4"></figure></div>
<script nonce="late">
  const original = Document.prototype.querySelectorAll;
  let checks = 0;
  Document.prototype.querySelectorAll = function (selector) {
    if (selector === "#grid figure.player video" && ++checks === 3) {
      const video = document.createElement("video");
      video.src = "data:video/mp4;base64,AAAA";
      document.querySelector("figure.player").append(video);
    }
    return original.call(this, selector);
  };
</script>`;

let browser: OpenBrowser | undefined;

describe.skipIf(!hasChromium)(
  "browser helpers under the review page's CSP (skipped when /usr/bin/chromium is absent)",
  () => {
    afterEach(async () => {
      await browser?.close();
      browser = undefined;
    });

    it("loadEveryPlayer polls until a player created late has its metadata or an error", async () => {
      browser = await openBrowser();
      const errors: string[] = [];
      browser.page.on("console", (m) => errors.push(m.text()));
      await browser.page.setContent(LATE_PLAYER_PAGE);
      const players = await loadEveryPlayer(browser.page);
      expect(players).toMatchObject({ players: 1, loaded: 0 });
      expect(errors.filter((e) => e.includes("unsafe-eval"))).toEqual([]);
    }, 60_000);
  },
);
