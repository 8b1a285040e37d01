// Every setting's environment level, as a command receives it (CommandContext.settings): resolved once per run
// by src/cli.ts, from the declarations of settings.ts, each variable read and parsed on first use (a malformed
// variable fails only a command that reads it). The command layers its flags and the manifest over it with the
// one resolver (`settingValue(RATE, { flag, env: settings })`) and hands it down in place of the environment.
import {
  loginName,
  readEnvLevel,
  REVIEWER,
  TENCENT_SECRET_ID,
  TENCENT_SECRET_KEY,
  type Env,
  type EnvLevel,
} from "./settings.js";

export interface CommandSettings extends EnvLevel {
  /** REELFORM_REVIEWER: the name the review page starts with ("" is a value: no name). */
  readonly reviewer: string | undefined;
  /** The login name (USER, else LOGNAME). */
  readonly login: string | undefined;
  /** TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, when both are set. */
  readonly tencentCredentials: { secretId: string; secretKey: string } | undefined;
}

export function resolveCommandSettings(env: Env): CommandSettings {
  const level = readEnvLevel(env);
  return {
    value: (setting) => level.value(setting),
    text: (setting) => level.text(setting),
    get reviewer() {
      return level.value(REVIEWER);
    },
    get login() {
      return loginName(level);
    },
    get tencentCredentials() {
      const secretId = level.text(TENCENT_SECRET_ID);
      const secretKey = level.text(TENCENT_SECRET_KEY);
      return secretId && secretKey ? { secretId, secretKey } : undefined;
    },
  };
}

/** A context built by hand (a unit test) gets its settings from its env, once. */
const filledIn = new WeakMap<object, CommandSettings>();

/**
 * The one way a command reaches its settings: the context's, resolved by src/cli.ts; a context built without
 * them (a unit test) resolves them from its env, once per context.
 */
export function settingsOf(ctx: { env: Env; settings?: CommandSettings | undefined }): CommandSettings {
  if (ctx.settings) return ctx.settings;
  let settings = filledIn.get(ctx);
  if (!settings) {
    settings = resolveCommandSettings(ctx.env);
    filledIn.set(ctx, settings);
  }
  return settings;
}
