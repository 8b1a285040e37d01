// manifest file -> load -> schema -> expand -> API checks -> requests. The one entry point other parts call.
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { hasErrors, sortByPlace } from "../diagnostics.js";
import { DiagnosticsError } from "../errors.js";
import { lockfilePathFor } from "../lockfile/paths.js";
import { loadManifest, type LoadedManifest } from "../manifest/load.js";
import { RequestChecker } from "../check/check-request.js";
import { loadModelTable } from "../check/models-file.js";
import { providerForChecks } from "../config/provider-choice.js";
import type { EnvSource } from "../config/settings.js";
import type { ModelTable } from "../check/model-table.js";
import type { JsonObject } from "../util/canonical-json.js";
import { budgetDiagnostics } from "./budget-check.js";
import { ExpansionChecks } from "./checks.js";
import { DEFAULT_CHECKS, resolveChecks, type CheckSettings } from "./check-settings.js";
import type { DataRow } from "./data-row.js";
import { DEFAULT_MAX_REQUESTS } from "./cap.js";
import { expandManifest } from "./expand.js";
import { layoutAxes, rowLabelOf, takeOf } from "./layout.js";
import type { Expansion } from "./expansion.js";
import type { KeyOrigin } from "./keys.js";
import { loadPrices } from "./prices.js";
import { displayPath } from "../util/paths.js";
import { loadRows } from "./rows.js";
import type { ExpandedManifest, ExpandedRequest, InputFile } from "./types.js";
import { collectMoves } from "./moves.js";
import { append } from "../util/arrays.js";

export interface CompileOptions {
  cwd: string;
  /** The environment, for templates' allow_env (a manifest may read a variable that is no setting). */
  env: Readonly<Record<string, string | undefined>>;
  /** The command's resolved settings, where REELFORM_PROVIDER is read (`env` when not given). */
  settings?: EnvSource;
  /** Variables never visible to templates besides reelform's own secrets: those loaded with --dotenv. */
  hiddenEnv?: readonly string[];
  /** Warnings become errors. */
  strict?: boolean;
  /** Extra model capabilities file (YAML/JSON) extending/overriding the built-in table. */
  modelsFile?: string;
  /** Expansion cap (default 10,000). */
  maxRequests?: number;
  /** A --prices file replaces the manifest's price table (plan, apply): the manifest's budget is checked against it later. */
  pricesFromFlag?: boolean;
  /** --provider (plan, apply): with REELFORM_PROVIDER and the manifest's `provider:`, whom the request checks follow. */
  providerFlag?: string;
}

/**
 * manifest file -> load -> schema -> expand -> API checks -> requests.
 * Throws DiagnosticsError (all findings, with file:line:col) when anything is wrong.
 */
export async function compileManifest(file: string, options: CompileOptions): Promise<ExpandedManifest> {
  const loaded = await loadManifest(file, { cwd: options.cwd });
  if (loaded.manifest && !hasErrors(loaded.diagnostics))
    return compileLoaded(loaded.manifest, options, loaded.diagnostics);
  const later = loaded.partial
    ? await findingsOfTheRest(loaded.partial.manifest, options, loaded.partial.skipVideos)
    : [];
  throw new DiagnosticsError(
    sortByPlace([...strictly(loaded.diagnostics, options), ...later]),
    `${file}: invalid manifest`,
  );
}

/**
 * A manifest with errors inside some videos: what expanding and checking the other videos finds, so one run
 * reports every problem. Its requests are never used.
 */
