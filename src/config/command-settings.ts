// The environment-level settings the commands read (CommandContext.settings), from the declarations of
// settings.ts: resolved once per run by src/cli.ts, each parsed on first use.
import type { CommandContext, CommandSettings } from "../command-context.js";
import {
  envSetting,
  loginName,
  REVIEWER,
  settingText,
  TENCENT_SECRET_ID,
  TENCENT_SECRET_KEY,
  type Env,
} from "./settings.js";

/** A value computed once, when first asked for. */
function once<T>(read: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = read();
      done = true;
    }
    return value;
  };
}

export function resolveCommandSettings(env: Env): CommandSettings {
  const reviewer = once(() => envSetting(env, REVIEWER));
  const login = once(() => loginName(env));
  const tencent = once(() => {
    const secretId = settingText(env, TENCENT_SECRET_ID);
    const secretKey = settingText(env, TENCENT_SECRET_KEY);
    return secretId && secretKey ? { secretId, secretKey } : undefined;
  });
  return {
    get reviewer() {
      return reviewer();
    },
    get login() {
      return login();
    },
    get tencentCredentials() {
      return tencent();
    },
  };
}

/** The context's resolved settings; a context built without them (a unit test) resolves them from its env. */
export function settingsOf(ctx: Pick<CommandContext, "env" | "settings">): CommandSettings {
  return ctx.settings ?? resolveCommandSettings(ctx.env);
}
