// Tencent Cloud settings from the environment (an --dotenv file already merged in), resolved once by the
// command. Credentials follow the names tccli and Tencent's Terraform provider use. Messages name the
// variable, never its value.
import { isAllowedBaseUrl } from "../../api/http.js";
import { DEFAULT_TIMEOUT_MS } from "../../config/api.js";
import { UserError } from "../../errors.js";

const DEFAULT_TENCENT_REGION = "ap-guangzhou";
const DEFAULT_TENCENT_ENDPOINT = "https://vod.tencentcloudapi.com";

export interface TencentConfig {
  secretId: string;
  secretKey: string;
  sessionToken?: string;
  region: string;
  /** "https:" or "http:" (loopback only). */
  protocol: "https:" | "http:";
  /** host[:port], as the SDK's httpProfile.endpoint wants it. */
  host: string;
  subAppId?: number;
  timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `manifestSubAppId` is the manifest's `tencent.sub_app_id`; TENCENTCLOUD_VOD_SUBAPP_ID overrides it. */
export function resolveTencentConfig(env: Env, manifestSubAppId?: number): TencentConfig {
  const secretId = required(env, "TENCENTCLOUD_SECRET_ID");
  const secretKey = required(env, "TENCENTCLOUD_SECRET_KEY");
  const token = env.TENCENTCLOUD_SESSION_TOKEN?.trim();
  const { protocol, host } = endpointOf(env.REELFORM_TENCENT_ENDPOINT?.trim() || DEFAULT_TENCENT_ENDPOINT);
  const config: TencentConfig = {
    secretId,
    secretKey,
    region: env.TENCENTCLOUD_REGION?.trim() || DEFAULT_TENCENT_REGION,
    protocol,
    host,
    timeoutMs: timeoutOf(env),
  };
  if (token) config.sessionToken = token;
  const subAppId = subAppIdOf(env) ?? manifestSubAppId;
  if (subAppId !== undefined) config.subAppId = subAppId;
  return config;
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value)
    throw new UserError(
      `${name} is not set: the tencent provider needs it (export it, or put it in a file given with --dotenv)`,
    );
  return value;
}

function endpointOf(text: string): { protocol: "https:" | "http:"; host: string } {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new UserError(`REELFORM_TENCENT_ENDPOINT is not a URL: "${text}"`);
  }
  if (!isAllowedBaseUrl(url)) {
    throw new UserError(
      `REELFORM_TENCENT_ENDPOINT must use https (plain http is allowed only for loopback addresses): "${url.origin}"`,
    );
  }
  if (url.username || url.password) {
    throw new UserError(
      `REELFORM_TENCENT_ENDPOINT must not carry user:password@ (they would be sent, and shown in messages): give a bare origin such as https://vod.tencentcloudapi.com`,
    );
  }
  if (url.pathname !== "/" || url.search)
    throw new UserError(
      `REELFORM_TENCENT_ENDPOINT must be a bare origin such as https://vod.tencentcloudapi.com, got "${text}"`,
    );
  return { protocol: url.protocol as "https:" | "http:", host: url.host };
}

function subAppIdOf(env: Env): number | undefined {
  const raw = env.TENCENTCLOUD_VOD_SUBAPP_ID?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UserError(
      `TENCENTCLOUD_VOD_SUBAPP_ID must be a positive whole number (the VOD sub-application id), got "${raw}"`,
    );
  return n;
}

function timeoutOf(env: Env): number {
  const raw = env.REELFORM_TIMEOUT?.trim();
  const ms = raw ? Number(raw) : DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(ms) || ms <= 0) throw new UserError("REELFORM_TIMEOUT must be a number of milliseconds");
  return ms;
}
