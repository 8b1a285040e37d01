// Bundles the review page's client (src/review/client/main.ts and every module it imports) into one
// classic script, dist/review-page/client/main.js, that src/review/page.ts inlines into the page: no
// module loading (the page works from file://) and no eval (its Content-Security-Policy has no
// 'unsafe-eval'). `npm run build` runs this after tsc; test/review/client-bundle.test.ts checks its reach.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** esbuild's options for the client bundle (its JS API). */
export const REVIEW_CLIENT_BUILD = {
  absWorkingDir: ROOT,
  entryPoints: ["src/review/client/main.ts"],
  outfile: "dist/review-page/client/main.js",
  tsconfig: "src/review/client/tsconfig.json",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  charset: "utf8",
  legalComments: "none",
  logLevel: "warning",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await build(REVIEW_CLIENT_BUILD);
