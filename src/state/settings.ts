// Where state lives, resolved once from `--state URL` (which the CLI puts in REELFORM_STATE) or REELFORM_STATE,
// with libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE) filling what the URL leaves
// out. Unset (or `file`): the lockfile beside the manifest, as always. The password is kept out of every text
// reelform shows: `display` names the database without it.
import {
  PGDATABASE,
  PGHOST,
  PGPASSWORD,
  PGPORT,
  PGSSLMODE,
  PGUSER,
  settingText,
  STATE,
  USER,
  type EnvSource,
} from "../config/settings.js";
import { UserError } from "../errors.js";

export interface PostgresSettings {
  kind: "postgres";
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** node-postgres's `ssl`: false, or TLS with or without verifying the server's certificate. */
  ssl: false | { rejectUnauthorized: boolean };
  /** postgres://user@host:port/database, never with the password. */
  display: string;
}

export type StateSettings = { kind: "file" } | PostgresSettings;

const SSL_MODES = new Set(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]);

/** From the command's resolved settings (REELFORM_STATE, --state put there by src/cli.ts, and the PG* variables). */
export function resolveStateSettings(env: EnvSource): StateSettings {
  const raw = settingText(env, STATE) ?? "";
  if (raw === "" || raw === "file") return { kind: "file" };
  if (raw === "postgres" || raw === "postgresql") return fromParts({}, env);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(
      `REELFORM_STATE (or --state) is neither \`file\`, \`postgres\` nor a URL such as postgres://user@host/database: ${redactedSetting(raw)}`,
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new UserError(
      `REELFORM_STATE (or --state) names a ${url.protocol.replace(/:$/, "")} URL; only postgres:// (PostgreSQL) and \`file\` are supported`,
    );
  }
  return fromParts(
    {
      host: url.hostname ? decodeURIComponent(url.hostname) : (url.searchParams.get("host") ?? undefined),
      port: url.port || undefined,
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      database: url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined,
      sslmode: url.searchParams.get("sslmode") ?? undefined,
    },
    env,
  );
}

interface Parts {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
}

function fromParts(parts: Parts, env: EnvSource): PostgresSettings {
  const host = parts.host || settingText(env, PGHOST) || "localhost";
  const portText = parts.port || settingText(env, PGPORT) || "5432";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserError(`the PostgreSQL port (REELFORM_STATE or PGPORT) is not a port number: ${portText}`);
  const user = parts.user || settingText(env, PGUSER) || settingText(env, USER) || "postgres";
  const database = parts.database || settingText(env, PGDATABASE) || user;
  const sslmode = parts.sslmode || settingText(env, PGSSLMODE) || "prefer";
  if (!SSL_MODES.has(sslmode))
    throw new UserError(
      `sslmode (REELFORM_STATE ?sslmode= or PGSSLMODE) must be one of ${[...SSL_MODES].join(", ")}, not ${sslmode}`,
    );
  const password = parts.password ?? settingText(env, PGPASSWORD);
  return {
    kind: "postgres",
    host,
    port,
    user,
    ...(password !== undefined && password !== "" ? { password } : {}),
    database,
    ssl: sslFor(sslmode),
    display: `postgres://${encodeURIComponent(user)}@${host.includes("/") ? encodeURIComponent(host) : host}:${port}/${encodeURIComponent(database)}`,
  };
}

/**
 * node-postgres cannot fall back from TLS to plain text as libpq does, so `allow` and `prefer` connect
 * without TLS (docs/state.md); `require` encrypts without checking the certificate, as libpq does.
 */
function sslFor(mode: string): PostgresSettings["ssl"] {
  if (mode === "disable" || mode === "allow" || mode === "prefer") return false;
  return { rejectUnauthorized: mode !== "require" };
}

/** A setting as shown in an error: a password in it replaced. */
function redactedSetting(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1[redacted]@");
}
