import { readFile } from "node:fs/promises";
import { displayPath } from "../util/paths.js";
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { compileManifest } from "../expand/compile.js";
import type { ExpandedManifest } from "../expand/types.js";
import { compileOptions, type ManifestFlags } from "../expand/manifest-flags.js";
import { makePlan } from "../plan/make-plan.js";
import type { PlanSelectionFlags } from "../plan/plan-command.js";
import { loadSavedPlan } from "../plan/saved.js";
import type { Lockfile } from "../lockfile/types.js";
import type { Plan } from "../plan/types.js";
import { chooseProvider } from "../config/provider-choice.js";
import type { EnvSource } from "../config/settings.js";
import type { ProviderName } from "../provider/types.js";
import { workspaceFor } from "../workspace.js";
import type { StateStore } from "./state.js";

/** The selection and manifest flags apply shares with plan. */
export interface SourceOptions extends ManifestFlags, PlanSelectionFlags {}

/** What apply works from: a manifest (planned now) or a saved plan (checked for staleness). */
export interface ApplySource {
  kind: "manifest" | "saved-plan";
  /** The manifest as the user would name it in a command (relative to the current directory). */
  manifestLabel: string;
  lockfilePath: string;
  /** Where the campaign's state lives (the lockfile, or the database). */
  state: StateStore;
  /** Manifest warnings (the manifest was compiled here). */
  warnings: Diagnostic[];
  /**
   * Builds the plan; call with the apply lock held and after journal recovery. Also returns the lockfile it
   * was planned against: under the lock nothing else writes it, so apply folds its results into this one.
   */
  plan(warn: (message: string) => void): Promise<PlannedApply>;
}

export interface PlannedApply {
  plan: Plan;
  settings: ExpandedManifest["settings"];
  lockfile: Lockfile | null;
  /** The lockfile held git conflict markers and was read as the union of both sides: apply writes it resolved. */
  resolvedConflict: boolean;
  provider: ProviderName;
}

interface Ctx {
  cwd: string;
  /** The environment, for the manifest's templates (allow_env) only. */
  env: Readonly<Record<string, string | undefined>>;
  /** Variables an --dotenv file set: never visible to templates. */
  dotenvNames?: readonly string[] | undefined;
  /** The command's resolved settings (CommandContext.settings), where REELFORM_PROVIDER is read. */
  settings: EnvSource;
  /** Opens the campaign's state (src/state/open.ts): the source does not know which backend it is. */
  openState(paths: { manifestPath: string; lockfilePath: string; campaign?: string }): Promise<StateStore>;
  /** The command's clock: the plan's time (the dedup window). */
  now(): number;
}

/** A .json argument whose content is a saved plan is applied as one; anything else is a manifest. */
export async function resolveApplySource(ctx: Ctx, target: string, options: SourceOptions): Promise<ApplySource> {
  const path = resolve(ctx.cwd, target);
  const saved = /\.json$/i.test(target) ? await peekSavedPlan(path) : null;
  if (saved)
    return savedPlanSource(
      ctx,
      path,
      saved,
      options,
      await ctx.openState({
        manifestPath: resolve(ctx.cwd, saved.manifest),
        lockfilePath: resolve(ctx.cwd, saved.lockfile),
      }),
    );
  const expanded = await compileManifest(path, compileOptions(ctx, options));
  const { lockfilePath, label: labelOf } = workspaceFor(ctx.cwd, expanded.manifestPath);
  const state = await ctx.openState({
    manifestPath: resolve(ctx.cwd, expanded.manifestPath),
    lockfilePath,
    campaign: expanded.campaign,
  });
  return {
    kind: "manifest",
    warnings: expanded.warnings,
    manifestLabel: labelOf(path),
    lockfilePath,
    state,
    plan: async (warn) => {
      const conflict = noticeConflict(warn);
      const lockfile =
        (await state.read({ displayPath: labelOf(lockfilePath), warn: conflict.warn }))?.lockfile ?? null;
      const labels = { manifestLabel: labelOf(expanded.manifestPath), lockfileLabel: labelOf(lockfilePath) };
      const made = await makePlan(
        { cwd: ctx.cwd, env: ctx.settings, expanded, lockfile, ...labels, now: ctx.now() },
        options,
      );
      return {
        plan: made.plan,
        settings: expanded.settings,
        lockfile,
        resolvedConflict: conflict.seen(),
        provider: made.provider,
      };
    },
  };
}

/** Passes warnings on and remembers that one came (only a conflicted lockfile warns). */
function noticeConflict(warn: (message: string) => void): { warn: (message: string) => void; seen: () => boolean } {
  let seen = false;
  return {
    warn: (message) => {
      seen = true;
      warn(message);
    },
    seen: () => seen,
  };
}

function savedPlanSource(
  ctx: Ctx,
  path: string,
  saved: PeekedPlan,
  options: SourceOptions,
  state: StateStore,
): ApplySource {
  return {
    kind: "saved-plan",
    warnings: [],
    manifestLabel: label(ctx.cwd, resolve(ctx.cwd, saved.manifest)),
    lockfilePath: resolve(ctx.cwd, saved.lockfile),
    state,
    plan: async (warn) => {
      // The recorded set is read once: its digest proves it unchanged, and the same read is planned against.
      const lockfilePath = resolve(ctx.cwd, saved.lockfile);
      const conflict = noticeConflict(warn);
      const read = await state.read({ displayPath: label(ctx.cwd, lockfilePath), warn: conflict.warn });
      const knownDigests = new Map([[lockfilePath, read?.sha256 ?? "absent"]]);
      const loaded = await loadSavedPlan(label(ctx.cwd, path), ctx.cwd, { parsed: saved.parsed, knownDigests });
      // The manifest is unchanged since the plan (loadSavedPlan checked): its apply settings still hold.
      const expanded = await compileManifest(resolve(ctx.cwd, loaded.plan.manifest), compileOptions(ctx, options));
      const lockfile = read?.lockfile ?? null;
      const provider = chooseProvider({
        flag: options.provider,
        env: ctx.settings,
        manifest: expanded.settings.provider,
      }).name;
      return { plan: loaded.plan, settings: expanded.settings, lockfile, resolvedConflict: conflict.seen(), provider };
    },
  };
}

/** A saved plan's JSON, parsed once here and checked in full under the lock (loadSavedPlan). */
interface PeekedPlan {
  manifest: string;
  lockfile: string;
  parsed: unknown;
}

async function peekSavedPlan(path: string): Promise<PeekedPlan | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch {
    return null;
  }
  const saved = value as { plan?: { manifest?: unknown; lockfile?: unknown }; lockfile?: { path?: unknown } } | null;
  const plan = saved?.plan;
  if (!plan || typeof plan.manifest !== "string") return null;
  const lockfile = typeof saved.lockfile?.path === "string" ? saved.lockfile.path : plan.lockfile;
  return typeof lockfile === "string" ? { manifest: plan.manifest, lockfile, parsed: value } : null;
}

function label(cwd: string, path: string): string {
  return displayPath(path, cwd);
}
