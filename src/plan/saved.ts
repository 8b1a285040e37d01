// Saved plans (`plan --out FILE`, applied later by `apply FILE`): the plan plus the digest of every input
// it was computed from, so that applying a plan whose manifest, data files or lockfile changed is refused.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { InputFile } from "../expand/types.js";
import { UserError } from "../errors.js";
import { writeFileAtomic } from "../lockfile/atomic-write.js";
import { prettyJson } from "../lockfile/json-text.js";
import { parseJsonText } from "../lockfile/validate.js";
import { sha256Hex } from "../util/canonical-json.js";
import { VERSION } from "../version.js";
import { planCommand } from "./plan-command.js";
import type { Plan } from "./types.js";

const SAVED_PLAN_FORMAT_VERSION = 1;

export interface SavedPlan {
  format_version: 1;
  reelform_version: string;
  created_at: string;
  /** Manifest, data files, price/model files, and the lockfile (sha256 "absent" when there was none). */
  inputs: InputFile[];
  lockfile: { path: string; sha256: string | "absent" };
  /** The selection and manifest flags plan was run with (argv words), repeated in "plan again" advice. */
  flags?: string[];
  plan: Plan;
}

export function buildSavedPlan(
  plan: Plan,
  inputs: InputFile[],
  lockfile: SavedPlan["lockfile"],
  createdAt: Date,
  flags: string[] = [],
): SavedPlan {
  return {
    format_version: SAVED_PLAN_FORMAT_VERSION,
    reelform_version: VERSION,
    created_at: createdAt.toISOString(),
    inputs,
    lockfile,
    flags,
    plan,
  };
}

/** How to make this plan again, with the flags it was made with. */
function remake(saved: SavedPlan, path: string): string {
  return planCommand(
    saved.plan.manifest,
    Array.isArray(saved.flags) ? saved.flags.filter((f) => typeof f === "string") : [],
    path,
  );
}

/** Atomic, like the lockfile: a half-written plan must never be applied. */
export async function writeSavedPlan(path: string, saved: SavedPlan): Promise<void> {
  await writeFileAtomic(path, `${prettyJson(saved)}\n`);
}

export interface LoadSavedPlanOptions {
  /** The plan file's content when the caller has already parsed it (read only once). */
  parsed?: unknown;
  /** Digests the caller already has, by absolute path (the lockfile apply is about to parse): not read again. */
  knownDigests?: ReadonlyMap<string, string>;
}

/** Reads a saved plan and refuses it (UserError naming each changed input) when anything changed since. */
export async function loadSavedPlan(path: string, cwd: string, options: LoadSavedPlanOptions = {}): Promise<SavedPlan> {
  const value = options.parsed !== undefined ? options.parsed : await readSavedPlanJson(path, cwd);
  const saved = checkShape(value, path);
  const changed = await changedInputs(saved, cwd, options.knownDigests);
  if (changed.length > 0) {
    throw new UserError(
      `the saved plan ${path} is out of date; run \`${remake(saved, path)}\` again and review it:\n` +
        changed.map((c) => `  - ${c}`).join("\n"),
    );
  }
  return saved;
}

/** The plan file parsed as JSON (UserError or DiagnosticsError when it cannot be). */
async function readSavedPlanJson(path: string, cwd: string): Promise<unknown> {
  const text = await readFile(resolve(cwd, path), "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read saved plan ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  return parseJsonText(text, path, "saved plan");
}

/** One line per input whose digest differs from the one recorded: "data file data/products.csv changed". */
async function changedInputs(
  saved: SavedPlan,
  cwd: string,
  knownDigests: ReadonlyMap<string, string> = new Map(),
): Promise<string[]> {
  const recorded = [
    ...saved.inputs.map((i) => ({ what: `${ROLE[i.role]} ${i.path}`, path: i.path, sha256: i.sha256 })),
    { what: `lockfile ${saved.lockfile.path}`, path: saved.lockfile.path, sha256: saved.lockfile.sha256 },
  ];
  const changed: string[] = [];
  for (const input of recorded) {
    const absolute = resolve(cwd, input.path);
    const now = knownDigests.get(absolute) ?? (await digestOrAbsent(absolute));
    if (now === input.sha256) continue;
    if (now === "absent") changed.push(`${input.what} was removed`);
    else if (input.sha256 === "absent") changed.push(`${input.what} was created since (another apply ran?)`);
    else changed.push(`${input.what} changed`);
  }
  return changed;
}

const ROLE: Record<InputFile["role"], string> = {
  manifest: "manifest",
  data: "data file",
  prices: "price table",
  models: "model table",
  review: "review file",
};

export async function digestOrAbsent(path: string): Promise<string> {
  try {
    return sha256Hex(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function checkShape(value: unknown, path: string): SavedPlan {
  const saved = value as Partial<SavedPlan> | null;
  if (typeof saved?.format_version === "number" && saved.format_version > SAVED_PLAN_FORMAT_VERSION) {
    throw new UserError(
      `${path} was saved by a newer reelform (saved plan format_version ${saved.format_version}); upgrade reelform or run plan again`,
    );
  }
  const plan = saved?.plan;
  if (
    saved?.format_version !== SAVED_PLAN_FORMAT_VERSION ||
    !Array.isArray(saved.inputs) ||
    typeof saved.lockfile?.path !== "string" ||
    !Array.isArray(plan?.entries)
  ) {
    throw new UserError(
      `${path} is not a reelform saved plan (write one with \`reelform plan MANIFEST --out ${path}\`)`,
    );
  }
  if (saved.reelform_version !== VERSION) {
    throw new UserError(
      `${path} was saved by reelform ${String(saved.reelform_version)}; this is reelform ${VERSION}: run \`${remake(saved as SavedPlan, path)}\` again with this version`,
    );
  }
  return saved as SavedPlan;
}