async function findingsOfTheRest(
  manifest: LoadedManifest,
  options: CompileOptions,
  skipVideos: ReadonlySet<number>,
): Promise<Diagnostic[]> {
  try {
    return (await compileLoaded(manifest, options, [], skipVideos)).warnings;
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
}

/**
 * The expansion of an already loaded manifest (tests build LoadedManifest by hand). Each stage runs as far as
 * it can, so one run reports every problem: a video whose data file fails is left out of the expansion (as
 * are `skipVideos`), and the requests that did expand are checked even when others failed.
 */
export async function compileLoaded(
  manifest: LoadedManifest,
  options: CompileOptions,
  loadWarnings: readonly Diagnostic[] = [],
  skipVideos: ReadonlySet<number> = new Set(),
): Promise<ExpandedManifest> {
  const diagnostics: Diagnostic[] = [...loadWarnings];
  const models = await loadModelTable(options.modelsFile, options.cwd);
  if (!models.ok) append(diagnostics, models.diagnostics);
  const inputs: InputFile[] = [
    {
      role: "manifest",
      path: displayPath(manifestAbsolute(manifest, options.cwd), options.cwd),
      sha256: manifest.sha256,
    },
  ];
  if (models.ok && models.input) inputs.push(models.input);
  const skip = new Set(skipVideos);
  const rows = await loadAllRows(
    manifest,
    { cwd: options.cwd, maxRows: options.maxRequests ?? DEFAULT_MAX_REQUESTS },
    inputs,
    diagnostics,
    skip,
  );
  const prices = await loadPrices(manifest.doc.prices, manifest.dir, options.cwd, manifest.locate(["prices"]));
  if (prices && !prices.ok) append(diagnostics, prices.diagnostics);
  if (prices?.ok && prices.input) inputs.push(prices.input);

  const provider = providerForChecks({
    flag: options.providerFlag,
    env: options.settings ?? options.env,
    manifest: manifest.doc.provider,
  });
  const checker = models.ok
    ? new ExpansionChecks(new RequestChecker(models.table, provider), manifest.doc, manifest.locate)
    : undefined;
  const checks = checksByVideo(manifest);
  const requests: ExpandedRequest[] = [];
  const renamed: Expansion[] = [];
  // Each expansion is checked and made a request in its turn: none is kept past it (500,000 of them).
  const accept = (e: Expansion): KeyOrigin => {
    if (e.renamedFrom !== undefined) renamed.push(e);
    if (!checker || !models.ok) return e;
    checker.check(e);
    const request = toRequest(e, models.table, checks);
    requests.push(request);
    return request;
  };
  const expanded = expandManifest({
    doc: manifest.doc,
    locate: manifest.locate,
    env: options.env,
    hiddenEnv: options.hiddenEnv ?? [],
    rows,
    skipVideos: skip,
    accept,
    ...(options.maxRequests ? { maxRequests: options.maxRequests } : {}),
  });
  append(diagnostics, expanded.diagnostics);
  if (checker) append(diagnostics, checker.diagnostics());
  const moves = collectMoves(manifest.doc, manifest.locate, renamed, expanded.produced);
  append(diagnostics, moves.diagnostics);
  if (!prices || prices.ok) {
    const budget = {
      budget: manifest.doc.budget,
      prices: prices?.prices,
      pricesFromFlag: Boolean(options.pricesFromFlag),
      requests,
      at: manifest.locate(["budget"]),
    };
    append(diagnostics, budgetDiagnostics(budget));
  }
  const final = strictly(diagnostics, options);
  // Left-out videos and a failed model table always come with errors of their own, but never make requests.
  if (hasErrors(final) || !models.ok || skip.size > 0) throw failure(manifest, final);
  return {
    campaign: manifest.doc.campaign,
    manifestPath: manifest.path,
    lockfilePath: lockfilePathFor(manifest.path),
    requests,
    inputs,
    settings: settingsOf(manifest, prices?.ok ? prices.prices : undefined),
    warnings: final,
    ...(moves.moves.length > 0 ? { moves: moves.moves } : {}),
  };
}

/** Rows of each video with `rows:`; a video whose file fails is added to `skip`. */
/** Under --strict, warnings are errors. */
function strictly(diagnostics: readonly Diagnostic[], options: CompileOptions): Diagnostic[] {
  return options.strict ? diagnostics.map((d) => ({ ...d, severity: "error" as const })) : [...diagnostics];
}

async function loadAllRows(
  manifest: LoadedManifest,
  read: { cwd: string; maxRows: number },
  inputs: InputFile[],
  diagnostics: Diagnostic[],
  skip: Set<number>,
): Promise<Map<number, DataRow[]>> {
  const rows = new Map<number, DataRow[]>();
  for (const [i, video] of manifest.doc.videos.entries()) {
    if (skip.has(i) || video.rows === undefined) continue;
    const loaded = await loadRows({
      path: video.rows,
      manifestDir: manifest.dir,
      ...read,
      at: manifest.locate(["videos", i, "rows"]),
      field: ["videos", i, "rows"],
    });
    if (!loaded.ok) {
      append(diagnostics, loaded.diagnostics);
      skip.add(i);
    } else {
      rows.set(i, loaded.rows);
      append(diagnostics, loaded.warnings);
      if (!inputs.some((f) => f.path === loaded.input.path)) inputs.push(loaded.input);
    }
  }
  return rows;
}

/** Each video's resolved checks, one object per video (shared by its requests). */
function checksByVideo(manifest: LoadedManifest): CheckSettings[] {
  // A manifest with broken videos is still compiled for its other findings: a video may be anything there.
  const top = isObject(manifest.doc.checks) ? manifest.doc.checks : undefined;
  return manifest.doc.videos.map((video) =>
    resolveChecks(top, isObject(video) && isObject(video.checks) ? video.checks : undefined),
  );
}

function isObject(value: unknown): value is Record<string, never> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function toRequest(e: Expansion, table: ModelTable, checks: readonly CheckSettings[]): ExpandedRequest {
  const output = e.body.output_config as JsonObject | undefined;
  const duration = typeof output?.duration === "number" ? output.duration : undefined;
  const model =
    typeof e.body.model_name === "string" && Object.hasOwn(table.models, e.body.model_name)
      ? table.models[e.body.model_name]
      : undefined;
  // One object shape for every request (axes and take may be undefined): 100,000 of them stay cheap.
  return {
    key: e.key,
    video: e.video,
    vars: e.vars,
    hash: e.hash,
    body: e.body,
    seconds: duration ?? model?.default_duration ?? 0,
    origin: e.origin,
    axes: layoutAxes(e),
    take: takeOf(e),
    checks: checks[e.plan.index] ?? DEFAULT_CHECKS,
    row: rowLabelOf(e),
  };
}

function settingsOf(
  manifest: LoadedManifest,
  prices: ExpandedManifest["settings"]["prices"],
): ExpandedManifest["settings"] {
  const { budget, apply, provider, tencent, on_failed_check: onFailed, max_generations: maxGenerations } = manifest.doc;
  return {
    ...(onFailed === "replace" ? { replaceFailedChecks: true } : {}),
    ...(maxGenerations !== undefined ? { maxGenerations } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(prices ? { prices } : {}),
    ...(apply?.parallelism !== undefined ? { parallelism: apply.parallelism } : {}),
    ...(apply?.rate !== undefined ? { rate: apply.rate } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(tencent?.sub_app_id !== undefined ? { subAppId: tencent.sub_app_id } : {}),
  };
}

function manifestAbsolute(manifest: LoadedManifest, cwd: string): string {
  return resolve(cwd, manifest.path);
}

function failure(manifest: LoadedManifest, diagnostics: Diagnostic[]): DiagnosticsError {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return new DiagnosticsError(sortByPlace(diagnostics), `${manifest.path}: ${errors} error${errors === 1 ? "" : "s"}`);
}
