// The environment variables that hold reelform's own credentials (declared `secret` in config/settings.ts). They
// are never template variables, even when a manifest lists them in allow_env: a manifest in a pull request must
// not be able to send them to the API.
import { SECRET_ENV } from "./settings.js";

export const OWN_SECRET_ENV: readonly string[] = SECRET_ENV;
