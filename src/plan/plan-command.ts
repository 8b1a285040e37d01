// The flags a plan was made with, so that "run plan again" advice repeats them: a saved plan of
// `--target 'hero-*'` must be remade with `--target 'hero-*'`, not for the whole manifest.

export interface PlanSelectionFlags {
  target?: string[];
  exclude?: string[];
  replace?: string[];
  retryFailed?: boolean;
  retryAllFailed?: boolean;
  prices?: string;
  maxCost?: number;
  allowCampaignMismatch?: boolean;
  strict?: boolean;
  models?: string;
  maxRequests?: number;
  provider?: string;
}

/** The flags as argv words, in a fixed order: ["--target", "hero-*", "--retry-failed"]. */
export function selectionArgs(flags: PlanSelectionFlags): string[] {
  const args: string[] = [];
  const many = (flag: string, values: string[] | undefined) => values?.forEach((v) => args.push(flag, v));
  const one = (flag: string, value: string | number | undefined) => value !== undefined && args.push(flag, String(value));
  const bool = (flag: string, value: boolean | undefined) => value && args.push(flag);
  many("--target", flags.target);
  many("--exclude", flags.exclude);
  many("--replace", flags.replace);
  bool("--retry-failed", flags.retryFailed);
  bool("--retry-all-failed", flags.retryAllFailed);
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
