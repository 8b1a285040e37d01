// The only helpers templates may call (knownHelpersOnly), besides Handlebars' block built-ins
// (if, unless, each, with) and lookup. Documented in docs/manifest.md ("Templates").
type Helper = (...args: unknown[]) => unknown;

const text = (value: unknown): string => (value === null || value === undefined ? "" : String(value));

/** Strips Handlebars' trailing options argument. */
const params = (args: unknown[]): unknown[] => args.slice(0, -1);

export const TEMPLATE_HELPERS: Record<string, Helper> = {
  lower: (...args) => text(params(args)[0]).toLowerCase(),
  upper: (...args) => text(params(args)[0]).toUpperCase(),
  trim: (...args) => text(params(args)[0]).trim(),
  /** {{default value "fallback"}}: the fallback when the value is null or empty text. */
  default: (...args) => {
    const [value, fallback] = params(args);
    return value === null || value === undefined || value === "" ? fallback : value;
  },
  /** {{join list ", "}}: an array's items joined (separator defaults to ", "). */
  join: (...args) => {
    const [list, separator] = params(args);
    return Array.isArray(list) ? list.map(text).join(typeof separator === "string" ? separator : ", ") : text(list);
  },
  /** {{replace text "from" "to"}}: every occurrence replaced. */
  replace: (...args) => {
    const [value, from, to] = params(args);
    return text(value).split(text(from)).join(text(to));
  },
  /** {{slug text}}: lower-case, runs of other characters turned into "-" (handy in names). */
  slug: (...args) =>
    text(params(args)[0])
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, ""),
};
