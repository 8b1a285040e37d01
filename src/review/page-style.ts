// The review page's stylesheet (inlined: the page needs nothing from the network). CSS grid for the
// matrix; cards skip layout and paint while off screen (content-visibility), so 2,000 of them scroll smoothly.
export const PAGE_CSS = `
:root { --thumb: 360px; color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --line: #d8dce3; --muted: #667085; --ok: #1a7f37; --bad: #c4302b; --focus: #2f6feb; }
@media (prefers-color-scheme: dark) { :root { --bg: #14161a; --card: #1d2026; --line: #333844; --muted: #98a2b3; } }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, sans-serif; background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 5; background: var(--bg); border-bottom: 1px solid var(--line); padding: 8px 16px; }
header.top h1 { font-size: 16px; margin: 0; white-space: nowrap; }
.title-row { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; }
#counter { font-weight: 600; white-space: nowrap; }
#reviewer.needed { outline: 2px solid var(--bad); }
details.help { display: inline-block; color: var(--muted); }
details.help summary { cursor: pointer; }
#toolbar { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; margin-top: 6px; }
#toolbar select, #toolbar input, header.top input { font: inherit; }
#pager { margin-top: 6px; display: flex; gap: 10px; align-items: center; }
#pager[hidden] { display: none; }
#count, #save-note { color: var(--muted); margin-right: 12px; white-space: nowrap; }
#save-note { font-size: 12px; margin-top: 2px; }
main#grid { padding: 12px 16px 40px; }
section.group { margin-bottom: 24px; }
section.group h2 { font-size: 14px; margin: 8px 0; }
.matrix { display: grid; gap: 8px; align-items: start; }
.corner, .colhead, .rowhead { font-weight: 600; color: var(--muted); padding: 4px; }
.rowhead { align-self: center; writing-mode: horizontal-tb; }
.slot { display: flex; flex-wrap: wrap; gap: 8px; min-height: 40px; border: 1px dashed var(--line); border-radius: 6px; padding: 4px; }
.slot > .card { flex: 1 1 var(--thumb); }
.plain-grid { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(var(--thumb), 1fr)); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px; content-visibility: auto; contain-intrinsic-size: auto 330px; outline: none; }
.card.focused { box-shadow: 0 0 0 2px var(--focus); }
.card[data-verdict=approved] { border-color: var(--ok); }
.card[data-verdict=rejected] { border-color: var(--bad); }
.card[hidden] { display: none; }
.takes { display: flex; gap: 4px; }
figure.player { margin: 0; flex: 1; min-width: 0; position: relative; cursor: zoom-in; }
.takes figure.player + figure.player { flex: 0 0 45%; opacity: .9; }
.card.comparing { grid-column: 1 / -1; }
.card.comparing .takes figure.player { flex: 1 1 var(--thumb); opacity: 1; }
.card.comparing .takes { flex-wrap: wrap; }
figure.player video, figure.player.empty { width: 100%; aspect-ratio: 16 / 9; object-fit: contain; background: #000; display: block; border-radius: 4px; }
figure.player.empty { display: grid; place-items: center; color: #aaa; cursor: default; }
figcaption { font-size: 11px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.head { display: flex; flex-wrap: wrap; gap: 4px; align-items: baseline; margin-top: 4px; }
.key { font-weight: 600; word-break: break-all; }
.badge { border-radius: 8px; padding: 0 6px; font-size: 11px; background: var(--line); }
.badge:empty { display: none; }
.state-succeeded { background: #d3f0db; color: #0f5323; }
.state-failed, .state-rejected, .state-expired { background: #fbd9d7; color: #7a1712; }
.card[data-verdict=approved] .verdict { background: var(--ok); color: #fff; }
.card[data-verdict=rejected] .verdict { background: var(--bad); color: #fff; }
.prompt summary { cursor: pointer; color: var(--muted); }
.prompt p { margin: 4px 0; white-space: pre-wrap; }
.facts { margin: 2px 0; color: var(--muted); }
.failure { margin: 2px 0; color: var(--bad); }
.checks { display: flex; flex-wrap: wrap; gap: 3px; margin: 3px 0; }
.check-passed { background: #d3f0db; color: #0f5323; }
.check-failed { background: #fbd9d7; color: #7a1712; font-weight: 600; }
.check-not_run { background: var(--line); color: var(--muted); }
.unseen { margin: 2px 0; color: var(--muted); font-style: italic; }
.actions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.actions button { font: inherit; font-size: 12px; cursor: pointer; }
.actions .note { flex: 1 1 100%; font: inherit; }
dialog#lightbox { width: min(96vw, 1280px); border: 0; padding: 8px; background: #000; color: #eee; }
dialog#lightbox video { width: 100%; max-height: 80vh; background: #000; }
dialog#lightbox::backdrop { background: rgba(0, 0, 0, .8); }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; font-size: 11px; }
`;
