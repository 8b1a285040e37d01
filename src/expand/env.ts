// Environment variables reach templates only through `allow_env`: a manifest in a pull request must not be
// able to send CI secrets to the API. Nothing else from the environment is ever visible.
import { OWN_SECRET_ENV } from "../config/secret-env.js";
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import type { Locate } from "./sources.js";

const ENV_REFERENCE = /\benv\.([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * An error at each allow_env entry that names a secret: reelform's own credentials, or a variable loaded with
 * --dotenv (a file of secrets by intent). Such names are never template variables.
 */
export function checkAllowEnv(allow: readonly string[], hidden: readonly string[], locate: Locate): Diagnostic[] {
  return allow.flatMap((name, i) => {
    const why = OWN_SECRET_ENV.includes(name)
      ? "one of reelform's own credentials"
      : hidden.includes(name)
        ? "loaded from the --dotenv file"
        : undefined;
    if (!why) return [];
    const message = `allow_env lists ${name}, ${why}: it is never visible to templates, so a manifest cannot send it to the API`;
    return [
      { severity: "error" as const, ...locate(["allow_env", i]), message, suggestion: `remove ${name} from allow_env` },
    ];
  });
}

/** The `env` object templates see: only allowed names that are set, never a secret (see checkAllowEnv). */
export function allowedEnv(
  allow: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  hidden: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of allow) {
    if (OWN_SECRET_ENV.includes(name) || hidden.includes(name)) continue;
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Errors for every `env.NAME` a template uses that is not allowed, or allowed but not set. */
export function checkEnvReferences(
  text: string,
  at: SourceLocation,
  allow: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const match of text.matchAll(ENV_REFERENCE)) {
    const name = match[1] ?? "";
    if (!allow.includes(name)) {
      out.push({
        severity: "error",
        ...at,
        message: `template reads env.${name}, which is not in allow_env`,
        suggestion: `add ${name} to allow_env if this manifest may read it`,
      });
    } else if (env[name] === undefined) {
      out.push({ severity: "error", ...at, message: `environment variable ${name} (allowed in allow_env) is not set` });
    }
  }
  return out;
}
