// A manifest whose provider changed while its lockfile holds entries of the other one: those entries are
// kept and queried where they were created, never silently generated again; the plan says so.
import type { LockEntry } from "../lockfile/types.js";
import { providerNameOf, type ProviderName } from "../provider/types.js";
import type { PlanEntry } from "./types.js";

export function otherProvider(recorded: LockEntry, ctx: { provider?: ProviderName }): boolean {
  return providerNameOf(recorded) !== (ctx.provider ?? "gateway");
}

/** An in-doubt request of one provider re-sent through another could create a second paid task: its session_id is not known there. */
export function notResentThrough(recorded: LockEntry, current: ProviderName): string {
  const was = providerNameOf(recorded);
  return `sent through ${was}, outcome unknown; the provider is now ${current}, which does not know its session_id, so it is not re-sent (apply once with --provider ${was} to settle it, or --replace KEY to generate it again)`;
}

/** One warning per provider that created entries the plan keeps: nothing of theirs is re-generated. */
export function providerSwitchWarnings(entries: readonly PlanEntry[], current: ProviderName): string[] {
  const kept = new Map<ProviderName, number>();
  for (const entry of entries) {
    if (!entry.recorded || entry.action === "submit" || entry.action === "retire") continue;
    const was = providerNameOf(entry.recorded);
    if (was !== current) kept.set(was, (kept.get(was) ?? 0) + 1);
  }
  return [...kept].map(
    ([was, count]) =>
      `the provider is ${current}, but ${count} recorded entr${count === 1 ? "y was" : "ies were"} created through ${was}: ` +
      `they are kept as they are (not generated again) and status queries them through ${was}`,
  );
}

/** Keys a plan would re-send (in doubt) through a provider other than the one that sent them: a saved plan made under another provider. */
export function resentThroughOtherProvider(entries: readonly PlanEntry[], current: ProviderName): string[] {
  return entries
    .filter((e) => e.action === "resend" && e.recorded && providerNameOf(e.recorded) !== current)
    .map((e) => e.key);
}
