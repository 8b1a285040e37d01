// Static page: the verdicts as the review file, to download and put next to the manifest (or merge with
// `reelform review MANIFEST --import FILE`). The same canonical form the CLI writes (src/review/review-text.ts).
import { el } from "./dom.js";
import { pageData } from "./state.js";
import { allVerdicts, markDownloaded, unsavedChanges } from "./verdict-store.js";

function reviewFileText(): string {
  const verdicts = allVerdicts().sort((a, b) => keyOrder(a.key, b.key) || a.generation - b.generation);
  const lines = [
    `# Review verdicts for ${pageData.manifest} (reelform review). Keep it in git next to the manifest:`,
    "# `reelform plan` regenerates rejected videos and keeps approved ones.",
    "format_version: 1",
    `campaign: ${JSON.stringify(pageData.campaign)}`,
    verdicts.length === 0 ? "verdicts: {}" : "verdicts:",
  ];
  let lastKey: string | undefined;
  for (const v of verdicts) {
    if (v.key !== lastKey) lines.push(`  ${JSON.stringify(v.key)}:`);
    lastKey = v.key;
    lines.push(`    - generation: ${v.generation}`);
    for (const field of ["verdict", "note", "by", "at", "task_id"] as const) {
      if (v[field] !== undefined) lines.push(`      ${field}: ${JSON.stringify(v[field])}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Code-point order, like the lockfile's (JavaScript's < compares UTF-16 units, which differs past U+FFFF). */
function keyOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function downloadVerdicts(): void {
  const link = el("a");
  link.href = URL.createObjectURL(new Blob([reviewFileText()], { type: "text/yaml" }));
  link.download = pageData.reviewFile;
  document.body.append(link);
  link.click();
  link.remove();
  markDownloaded();
  updateSaveNote();
}

export function updateSaveNote(): void {
  const note = document.getElementById("save-note");
  if (!note) return;
  if (pageData.mode === "serve") note.textContent = `verdicts are saved to ${pageData.reviewFile} as you click`;
  else
    note.textContent =
      unsavedChanges() > 0
        ? `${unsavedChanges()} change(s) not in ${pageData.reviewFile} yet: download it and put it next to the manifest`
        : `verdicts from ${pageData.reviewFile}`;
}
