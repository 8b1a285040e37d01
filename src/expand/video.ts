// One video of the manifest -> its requests: every row x every matrix combination x takes, each body rendered.
import type { Diagnostic } from "../diagnostics.js";
import type { ManifestDoc } from "../manifest/types.js";
import { hashJsonText, type JsonObject, type JsonValue } from "../util/canonical-json.js";
import type { DataRow } from "./data-row.js";
import { keyFromId, keyProblem, withTake, describeOrigin, type KeyOrigin, type KeyRegistry } from "./keys.js";
import { expandMatrix, type Combination } from "./matrix.js";
import { describeVars, type Locate } from "./sources.js";
import { templateContext } from "./template.js";
import { FailureLog } from "./failures.js";
import type { AcceptExpansion, Expansion, VideoPlan } from "./expansion.js";

export interface VideoContext {
  doc: ManifestDoc;
  locate: Locate;
  /** `{ env }`: the allowed environment, as the last layer of every template context. */
  envLayer: { env: Record<string, string> };
  keys: KeyRegistry;
  failures: FailureLog;
  diagnostics: Diagnostic[];
}

export function expandVideo(plan: VideoPlan, ctx: VideoContext, accept: AcceptExpansion): void {
  const combos = plan.spec.matrix ? expandMatrix(plan.spec.matrix) : [{ values: {} }];
  const rows: (DataRow | undefined)[] = plan.rows ?? [undefined];
  const base = { ...(ctx.doc.vars ?? {}), ...(plan.spec.vars ?? {}) };
  if (combos.length === 0 || rows.length === 0) {
    const why = rows.length === 0 ? "its data file has no rows" : "every matrix combination is excluded";
    ctx.diagnostics.push({
      severity: "warning",
      ...plan.origin,
      message: `video "${plan.label}" expands to no requests: ${why}`,
    });
  }
  for (const row of rows) {
    for (const combo of combos) expandCombination(plan, ctx, base, combo, row, accept);
  }
}

function expandCombination(
  plan: VideoPlan,
  ctx: VideoContext,
  base: Record<string, JsonValue>,
  combo: Combination,
  row: DataRow | undefined,
  accept: AcceptExpansion,
): void {
  const vars: Record<string, JsonValue> = row ? { ...combo.values, ...row.values } : combo.values;
  const context = templateContext(base, vars, ctx.envLayer);
  const rendered = plan.renderer.render(context);
  const keyBase = renderKey(plan, ctx, context, vars, combo, row);
  if (!rendered.ok) {
    for (const f of rendered.failures) ctx.failures.add(plan, f, vars, combo, row);
    return;
  }
  if (keyBase === undefined) return;
  const oldBase = plan.renamedFrom ? renderOldKey(plan, ctx, context, vars) : undefined;
  const takes = combo.takes ?? plan.spec.takes ?? 1;
  // Bodies are built with sorted keys (body.ts), so their JSON text is already canonical: hashBody's result.
  const hash = hashJsonText(rendered.json);
  const origin = plan.origin;
  for (let take = 1; take <= takes; take++) {
    // Each take gets its own top-level object, so adding session_id to one never touches another.
    const body: JsonObject = take === 1 ? rendered.body : { ...rendered.body };
    const expansion: Expansion = {
      key: withTake(keyBase, take, takes),
      video: plan.label,
      vars,
      body,
      hash,
      origin,
      plan,
      combo,
      row,
    };
    if (oldBase !== undefined) expansion.renamedFrom = withTake(oldBase, take, takes);
    const clash = ctx.keys.claim(expansion.key, expansion);
    if (clash) ctx.diagnostics.push(clashDiagnostic(expansion, clash));
    else {
      const kept = accept(expansion);
      if (kept !== expansion) ctx.keys.keep(expansion.key, kept);
    }
  }
}

function clashDiagnostic(second: KeyOrigin, first: KeyOrigin): Diagnostic {
  return {
    severity: "error",
    ...second.origin,
    key: second.key,
    message: `key "${second.key}" is produced twice: by ${describeOrigin(first)} and by ${describeOrigin(second)}`,
    suggestion: "make the name template use every variable that varies",
  };
}

/** The key the old template (`renamed_from`) gives for these variables; a failure is an error at renamed_from. */
function renderOldKey(
  plan: VideoPlan,
  ctx: VideoContext,
  context: Record<string, unknown>,
  vars: Record<string, JsonValue>,
): string | undefined {
  const result = plan.renamedFrom?.(context);
  const at = ctx.locate(["videos", plan.index, "renamed_from"]);
  if (result && !result.ok) {
    ctx.failures.addDiagnostic(`${plan.index}|renamed_from|${result.message}`, {
      severity: "error",
      ...at,
      message: `video "${plan.label}" [${describeVars(vars)}]: renamed_from: ${result.message}`,
      suggestion: "renamed_from is the old name template: it may use only the variables this video has",
    });
    return undefined;
  }
  const problem = result ? keyProblem(result.text) : undefined;
  if (problem)
    ctx.failures.addDiagnostic(`${plan.index}|renamed_from|${problem.replace(/".*"/, "")}`, {
      severity: "error",
      ...at,
      message: `video "${plan.label}" [${describeVars(vars)}]: renamed_from: ${problem}`,
    });
  return result && !problem ? result.text : undefined;
}

function renderKey(
  plan: VideoPlan,
  ctx: VideoContext,
  context: Record<string, unknown>,
  vars: Record<string, JsonValue>,
  combo: Combination,
  row: DataRow | undefined,
): string | undefined {
  let key: string;
  if (plan.name) {
    const result = plan.name(context);
    if (!result.ok) {
      ctx.failures.add(
        plan,
        {
          path: "",
          text: plan.spec.name ?? "",
          message: result.message,
          ...(result.missing ? { missing: result.missing } : {}),
        },
        vars,
        combo,
        row,
      );
      return undefined;
    }
    key = result.text;
  } else {
    key = keyFromId(plan.spec.id ?? "", vars);
  }
  const problem = keyProblem(key);
  if (!problem) return key;
  const at = ctx.locate(["videos", plan.index, plan.name ? "name" : "id"]);
  ctx.failures.addDiagnostic(`${plan.index}|key|${problem.replace(/".*"/, "")}`, {
    severity: "error",
    ...at,
    message: `video "${plan.label}" [${describeVars(vars)}]: ${problem}`,
    suggestion: plan.name
      ? "keys may not contain / or control characters; shorten the name"
      : "give the video a `name` template",
  });
  return undefined;
}
