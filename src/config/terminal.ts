// How output should look, from the environment: colour and CI detection, resolved once in src/cli.ts.
type Env = Readonly<Record<string, string | undefined>>;

/** CI=true/1/yes count; CI=false/0/no/off and an empty CI do not (some tools export CI=false to opt out). */
export function isTruthyFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

export function isCI(env: Env): boolean {
  return isTruthyFlag(env.CI) || env.GITHUB_ACTIONS === "true";
}

/**
 * Colour: --no-color and NO_COLOR (any value) always win; FORCE_COLOR turns it on without a terminal (GitHub
 * Actions logs render ANSI colour), FORCE_COLOR=0/false off even on one; otherwise only on a terminal that is
 * not TERM=dumb.
 */
export function colorEnabled(options: { env: Env; isTTY: boolean; noColorFlag: boolean }): boolean {
  const { env, isTTY, noColorFlag } = options;
  if (noColorFlag || env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined) return isTruthyFlag(env.FORCE_COLOR) || env.FORCE_COLOR === "";
  return isTTY && env.TERM !== "dumb";
}
