// Every setting reelform reads from the environment, declared once: its variable, the flag and manifest field
// that share it, its kind (one parser each, setting-kinds.ts), whether it is a secret, and its documentation
// line (docs/commands.md's table is generated from these: `npm run docs:env`). One resolver applies the one
// precedence, flag > environment > manifest > default, and the one reading of a variable: trimmed, and unset
// when empty. Nothing else in src/ reads a variable by name (test/config/settings-reads.test.ts).
import {
  atLeast,
  byteSize,
  duration,
  milliseconds,
  oneOf,
  parseSetting,
  text,
  wholeNumber,
  type SettingKind,
} from "./setting-kinds.js";

export type Env = Readonly<Record<string, string | undefined>>;

export interface Setting<T> {
  /** The environment variable. */
  readonly env: string;
  /** The flag that overrides it, if any ("--rate"). */
  readonly flag?: string;
  /** The manifest field it overrides, if any ("apply.rate"). */
  readonly manifest?: string;
  readonly kind: SettingKind<T>;
  readonly defaultValue?: T;
  /** Never printed, written or visible to templates (even when a manifest lists it in allow_env). */
  readonly secret?: true;
  /** Not a secret, but its value is not echoed in errors either (a mistyped URL may still hold a password). */
  readonly hideValue?: true;
  /** An empty value counts as set (NO_COLOR, REELFORM_REVIEWER=""); otherwise empty means unset. */
  readonly emptyIsSet?: true;
  /** Taken as is, not trimmed (a password may end with a space; NO_COLOR's value is not read). */
  readonly verbatim?: true;
  /** docs/commands.md: the commands that read it, and what it means (markdown). */
  readonly usedBy: string;
  readonly doc: string;
  /** Documented in the row of this other variable (PGHOST, PGPORT, … share one row). */
  readonly docRow?: string;
}

const declare = <const S extends Setting<unknown>>(setting: S): S => setting;

