// The environment variables that hold reelform's own credentials. They are never template variables, even when
// a manifest lists them in allow_env: a manifest in a pull request must not be able to send them to the API.
export const OWN_SECRET_ENV: readonly string[] = [
  "REELFORM_API_KEY",
  // The Tencent Cloud provider's credentials (docs/api.md "Tencent Cloud API directly").
  "TENCENTCLOUD_SECRET_ID",
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SESSION_TOKEN",
  // The state database (docs/state.md): its URL may hold the password.
  "REELFORM_STATE",
  "PGPASSWORD",
];
