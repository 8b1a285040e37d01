// A bound on what one template may render, enforced while it renders: partials called ten times, five deep,
// or a helper fed its own output, multiply a short text into gigabytes before any check on the result could
// run (a 17-line manifest made 100 MB per prompt and exhausted the heap). Every piece a render produces (a
// partial's output, a helper's result, a block's iteration) is charged to the render's budget; past it the
// render stops with TemplateTooLarge. Rendering is synchronous, so one budget at a time is the current one.

/** Characters one template (a field, a name) may render; the API takes 1,000 for a prompt. */
export const MAX_RENDERED_CHARS = 1_000_000;

export class TemplateTooLarge extends Error {
  constructor() {
    super(
      `the template renders more than ${MAX_RENDERED_CHARS} characters (partials, blocks or helpers multiply its text); a field may render at most ${MAX_RENDERED_CHARS}`,
    );
  }
}

let spent = 0;
let active = false;

/** Runs one top-level render with a fresh budget (a nested call shares the running one). */
export function withRenderBudget<T>(render: () => T): T {
  if (active) return render();
  active = true;
  spent = 0;
  try {
    return render();
  } finally {
    active = false;
  }
}

/** Charges a produced piece (nested pieces are charged again inside their parent: a safe overestimate). */
export function charge<T>(piece: T): T {
  if (active && typeof piece === "string") {
    spent += piece.length;
    if (spent > MAX_RENDERED_CHARS) throw new TemplateTooLarge();
  }
  return piece;
}
