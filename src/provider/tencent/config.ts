// Tencent Cloud settings from the command's resolved settings (the environment, an --dotenv file under it),
// resolved once by the command. Credentials follow the names tccli and Tencent's Terraform provider use. Messages name the
// variable, never its value.
import { isAllowedBaseUrl } from "../../api/http.js";
import { badSettingValue } from "../../config/setting-kinds.js";
import {
  envSetting,
  resolveSetting,
  settingValue,
  TENCENT_ENDPOINT,
  TENCENT_REGION,
  TENCENT_SECRET_ID,
  TENCENT_SECRET_KEY,
  TENCENT_SESSION_TOKEN,
  TENCENT_SUBAPP_ID,
  TIMEOUT,
  type EnvSource,
  type Setting,
} from "../../config/settings.js";
import { UserError } from "../../errors.js";

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

/** `manifestSubAppId` is the manifest's `tencent.sub_app_id`; TENCENTCLOUD_VOD_SUBAPP_ID overrides it. */
export function resolveTencentConfig(env: EnvSource, manifestSubAppId?: number): TencentConfig {
  const secretId = required(env, TENCENT_SECRET_ID);
  const secretKey = required(env, TENCENT_SECRET_KEY);
  const token = envSetting(env, TENCENT_SESSION_TOKEN);
  const { protocol, host } = endpointOf(settingValue(TENCENT_ENDPOINT, { env }));
  const config: TencentConfig = {
    secretId,
    secretKey,
    region: settingValue(TENCENT_REGION, { env }),
    protocol,
    host,
    timeoutMs: settingValue(TIMEOUT, { env }),
  };
  if (token) config.sessionToken = token;
  const subAppId = resolveSetting(TENCENT_SUBAPP_ID, { env, manifest: manifestSubAppId })?.value;
  if (subAppId !== undefined) config.subAppId = subAppId;
  return config;
}

function required(env: EnvSource, setting: Setting<string>): string {
  const value = envSetting(env, setting);
  if (!value)
    throw new UserError(
      `${setting.env} is not set: the tencent provider needs it (export it, or put it in a file given with --dotenv)`,
    );
  return value;
}

function endpointOf(text: string): { protocol: "https:" | "http:"; host: string } {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    // Not echoed: a mistyped URL may still hold a password.
    throw badSettingValue(TENCENT_ENDPOINT.env, TENCENT_ENDPOINT.kind.accepted, undefined);
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
