// The Action's inputs (INPUT_* in the step's environment, set by action.yml) turned into the CLI's settings.
// Secrets go only where apply needs them: a pull request's plan never sees one.

/** Input name -> the CLI's environment variable. Empty inputs leave the variable as it was. */
export const CLI_SETTINGS = {
  INPUT_PROVIDER: "REELFORM_PROVIDER",
  INPUT_API_KEY: "REELFORM_API_KEY",
  INPUT_BASE_URL: "REELFORM_BASE_URL",
  INPUT_TENCENT_SECRET_ID: "TENCENTCLOUD_SECRET_ID",
  INPUT_TENCENT_SECRET_KEY: "TENCENTCLOUD_SECRET_KEY",
  INPUT_TENCENT_SESSION_TOKEN: "TENCENTCLOUD_SESSION_TOKEN",
  INPUT_TENCENT_REGION: "TENCENTCLOUD_REGION",
  INPUT_TENCENT_SUB_APP_ID: "TENCENTCLOUD_VOD_SUBAPP_ID",
  INPUT_TENCENT_ENDPOINT: "REELFORM_TENCENT_ENDPOINT",
};

/** What no reelform command needs: the runner's tokens and the raw inputs (the settings are passed by name). */
const RUNNER_SECRET =
  /^(GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|INPUT_.*)$/;

/** The CLI's environment for apply: the step's environment with the inputs' settings, without the runner's tokens. */
export function applyEnvironment(env) {
  const out = Object.fromEntries(Object.entries(env).filter(([name]) => !RUNNER_SECRET.test(name)));
  out.GITHUB_ACTIONS = "true";
  for (const [input, name] of Object.entries(CLI_SETTINGS)) if (env[input]) out[name] = env[input];
  return out;
}

const SECRET = /^(REELFORM_API_KEY|TENCENTCLOUD_SECRET_ID|TENCENTCLOUD_SECRET_KEY|TENCENTCLOUD_SESSION_TOKEN)$/;

/**
 * A pull request's manifest is not reviewed yet: it could list a secret in `allow_env` and print it in a prompt
 * of the plan comment. Plans need no key, so the CLI never sees a credential on pull requests (nor before the
 * drift guard has compared the plan on the default branch). Non-secret settings (provider, region, SubAppId,
 * endpoints) are kept: they shape the plan.
 */
export function planEnvironment(env) {
  const out = Object.fromEntries(Object.entries(applyEnvironment(env)).filter(([name]) => !SECRET.test(name)));
  return out;
}
