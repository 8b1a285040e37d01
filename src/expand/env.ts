// Environment variables reach templates only through `allow_env`: a manifest in a pull request must not be
// able to send CI secrets to the API. Nothing else from the environment is ever visible.
import type { Diagnostic, SourceLocation } from "../diagnostics.js";

const ENV_REFERENCE = /\benv\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** The `env` object templates see: only allowed names that are set. */
export function allowedEnv(allow: readonly string[], env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of allow) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Errors for every `env.NAME` a template uses that is not allowed, or allowed but not set. */
export function checkEnvReferences(text: string, at: SourceLocation, allow: readonly string[], env: Readonly<Record<string, string | undefined>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const match of text.matchAll(ENV_REFERENCE)) {
    const name = match[1] ?? "";
    if (!allow.includes(name)) {
      out.push({ severity: "error", ...at, message: `template reads env.${name}, which is not in allow_env`, suggestion: `add ${name} to allow_env if this manifest may read it` });
    } else if (env[name] === undefined) {
      out.push({ severity: "error", ...at, message: `environment variable ${name} (allowed in allow_env) is not set` });
    }
  }
  return out;
}
