// Just enough Markdown for the documentation checks: headings, their GitHub anchors, relative links and the
// text under a heading. Fenced code blocks are skipped: a `# comment` or a `[x](y)` in an example is not
// a heading or a link.

interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

/** Each line with whether it sits inside a fenced code block (the fence lines themselves count as inside). */
function proseLines(markdown: string): { text: string; inFence: boolean }[] {
  let inFence = false;
  return markdown.split("\n").map((text) => {
    const fence = /^\s*(```|~~~)/.test(text);
    if (fence) inFence = !inFence;
    return { text, inFence: inFence || fence };
  });
}

function headings(markdown: string): Heading[] {
  return proseLines(markdown).flatMap(({ text, inFence }, index) => {
    const match = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    return match ? [{ level: match[1]!.length, text: match[2]!, line: index + 1 }] : [];
  });
}

/** GitHub's anchor for a heading: lower case, inline markup and punctuation (but `-` and `_`) dropped, spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor of a document, a repeated heading numbered `-1`, `-2`… as GitHub does. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = slug(heading.text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Targets of inline links and images that stay in the repository (no scheme, not a bare e-mail address). */
export function relativeLinks(markdown: string): Link[] {
  return proseLines(markdown).flatMap(({ text, inFence }, index) => {
    if (inFence) return [];
    const prose = text.replace(/`[^`]*`/g, "code");
    return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ target, line: index + 1 }));
  });
}

/** The text under the first heading that reads `text`, up to the next heading of the same or a higher level. */
export function section(markdown: string, text: string): string | undefined {
  const all = headings(markdown);
  const start = all.find((h) => h.text === text);
  if (!start) return undefined;
  const end = all.find((h) => h.line > start.line && h.level <= start.level);
  return markdown
    .split("\n")
    .slice(start.line, end ? end.line - 1 : undefined)
    .join("\n");
}
