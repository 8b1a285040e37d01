import tseslint from "typescript-eslint";

// ---------------------------------------------------------------------------------------------------------
// Boundaries of src/ (see test/arch/cycles.test.ts for the cycle check). One place declares the layers and
// every exception, with its reason; the rules below are generated from it.
// ---------------------------------------------------------------------------------------------------------

/**
 * The folders and top-level files of src/, from the top (entry points) to the bottom. A module may import
 * only modules listed after its own (or its own folder): every import points down. Measured from the
 * import graph when the rule was introduced; siblings at one level are simply ordered.
 */
const LAYERS = [
  "cli.ts",
  "demo.ts",
  "commands",
  "program.ts",
  "state",
  "report",
  "follow",
  "pipeline",
  "status",
  "apply",
  "plan",
  "workspace.ts",
  "review",
  "simulator",
  "provider",
  "video-check",
  "pull",
  "expand",
  "check",
  // Below expand/ (which takes a command's context) and above config/ (which declares its settings).
  "command-context.ts",
  "config",
  "api",
  "lockfile",
  "manifest",
  "sched",
  "util",
  "errors.ts",
  "diagnostics.ts",
  "version.ts",
];

/**
 * Who may talk to the network (global fetch, node:http/https/net). Everything else receives a FetchLike or
 * a provider. Exceptions, with reasons:
 * - commands/: the composition root hands `globalThis.fetch` to pull and the pipeline (nothing else there
 *   performs I/O with it);
 * - review/: serves the local review page (a server on 127.0.0.1, not a client of the API);
 * - state/: the PostgreSQL state backend talks to its database (through `pg`, never to the API).
 */
const NETWORK = ["api", "provider", "pull", "pipeline", "simulator", "commands", "review", "state"];

/**
 * Who may write to the terminal (process.stdout/stderr, ctx.stdout/stderr.write, console). Exceptions, with
 * reasons:
 * - simulator/: a separate program (`reelform simulator`) with its own log lines.
 * The commands print through report/ (commands/ parses, renders through report/ and chooses exit codes).
 */
const TERMINAL = ["report", "cli.ts", "demo.ts", "simulator"];

/** Where time is read: the clock module. Everyone else takes a Clock (or `now`). */
const CLOCK_FILES = ["src/sched/clock.ts"];

/**
 * Who imports `systemClock` (issue 25): the composition roots, which pass a Clock (or its `now`) down to the
 * modules they call; a library module takes it as a parameter, so a test can hand it a virtual clock. Roots:
 * the entry points, the commands, the simulator's server (a program of its own, whose `now` option
 * overrides it), and the review page's client (a program of its own, run by the browser; its one reading of
 * time is the moment a verdict is given). The state backends take the command's clock through `openState`.
 */
const CLOCK_ROOTS = [
  "src/cli.ts",
  "src/demo.ts",
  "src/commands/**/*.ts",
  "src/simulator/server.ts",
  "src/review/client/**/*.ts",
];
const SYSTEM_CLOCK = {
  group: ["**/sched/clock.js", "./clock.js"],
  importNames: ["systemClock"],
  message:
    "only the composition roots (eslint.config.js CLOCK_ROOTS) import systemClock: take a Clock (or `now`) as a parameter.",
};

/**
 * HTTP stays inside the gateway provider (issue 25): the provider seam speaks in outcomes (src/api/outcomes.ts).
 * The gateway's HTTP client and the rules that read an HTTP answer are used by src/api itself and by
 * src/provider/gateway.ts only; the tencent provider maps the SDK's answers to outcomes directly.
 */
const GATEWAY_FILES = ["src/provider/gateway.ts"];
const GATEWAY_HTTP = {
  group: ["**/api/http.js", "**/api/create.js", "**/api/query.js", "**/api/endpoint.js"],
  importNames: [
    "sendJson",
    "HttpResult",
    "createTask",
    "queryTask",
    "classifyCreateResponse",
    "classifyQueryResponse",
    "configurationProblem",
  ],
  message:
    "HTTP stays inside the gateway provider (eslint.config.js GATEWAY_FILES): work with the outcomes of src/api/outcomes.ts.",
};

const NETWORK_MODULES = ["node:http", "node:https", "node:net", "node:http2", "undici"];

const layerGlob = (layer) => (layer.endsWith(".ts") ? `src/${layer}` : `src/${layer}/**/*.ts`);

/**
 * Import patterns a module of `layer` may not use: every layer above it, the network if not allowed,
 * `systemClock` unless `clock`, the gateway's HTTP unless `http`.
 */
function restrictedImports(layer, { clock = false, http = false } = {}) {
  const above = LAYERS.slice(0, LAYERS.indexOf(layer)).filter((other) => other !== layer);
  const patterns = above.map((other) => ({
    group: other.endsWith(".ts") ? [`**/${other.replace(/\.ts$/, ".js")}`] : [`**/${other}/*`, `**/${other}/**`],
    message: `${layer} sits below ${other} in the layers (eslint.config.js LAYERS): move the shared piece down instead.`,
  }));
  const network = NETWORK.includes(layer)
    ? []
    : NETWORK_MODULES.map((name) => ({
        name,
        message: `only ${NETWORK.join(", ")} do network I/O (eslint.config.js NETWORK).`,
      }));
  const own = [...(clock ? [] : [SYSTEM_CLOCK]), ...(http || layer === "api" ? [] : [GATEWAY_HTTP])];
  return ["error", { paths: network, patterns: [...patterns, ...own] }];
}

