// ajv, loaded only by the code paths that still compile a schema at run time (a damaged lockfile, a price
// table): the schemas every run needs are precompiled (scripts/compile-schemas.mjs), so a sound run never
// pays for loading the library.
import { createRequire } from "node:module";

type AjvClass = typeof import("ajv").default;
let ajvClass: AjvClass | undefined;

export function loadAjv(): AjvClass {
  // ajv is CommonJS; its default export is the class.
  ajvClass ??= createRequire(import.meta.url)("ajv").default as AjvClass;
  return ajvClass;
}
