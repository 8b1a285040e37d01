import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "dotenv";
import { isAllowedBaseUrl } from "../api/http.js";
import type { ApiConfig } from "../api/types.js";
import { UserError } from "../errors.js";
import { USER_AGENT } from "../version.js";
import { keyedRecord } from "../util/objects.js";
import { badSettingValue } from "./setting-kinds.js";
import { API_KEY, BASE_URL, envSetting, settingValue, TIMEOUT, type EnvSource } from "./settings.js";

/**
 * The gateway's settings, from the command's resolved settings (CommandContext.settings: the environment with
 * an --dotenv under it). REELFORM_API_KEY (required), REELFORM_BASE_URL, REELFORM_TIMEOUT (ms).
 * Never echoes the key: messages name the variable, not its value.
 */
export function resolveApiConfig(env: EnvSource): ApiConfig {
  const apiKey = envSetting(env, API_KEY);
  if (!apiKey) {
    throw new UserError("REELFORM_API_KEY is not set: export it (or put it in a file given with --dotenv)");
  }
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem)
    throw new UserError(
      `REELFORM_API_KEY ${keyProblem}, so it cannot be sent in an HTTP header; nothing was sent (the key is not shown: check how it was copied)`,
    );
  const baseUrl = settingValue(BASE_URL, { env }).replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Not echoed: a mistyped URL may still hold a password.
    throw badSettingValue(BASE_URL.env, BASE_URL.kind.accepted, undefined);
  }
  if (url.username || url.password) {
    throw new UserError(
      `REELFORM_BASE_URL must not carry credentials (user:password@): they would be sent and shown in messages; use ${url.origin} and put the key in REELFORM_API_KEY`,
    );
  }
  if (!isAllowedBaseUrl(url)) {
    throw new UserError(
      `REELFORM_BASE_URL must use https (plain http is allowed only for loopback addresses): "${url.origin}"`,
    );
  }
  const timeoutMs = settingValue(TIMEOUT, { env });
  return { baseUrl, apiKey, timeoutMs, userAgent: USER_AGENT };
}

/** Why a key cannot be an HTTP header value (CR, LF, other control characters, non-ASCII), or undefined. */
function apiKeyProblem(key: string): string | undefined {
  const bad = /[^\x20-\x7e]/.exec(key);
  if (!bad) return undefined;
  const code = bad[0].charCodeAt(0);
  const what =
    code === 10 || code === 13
      ? "a line break"
      : code < 0x20 || code === 0x7f
        ? "a control character"
        : "a non-ASCII character";
  return `contains ${what} (at character ${bad.index + 1})`;
}

/**
 * An env file, read exactly as the `dotenv` package reads it (the format most tools share): KEY=value lines,
 * `#` comments (also after an unquoted value), quotes, `export ` prefixes, multi-line quoted values.
 */
export function parseEnvFile(text: string): Record<string, string> {
  return parse(text);
}

/** The environment with an env file's variables under it (the environment wins). Resolved once, in cli.ts. */
export function withDotenv(
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  cwd: string,
): Record<string, string | undefined> {
  return underEnvironment(env, readEnvFile(resolve(cwd, file)));
}

/** An env file's variables, already read, under the environment (which wins). */
export function underEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  vars: Record<string, string>,
): Record<string, string | undefined> {
  return { ...vars, ...definedOnly(env) };
}

/** The variables of an env file (KEY=value lines); a file that cannot be read is a user error. */
export function readEnvFile(path: string): Record<string, string> {
  try {
    return parseEnvFile(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`cannot read env file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = keyedRecord<string>();
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}