/** The layer a file of src/ belongs to. */
function layerOf(file) {
  const path = file.replace(/^src\//, "");
  return LAYERS.find((layer) => (layer.endsWith(".ts") ? path === layer : path.startsWith(`${layer}/`)));
}

/** Declared exceptions: the same layer rules, with the clock or the gateway's HTTP allowed. */
function importExceptions() {
  const files = [...new Set([...CLOCK_ROOTS, ...GATEWAY_FILES])];
  return files.map((file) => ({
    files: [file],
    rules: {
      "no-restricted-imports": restrictedImports(layerOf(file), {
        clock: CLOCK_ROOTS.includes(file),
        http: GATEWAY_FILES.includes(file),
      }),
    },
  }));
}

const TERMINAL_SYNTAX = [
  {
    selector: "MemberExpression[object.name='process'][property.name=/^(stdout|stderr)$/]",
    message: "only report/ writes to the terminal (eslint.config.js TERMINAL).",
  },
  {
    selector:
      "CallExpression[callee.property.name='write'][callee.object.property.name=/^(stdout|stderr)$/][callee.object.object.name!='process']",
    message: "only report/ writes to the terminal (eslint.config.js TERMINAL).",
  },
];
const CLOCK_SYNTAX = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: "read time through src/sched/clock.ts (a Clock, or systemClock.now()).",
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "read time through src/sched/clock.ts: new Date(systemClock.now()).",
  },
];
/**
 * Keyed data starts prototype-free (docs/internals.md "Keys from outside"): a key may be `__proto__`,
 * `constructor` or `toString`. An empty (or spread-only) object literal typed as a Record is where a table of
 * outside keys begins, so it must be `keyedRecord()` / `keyedCopy()` (src/util/objects.ts) or a Map.
 */
const KEYED_SYNTAX = [
  {
    selector:
      "VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name=/^(Record|JsonObject)$/] > ObjectExpression.init:not(:has(Property))",
    message:
      "a Record built from keys starts as keyedRecord() or keyedCopy() (src/util/objects.ts) or is a Map: `{}` makes __proto__ and constructor special.",
  },
  {
    selector:
      "TSAsExpression[typeAnnotation.typeName.name=/^(Record|JsonObject)$/] > ObjectExpression.expression:not(:has(Property))",
    message:
      "a Record built from keys starts as keyedRecord() or keyedCopy() (src/util/objects.ts) or is a Map: `{}` makes __proto__ and constructor special.",
  },
];
/**
 * Arrays as long as a campaign (500,000 tasks) overflow the stack when spread into a call's arguments
 * (issue 24): `Math.min/max(...xs)` and `out.push(...xs)` are written with src/util/arrays.ts instead.
 */
const SPREAD_SYNTAX = [
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
    message: "Math.min/max(...array) overflows the stack on a large campaign: use minOf/maxOf from src/util/arrays.ts.",
  },
  {
    selector:
      "CallExpression[callee.property.name=/^(push|unshift|splice|fromCharCode|fromCodePoint)$/] > SpreadElement",
    message:
      "spreading an array into arguments overflows the stack on a large campaign: use append() from src/util/arrays.ts (or a loop).",
  },
];
const EXIT_SYNTAX = [
  {
    selector: "ReturnStatement > Literal[raw=/^(0|1|2|3|130)$/]",
    message: "return an ExitCode name (src/errors.ts), not a bare exit number.",
  },
];

function syntaxRules(layer, terminalAllowed = TERMINAL.includes(layer)) {
  return [
    ...CLOCK_SYNTAX,
    ...KEYED_SYNTAX,
    ...SPREAD_SYNTAX,
    ...(terminalAllowed ? [] : TERMINAL_SYNTAX),
    ...(layer === "commands" ? EXIT_SYNTAX : []),
  ];
}

/** One config object per layer: flat config replaces a rule's options per object, so each gets all its own. */
function layerConfig(layer) {
  const syntax = syntaxRules(layer);
  return {
    files: [layerGlob(layer)],
    ignores: CLOCK_FILES,
    rules: {
      "no-restricted-imports": restrictedImports(layer),
      "no-restricted-syntax": ["error", ...syntax],
      "no-restricted-globals": NETWORK.includes(layer)
        ? "off"
        : [
            "error",
            { name: "fetch", message: `only ${NETWORK.join(", ")} do network I/O (eslint.config.js NETWORK).` },
          ],
    },
  };
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  ...LAYERS.map(layerConfig),
  ...importExceptions(),
  { files: ["src/report/**", "src/cli.ts", "src/demo.ts", "bench/**", "test/**"], rules: { "no-console": "off" } },
);
