// How output should look, from the environment: colour and CI detection, resolved once in src/cli.ts.
import { CI, FORCE_COLOR, GITHUB_ACTIONS, NO_COLOR, settingText, TERM } from "./settings.js";
type Env = Readonly<Record<string, string | undefined>>;

/** CI=true/1/yes count; CI=false/0/no/off and an empty CI do not (some tools export CI=false to opt out). */
function isTruthyFlag(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !["", "0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

export function isCI(env: Env): boolean {
  return isTruthyFlag(settingText(env, CI)) || settingText(env, GITHUB_ACTIONS) === "true";
}

/**
 * Colour: --no-color and NO_COLOR (any value) always win; FORCE_COLOR turns it on without a terminal (GitHub
 * Actions logs render ANSI colour), FORCE_COLOR=0/false off even on one; otherwise only on a terminal that is
 * not TERM=dumb.
 */
export function colorEnabled(options: { env: Env; isTTY: boolean; noColorFlag: boolean }): boolean {
  const { env, isTTY, noColorFlag } = options;
  if (noColorFlag || settingText(env, NO_COLOR) !== undefined) return false;
  const force = settingText(env, FORCE_COLOR);
  if (force !== undefined) return isTruthyFlag(force) || force === "";
  return isTTY && settingText(env, TERM) !== "dumb";
}
