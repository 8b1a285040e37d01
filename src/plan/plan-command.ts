// The flags a plan was made with, so that "run plan again" advice repeats them: a saved plan of
// `--target 'hero-*'` must be remade with `--target 'hero-*'`, not for the whole manifest.

/** Which keys a plan covers and how (the one declaration plan, apply and the diff share). */
export interface Selection {
  /** Globs on keys: only these (default all). */
  target?: string[];
  exclude?: string[];
  /** Globs on keys: force a new generation. */
  replace?: string[];
  /** New generation for failed / rejected entries worth retrying (worth-retrying.ts). */
  retryFailed?: boolean;
  /** New generation for every failed / rejected entry. */
  retryAllFailed?: boolean;
  /** New generation for keys whose current generation failed a check (within max_generations). */
  replaceFailedChecks?: boolean;
  /** Budget (--max-cost); default the manifest's (settings.budget). */
  maxCost?: number;
  allowCampaignMismatch?: boolean;
}

/** The flags plan and apply take to make a plan: the selection and what the plan is made with. */
export interface PlanSelectionFlags extends Selection {
  /** --prices FILE: a price table that replaces the manifest's. */
  prices?: string;
  strict?: boolean;
  models?: string;
  maxRequests?: number;
  /** --provider NAME (then REELFORM_PROVIDER, then the manifest's provider:). */
  provider?: string;
}

/** Just the selection of a set of flags (a command's options carry much else). */
export function selectionOf(flags: Selection): Selection {
  return {
    target: flags.target,
    exclude: flags.exclude,
    replace: flags.replace,
    retryFailed: flags.retryFailed,
    retryAllFailed: flags.retryAllFailed,
    replaceFailedChecks: flags.replaceFailedChecks,
    allowCampaignMismatch: flags.allowCampaignMismatch,
    maxCost: flags.maxCost,
  };
}

/** The flags as argv words, in a fixed order: ["--target", "hero-*", "--retry-failed"]. */
export function selectionArgs(flags: PlanSelectionFlags): string[] {
  const args: string[] = [];
  const many = (flag: string, values: string[] | undefined) => values?.forEach((v) => args.push(flag, v));
  const one = (flag: string, value: string | number | undefined) =>
    value !== undefined && args.push(flag, String(value));
  const bool = (flag: string, value: boolean | undefined) => value && args.push(flag);
  many("--target", flags.target);
  many("--exclude", flags.exclude);
  many("--replace", flags.replace);
  bool("--retry-failed", flags.retryFailed);
  bool("--retry-all-failed", flags.retryAllFailed);
  bool("--replace-failed-checks", flags.replaceFailedChecks);
  one("--prices", flags.prices);
  one("--max-cost", flags.maxCost);
  bool("--allow-campaign-mismatch", flags.allowCampaignMismatch);
  bool("--strict", flags.strict);
  one("--models", flags.models);
  one("--max-requests", flags.maxRequests);
  one("--provider", flags.provider);
  return args;
}

/** `reelform plan launch.yaml --target 'hero-*' --out launch.plan.json`, quoted for a POSIX shell. */
export function planCommand(manifest: string, args: readonly string[], out: string): string {
  return ["reelform", "plan", manifest, ...args, "--out", out].map(shellWord).join(" ");
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
