// Types of scripts/build-review-client.mjs for the test that bundles with the same options.
import type { BuildOptions } from "esbuild";
export const REVIEW_CLIENT_BUILD: BuildOptions;
