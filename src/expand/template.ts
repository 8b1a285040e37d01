// Handlebars, isolated and locked down: its own instance, no HTML escaping (a prompt with &, <, quotes arrives
// byte for byte), strict (a missing variable is an error), only the documented helpers, the manifest's
// partials, no prototype access. Each distinct template text is compiled once.
import { createRequire } from "node:module";
import type * as HandlebarsModule from "handlebars";
import { fastTemplate, mappingRendered } from "./fast-template.js";
import { TEMPLATE_HELPERS } from "./helpers.js";
import { charge, TemplateTooLarge, withRenderBudget } from "./render-budget.js";
import { templateDepthProblem } from "./template-depth.js";

import type { CompiledTemplate, RenderResult, TemplateContext } from "./template-types.js";

export type { CompiledTemplate, TemplateContext } from "./template-types.js";

// handlebars is CommonJS: its ESM face is only a default export, which this tsconfig cannot type.
const Handlebars = createRequire(import.meta.url)("handlebars") as typeof HandlebarsModule;

const KNOWN_HELPERS = Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true]));

export interface TemplateEngine {
  /** A renderer for this text, or a syntax error. */
  compile(text: string): { ok: true; render: CompiledTemplate } | { ok: false; message: string };
}

/**
 * Prototype of every template context: no Object.prototype (nothing inherited to reach), but a toString so
 * Handlebars' strict-mode message ("x" not defined in …) can be built.
 */
const CONTEXT_PROTOTYPE: object = Object.create(null, {
  toString: { value: () => "the template variables" },
}) as object;

/** A template context holding these variables and nothing inherited. */
export function templateContext(...layers: object[]): TemplateContext {
  return Object.assign(Object.create(CONTEXT_PROTOTYPE) as TemplateContext, ...layers);
}

export function isTemplate(text: string): boolean {
  return text.includes("{{");
}

export function createTemplateEngine(partials: Readonly<Record<string, string>>): TemplateEngine {
  const hb = Handlebars.create();
  // Denied prototype lookups must not print to the console: they simply find nothing (strict mode then errors).
  hb.logger.level = 4;
  const options = { noEscape: true, strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true };
  // Every helper's result, partial's output and block iteration is charged to the render's budget (render-budget.ts).
  for (const [name, fn] of Object.entries(TEMPLATE_HELPERS))
    hb.registerHelper(name, (...args: unknown[]) => charge(fn(...args)));
  for (const name of ["each", "with", "if", "unless"]) chargeBlocks(hb, name);
  // A partial that nests too deeply is reported by the caller (checkPartials) and never handed to Handlebars.
  for (const [name, text] of Object.entries(partials)) {
    if (templateDepthProblem(text)) continue;
    const partial = hb.compile(text, options);
    hb.registerPartial(name, ((context: unknown, runtime: unknown) =>
      charge(partial(context, runtime as RuntimeOptions))) as unknown as string);
  }
  const cache = new Map<string, ReturnType<TemplateEngine["compile"]>>();
  return {
    compile(text) {
      let compiled = cache.get(text);
      if (!compiled) {
        compiled = compileOnce(hb, text, options, partials);
        cache.set(text, compiled);
      }
      return compiled;
    },
  };
}

function compileOnce(
  hb: typeof Handlebars,
  text: string,
  options: CompileOptions,
  partials: Readonly<Record<string, string>>,
): ReturnType<TemplateEngine["compile"]> {
  const tooDeep = templateDepthProblem(text);
  if (tooDeep) return { ok: false, message: tooDeep };
  let ast: { body: unknown[] };
  try {
    ast = hb.parse(text) as unknown as { body: unknown[] };
  } catch (error) {
    return { ok: false, message: `template syntax error: ${firstLine(error)}` };
  }
  const fast = fastTemplate(ast.body as Parameters<typeof fastTemplate>[0], HELPER_NAMES, (name) =>
    partialBody(hb, partials, name),
  );
  if (fast) return { ok: true, render: fast };
  const template = hb.compile(text, options);
  const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
  const render: CompiledTemplate = (context) => {
    try {
      const rendered = withRenderBudget(() => charge(template(context, runtime)));
      // Handlebars prints a mapping as "[object Object]"; the fast path names the variable, here we can only say so.
      if (rendered.includes("[object Object]") && !text.includes("[object Object]")) return mappingRendered();
      return { ok: true, text: rendered };
    } catch (error) {
      if (error instanceof TemplateTooLarge) return { ok: false, message: error.message };
      return describeRenderError(firstLine(error));
    }
  };
  return { ok: true, render };
}

type RuntimeOptions = Parameters<HandlebarsModule.TemplateDelegate>[1];

/** A built-in block helper whose every iteration (or branch) is charged before the next one is appended. */
function chargeBlocks(hb: typeof Handlebars, name: string): void {
  const builtin = hb.helpers[name] as (this: unknown, ...args: unknown[]) => unknown;
  hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
    const options = args.at(-1) as { fn?: (...a: unknown[]) => unknown; inverse?: (...a: unknown[]) => unknown };
    const charged = { ...options, fn: chargedBlock(options.fn), inverse: chargedBlock(options.inverse) };
    return charge(builtin.apply(this, [...args.slice(0, -1), charged]));
  });
}

function chargedBlock(block: ((...a: unknown[]) => unknown) | undefined): ((...a: unknown[]) => unknown) | undefined {
  if (!block) return block;
  return Object.assign((...a: unknown[]) => charge(block(...a)), block);
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** Built-in helpers count too: {{log}} or {{lookup}} alone are helper calls, not variables. */
const HELPER_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(TEMPLATE_HELPERS),
  "if",
  "unless",
  "each",
  "with",
  "lookup",
  "log",
  "helperMissing",
  "blockHelperMissing",
]);

function partialBody(
  hb: typeof Handlebars,
  partials: Readonly<Record<string, string>>,
  name: string,
): Parameters<typeof fastTemplate>[0] | undefined {
  if (!Object.hasOwn(partials, name) || templateDepthProblem(partials[name] ?? "")) return undefined;
  try {
    return (hb.parse(partials[name] ?? "") as unknown as { body: Parameters<typeof fastTemplate>[0] }).body;
  } catch {
    return undefined;
  }
}

function describeRenderError(message: string): RenderResult {
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing?.[1]) return { ok: false, message: `variable "${missing[1]}" is not defined`, missing: missing[1] };
  const helper = /unknown helper (\S+)/.exec(message);
  if (helper?.[1]) return { ok: false, message: `unknown helper "${helper[1]}"` };
  const partial = /^The partial (\S+) could not be found/.exec(message);
  if (partial?.[1]) return { ok: false, message: `partial "${partial[1]}" is not defined in partials` };
  return { ok: false, message: `template error: ${message}` };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).replace(/ - \d+:\d+$/, "");
}