const PROVIDER_NAMES = ["gateway", "tencent"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const API_KEY = declare({
  env: "REELFORM_API_KEY",
  kind: text("the gateway's API key"),
  secret: true,
  usedBy: "`apply`, `status`",
  doc: "required; sent only as `Authorization: Bearer …` to the gateway ([secrets](security.md#secrets)). Printable ASCII only: a key with a line break, another control character or a non-ASCII character is refused before anything is sent (the message names the variable and the position, never the key)",
});
export const BASE_URL = declare({
  env: "REELFORM_BASE_URL",
  kind: text("an https URL (plain http only for loopback addresses)"),
  defaultValue: "https://www.kkiai.com",
  hideValue: true,
  usedBy: "`apply`, `status`",
  doc: "default `https://www.kkiai.com`; must be https unless loopback (`http://127.0.0.1:…` for the simulator); must not carry credentials (`https://user:pass@…` is refused)",
});
export const TIMEOUT = declare({
  env: "REELFORM_TIMEOUT",
  kind: milliseconds,
  defaultValue: 60_000,
  usedBy: "`apply`, `status`",
  doc: "per-request timeout in milliseconds (default 60000), for both providers",
});
export const PROVIDER = declare({
  env: "REELFORM_PROVIDER",
  flag: "--provider",
  manifest: "provider",
  kind: oneOf(PROVIDER_NAMES),
  defaultValue: "gateway",
  usedBy: "`plan`, `apply`",
  doc: "`gateway` or `tencent`: where new requests go; overrides the manifest's `provider:`, `--provider` overrides it ([providers](providers.md#providers))",
});
export const TENCENT_SECRET_ID = declare({
  env: "TENCENTCLOUD_SECRET_ID",
  kind: text("the SecretId of a Tencent Cloud API key"),
  secret: true,
  usedBy: "`apply`, `status` (tencent)",
  doc: "required for the tencent provider; used only by the SDK to sign requests ([secrets](security.md#secrets))",
});
export const TENCENT_SECRET_KEY = declare({
  env: "TENCENTCLOUD_SECRET_KEY",
  kind: text("the SecretKey of a Tencent Cloud API key"),
  secret: true,
  usedBy: "`apply`, `status` (tencent)",
  doc: "",
  docRow: "TENCENTCLOUD_SECRET_ID",
});
export const TENCENT_SESSION_TOKEN = declare({
  env: "TENCENTCLOUD_SESSION_TOKEN",
  kind: text("a Tencent Cloud session token"),
  secret: true,
  usedBy: "`apply`, `status` (tencent)",
  doc: "for temporary credentials",
});
export const TENCENT_REGION = declare({
  env: "TENCENTCLOUD_REGION",
  kind: text("a Tencent Cloud region"),
  defaultValue: "ap-guangzhou",
  usedBy: "`apply`, `status` (tencent)",
  doc: "default `ap-guangzhou`",
});
export const TENCENT_SUBAPP_ID = declare({
  env: "TENCENTCLOUD_VOD_SUBAPP_ID",
  manifest: "tencent.sub_app_id",
  kind: wholeNumber(1, "a positive whole number (the VOD sub-application id)", Number.MAX_SAFE_INTEGER),
  usedBy: "`apply` (tencent)",
  doc: "the VOD sub-application (`SubAppId`, whole number ≥ 1) new tasks are created in; overrides the manifest's `tencent.sub_app_id`",
});
export const TENCENT_ENDPOINT = declare({
  env: "REELFORM_TENCENT_ENDPOINT",
  kind: text("a bare https origin such as https://vod.tencentcloudapi.com (plain http only for loopback addresses)"),
  defaultValue: "https://vod.tencentcloudapi.com",
  hideValue: true,
  usedBy: "`apply`, `status` (tencent)",
  doc: "default `https://vod.tencentcloudapi.com`; https unless loopback (`http://127.0.0.1:8787` for the simulator)",
});
export const PARALLELISM = declare({
  env: "REELFORM_PARALLELISM",
  flag: "--parallelism",
  manifest: "apply.parallelism",
  kind: wholeNumber(1),
  defaultValue: 8,
  usedBy: "`apply`",
  doc: "requests in flight; overrides the manifest's `apply.parallelism`, `--parallelism` overrides it (whole number ≥ 1)",
});
export const RATE = declare({
  env: "REELFORM_RATE",
  flag: "--rate",
  manifest: "apply.rate",
  kind: atLeast(0),
  // The upstream create endpoint allows 20 requests per second per account (docs/api.md).
  defaultValue: 20,
  usedBy: "`apply`",
  doc: "requests started per second; overrides `apply.rate`, `--rate` overrides it (≥ 0; 0 = unlimited)",
});
export const STATUS_RATE = declare({
  env: "REELFORM_STATUS_RATE",
  flag: "--rate",
  kind: atLeast(0, "a number of queries per second (0 = unlimited)"),
  defaultValue: 100,
  usedBy: "`status`, `apply --wait`",
  doc: "queries per second (default 100; 0 = unlimited); `status --rate` overrides it",
});
export const PULL_MAX_FILE_SIZE = declare({
  env: "REELFORM_PULL_MAX_FILE_SIZE",
  flag: "--max-file-size",
  kind: byteSize,
  defaultValue: 2 * 1024 ** 3,
  usedBy: "`pull`",
  doc: "size cap per file (default `2GiB`); `--max-file-size` overrides it",
});
export const PULL_FILE_TIMEOUT = declare({
  env: "REELFORM_PULL_FILE_TIMEOUT",
  flag: "--file-timeout",
  kind: duration,
  defaultValue: 60 * 60 * 1000,
  usedBy: "`pull`",
  doc: "overall time per file, retries included (default `1h`); `--file-timeout` overrides it",
});
export const FFMPEG = declare({
  env: "REELFORM_FFMPEG",
  kind: text("an FFmpeg binary, or none"),
  defaultValue: "ffmpeg",
  usedBy: "`check`, `--check`",
  doc: 'the FFmpeg binary content checks run (default `ffmpeg` on `PATH`); `none` runs without it (content checks "not run")',
});
export const REVIEWER = declare({
  env: "REELFORM_REVIEWER",
  kind: text("a name"),
  emptyIsSet: true,
  usedBy: "`review --serve`",
  doc: "the reviewer's name the page starts with (default: `USER`/`LOGNAME`)",
});
export const STATE = declare({
  env: "REELFORM_STATE",
  flag: "--state",
  kind: text("`file`, `postgres` or a URL such as postgres://user@host/database"),
  secret: true,
  usedBy: "every command that reads or writes state",
  doc: "where state lives: unset or `file` → the lockfile beside the manifest (the default); `postgres://user[:password]@host[:port]/database[?sslmode=…]`, or just `postgres` → that PostgreSQL database, parts left out taken from the `PG*` variables below ([shared state](state.md)). `--state <url>` overrides it. Never visible to templates (it may hold a password), never printed with its password",
});
const PG_DOC =
  "libpq's variables, filling what the URL leaves out (defaults `localhost`, `5432`, the login name, none, the user's name, `prefer`). `PGPASSWORD` is a secret: never printed, written or visible to templates";
const pg = (env: string, extra: Partial<Setting<string>> = {}): Setting<string> => ({
  env,
  kind: text(),
  usedBy: "with `REELFORM_STATE=postgres…`",
  doc: env === "PGHOST" ? PG_DOC : "",
  ...(env === "PGHOST" ? {} : { docRow: "PGHOST" }),
  ...extra,
});
export const PGHOST = declare(pg("PGHOST"));
export const PGPORT = declare(pg("PGPORT"));
export const PGUSER = declare(pg("PGUSER"));
export const PGPASSWORD = declare(pg("PGPASSWORD", { secret: true, verbatim: true }));
export const PGDATABASE = declare(pg("PGDATABASE"));
export const PGSSLMODE = declare(pg("PGSSLMODE"));
export const USER = declare({
  env: "USER",
  kind: text(),
  usedBy: "`review --serve`, `REELFORM_STATE=postgres…`",
  doc: "the login name: the default reviewer of `review --serve` and the default PostgreSQL user; `LOGNAME` when unset",
});
const LOGNAME = declare({ env: "LOGNAME", kind: text(), usedBy: "", doc: "", docRow: "USER" });
export const NO_COLOR = declare({
  env: "NO_COLOR",
  kind: text(),
  emptyIsSet: true,
  verbatim: true,
  usedBy: "all",
  doc: "set (any value) → no colour; so does `TERM=dumb`",
});
export const FORCE_COLOR = declare({
  env: "FORCE_COLOR",
  kind: text(),
  emptyIsSet: true,
  verbatim: true,
  usedBy: "all",
  doc: "set → colour even when stdout is not a terminal (CI logs); `0` or `false` → no colour even on a terminal. `NO_COLOR` and `--no-color` win",
});
export const TERM = declare({
  env: "TERM",
  kind: text(),
  usedBy: "all",
  doc: "`dumb` → no colour (unless `FORCE_COLOR` is set)",
});
export const CI = declare({
  env: "CI",
  kind: text(),
  usedBy: "`apply`, `status`, `pull`",
  doc: "a true value (`true`, `1`, `yes`, …) → plain line output instead of live progress; `false`, `0`, `no`, `off` and empty do not count",
});
export const GITHUB_ACTIONS = declare({
  env: "GITHUB_ACTIONS",
  kind: text(),
  usedBy: "all",
  doc: "`true` → plain line output, and diagnostics also as workflow annotations",
});

/** Every setting, in the order of the documentation table. */
export const SETTINGS: readonly Setting<unknown>[] = [
  API_KEY,
  BASE_URL,
  TIMEOUT,
  PROVIDER,
  TENCENT_SECRET_ID,
  TENCENT_SECRET_KEY,
  TENCENT_SESSION_TOKEN,
  TENCENT_REGION,
  TENCENT_SUBAPP_ID,
  TENCENT_ENDPOINT,
  PARALLELISM,
  RATE,
  STATUS_RATE,
  PULL_MAX_FILE_SIZE,
  PULL_FILE_TIMEOUT,
  FFMPEG,
  REVIEWER,
  STATE,
  PGHOST,
  PGPORT,
  PGUSER,
  PGPASSWORD,
  PGDATABASE,
  PGSSLMODE,
  USER,
  LOGNAME,
  NO_COLOR,
  FORCE_COLOR,
  TERM,
  CI,
  GITHUB_ACTIONS,
];

/** The variables that hold secrets: never printed, written, nor visible to templates. */
export const SECRET_ENV: readonly string[] = SETTINGS.filter((s) => s.secret).map((s) => s.env);

/**
 * Every setting's environment level, read once per run: CommandContext.settings (src/config/command-settings.ts),
 * resolved in src/cli.ts. A variable is read, and its value parsed, on first use, so a malformed variable fails
 * only a command that reads it (and fails it the same way each time it is asked for).
 */
export interface EnvLevel {
  /** The variable's value, parsed (envSetting); undefined when unset. */
  value<T>(setting: Setting<T>): T | undefined;
  /** The variable's text as reelform reads it (settingText): for settings whose text itself is the key (an account's hash). */
  text(setting: Setting<unknown>): string | undefined;
}

/**
 * Where the layers below the commands take a setting's environment level from: the command's resolved level,
 * or, for a caller with no command around it (a unit test, a bench script), an environment read here.
 */
export type EnvSource = Env | EnvLevel;

function isEnvLevel(source: EnvSource): source is EnvLevel {
  // An environment's values are strings: a function is never one.
  return typeof (source as Partial<EnvLevel>).value === "function";
}

/** A variable's text as reelform reads it: trimmed (unless verbatim), and undefined when unset or empty. */
export function settingText(source: EnvSource, setting: Setting<unknown>): string | undefined {
  if (isEnvLevel(source)) return source.text(setting);
  const raw = source[setting.env];
  if (raw === undefined) return undefined;
  const value = setting.verbatim ? raw : raw.trim();
  return value === "" && !setting.emptyIsSet ? undefined : value;
}

/** A variable's value, parsed; a bad value is the one error naming the variable and what it accepts. */
export function envSetting<T>(source: EnvSource, setting: Setting<T>): T | undefined {
  if (isEnvLevel(source)) return source.value(setting);
  return parsedText(setting, settingText(source, setting));
}

/** A variable's text, parsed: its errors name the variable, and show the value unless it is secret or hidden. */
function parsedText<T>(setting: Setting<T>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  return parseSetting(setting.kind, setting.env, text, !setting.secret && !setting.hideValue);
}

/**
 * The environment level of `env`, each variable read and parsed once, on first use. A malformed value is not
 * kept: asking again throws the same error again.
 */
export function readEnvLevel(env: Env): EnvLevel {
  const texts = new Map<Setting<unknown>, string | undefined>();
  const values = new Map<Setting<unknown>, unknown>();
  const text = (setting: Setting<unknown>): string | undefined => {
    if (!texts.has(setting)) texts.set(setting, settingText(env, setting));
    return texts.get(setting);
  };
  return {
    text,
    value<T>(setting: Setting<T>): T | undefined {
      if (!values.has(setting)) values.set(setting, parsedText(setting, text(setting)));
      return values.get(setting) as T | undefined;
    },
  };
}

export interface SettingSources<T> {
  /** The environment level: a command's resolved settings (CommandContext.settings), or an environment. */
  env: EnvSource;
  /** The flag's value, already parsed by the command line. */
  flag?: T | undefined;
  /** The flag's text, parsed here (errors name the flag). */
  flagText?: string | undefined;
  /** The manifest's value (already validated by its schema). */
  manifest?: T | undefined;
  /** The manifest's text, parsed here (errors name "the manifest's FIELD"). */
  manifestText?: string | undefined;
}

export interface Resolved<T> {
  value: T;
  /** Where it came from, for messages: the flag, the variable, "the manifest" or "the default". */
  source: string;
}

/** flag > environment > manifest > default; undefined when none of them gives a value. */
export function resolveSetting<T>(setting: Setting<T>, sources: SettingSources<T>): Resolved<T> | undefined {
  const flag = setting.flag ?? "the flag";
  if (sources.flag !== undefined) return { value: sources.flag, source: flag };
  if (sources.flagText !== undefined)
    return { value: parseSetting(setting.kind, flag, sources.flagText.trim()), source: flag };
  const fromEnv = envSetting(sources.env, setting);
  if (fromEnv !== undefined) return { value: fromEnv, source: setting.env };
  if (sources.manifest !== undefined) return { value: sources.manifest, source: "the manifest" };
  if (sources.manifestText !== undefined) {
    const name = `the manifest's ${setting.manifest ?? "setting"}`;
    return { value: parseSetting(setting.kind, name, sources.manifestText), source: "the manifest" };
  }
  if (setting.defaultValue !== undefined) return { value: setting.defaultValue, source: "the default" };
  return undefined;
}

/** As resolveSetting, for a setting with a default: always a value. */
export function settingValue<T>(setting: Setting<T> & { defaultValue: T }, sources: SettingSources<T>): T {
  return (resolveSetting(setting, sources) as Resolved<T>).value;
}

/** The login name (USER, else LOGNAME), or undefined. */
export function loginName(source: EnvSource): string | undefined {
  return settingText(source, USER) ?? settingText(source, LOGNAME);
}
