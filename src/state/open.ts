// The one place that knows which state backend a command has: REELFORM_STATE (or --state) unset, the lockfile
// beside the manifest; a postgres:// URL, the database (connected and migrated here). Every command gets a
// StateStore from here and works with it without knowing which it is.
import { fileState } from "../apply/file-state.js";
import type { StateStore } from "../apply/state.js";
import { DiagnosticsError, UserError } from "../errors.js";
import type { LockInfo } from "../lockfile/mutex.js";
import { loadManifest } from "../manifest/load.js";
import type { Clock } from "../sched/clock.js";
import { workspaceFor, type Workspace } from "../workspace.js";
import { settingsOf, type CommandSettings } from "../config/command-settings.js";
import type { Env, EnvSource } from "../config/settings.js";
import { resolveStateSettings, type PostgresSettings } from "./settings.js";

export interface StatePaths {
  /** Absolute. */
  manifestPath: string;
  lockfilePath: string;
  /** The manifest's campaign, when the caller has compiled it already (else it is read from the manifest). */
  campaign?: string;
}

/** Stores opened by this process, closed by closeOpenStates() when the command ends (src/cli.ts). */
const opened = new Set<{ close(): Promise<void> }>();

/**
 * `settings`: the command's resolved settings (CommandContext.settings), where REELFORM_STATE (or --state) is read.
 * The clock is the command's: it dates the locks the state takes (and paces the database's shared budget).
 */
export async function openState(settings: EnvSource, paths: StatePaths, clock: Clock): Promise<StateStore> {
  const where = resolveStateSettings(settings);
  if (where.kind === "file") return fileState(paths.lockfilePath, clock);
  const campaign = paths.campaign ?? (await campaignOf(paths.manifestPath));
  const client = await connect(where);
  const { postgresState } = await import("./postgres-state.js");
  const state = postgresState({
    client,
    connect: () => connect(where),
    settings: where,
    campaign,
    lockfilePath: paths.lockfilePath,
    clock,
  });
  opened.add(state);
  return state;
}

/** Ends every connection this process opened (a command that threw included). */
export async function closeOpenStates(): Promise<void> {
  for (const state of opened) await state.close();
  opened.clear();
}

/** Locks visible without a manifest (force-unlock ID alone): null for the file backend, which searches files instead. */
export async function forceUnlockAnywhere(
  source: EnvSource,
  id: string,
): Promise<{ found: LockInfo | null; where: string } | null> {
  const settings = resolveStateSettings(source);
  if (settings.kind === "file") return null;
  const client = await connect(settings);
  opened.add({ close: () => client.end().catch(() => undefined) });
  const { forceUnlockIn } = await import("./postgres-state.js");
  return { found: await forceUnlockIn(client, settings, id), where: settings.display };
}

async function connect(settings: PostgresSettings): Promise<import("pg").Client> {
  const { default: pg } = await import("pg");
  const { migrate } = await import("./migrate.js");
  const { describePgError } = await import("./postgres-errors.js");
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    ssl: settings.ssl,
    application_name: "reelform",
    connectionTimeoutMillis: 30_000,
    ...(settings.password !== undefined ? { password: settings.password } : {}),
  });
  // A connection lost mid-run is reported by the next query (as "state not writable"); the event itself must
  // not crash the process while answers in flight are still being recorded elsewhere.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await migrate(client, settings.display);
  } catch (error) {
    await client.end().catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw new UserError(
      `cannot use the state database ${settings.display} (REELFORM_STATE): ${describePgError(error, settings.password)}`,
    );
  }
  return client;
}

/** The manifest's `campaign`: the key of its state in the database. */
async function campaignOf(manifestPath: string): Promise<string> {
  const loaded = await loadManifest(manifestPath, { cwd: "/" });
  const doc = loaded.manifest?.doc ?? loaded.partial?.manifest.doc;
  if (!doc)
    throw new DiagnosticsError(
      loaded.diagnostics,
      `cannot read the campaign of ${manifestPath}, which names its state in the database`,
    );
  return doc.campaign;
}

/** A command's workspace (src/workspace.ts) and the state of its manifest. */
export async function openWorkspaceState(
  ctx: { env: Env; cwd: string; settings?: CommandSettings | undefined },
  manifest: string,
  clock: Clock,
): Promise<{ workspace: Workspace; state: StateStore }> {
  const workspace = workspaceFor(ctx.cwd, manifest);
  return { workspace, state: await openState(settingsOf(ctx), workspace, clock) };
}
