// Expanded requests + the lockfile -> one review cell per request: what it is, how it went, where it plays.
import type { ExpandedManifest, ExpandedRequest } from "../expand/types.js";
import type { EarlierGeneration, LockEntry, Lockfile } from "../lockfile/types.js";
import type { PriceTable } from "../manifest/types.js";
import { priceRequest } from "../expand/price-rules.js";
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import { isJsonObject } from "../util/objects.js";
import { currentChecks } from "../lockfile/checks.js";
import { ROW_AXIS } from "../expand/layout.js";
import type { ReviewAxis, ReviewCell, ReviewCheck, ReviewGeneration, VideoSource } from "./data.js";

/** Finds where one generation of a key plays from (pulled file, else an unexpired URL). */
export type SourceFinder = (key: string, generation: EarlierGeneration, current: boolean) => VideoSource | undefined;

/**
 * `columns`: data-file columns named by --rows/--cols; a rows × matrix request gets each as an axis too
 * (next to its matrix axes and "row"), so the grid can be laid out by it.
 */
export function buildCells(
  expanded: ExpandedManifest,
  lockfile: Lockfile | null,
  find: SourceFinder,
  prices?: PriceTable,
  columns: readonly string[] = [],
): ReviewCell[] {
  const entries = lockfile?.entries ?? {};
  return expanded.requests.map((request) => {
    const entry = Object.hasOwn(entries, request.key) ? entries[request.key] : undefined;
    return buildCell(request, entry, find, prices, columns);
  });
}

function buildCell(
  request: ExpandedRequest,
  entry: LockEntry | undefined,
  find: SourceFinder,
  prices: PriceTable | undefined,
  columns: readonly string[],
): ReviewCell {
  const body = request.body;
  const output: JsonObject = isJsonObject(body.output_config) ? body.output_config : {};
  const cell: ReviewCell = {
    key: request.key,
    video: request.video,
    prompt: text(body.prompt),
    model: text(body.model_name),
    version: text(body.model_version),
    resolution: text(output.resolution),
    seconds: request.seconds,
    generation: entry?.generation ?? 0,
    state: entry ? stateOf(entry) : "planned",
    earlier: (entry?.earlier ?? []).map((g) => generationOf(request.key, g, find)),
  };
  if (request.axes) {
    const axes: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const axis of request.axes)
      axes[axis] = axis === ROW_AXIS && request.row !== undefined ? request.row : show(request.vars[axis]);
    if (request.row !== undefined)
      for (const column of columns)
        if (Object.hasOwn(request.vars, column) && !(column in axes)) axes[column] = show(request.vars[column]);
    cell.axes = { ...axes };
  }
  if (request.take !== undefined) cell.take = request.take;
  if (entry?.task_id) cell.task_id = entry.task_id;
  const failure = entry && failureOf(entry);
  if (failure) cell.failure = failure;
  const cost = prices ? priceRequest(body, request.seconds, prices) : null;
  if (cost !== null) cell.cost = Math.round(cost * 1e6) / 1e6; // no float noise (0.35000000000000003) in the page
  const media = entry && find(request.key, entry, true);
  if (media) cell.media = media;
  const checks = entry && checksOf(entry);
  if (checks) cell.checks = checks;
  return cell;
}

/** The results that hold for the generation's recorded file, as badges need them. */
function checksOf(generation: EarlierGeneration): ReviewCheck[] | undefined {
  const results = currentChecks(generation);
  return results?.map((r) => ({
    check: r.check,
    outcome: r.outcome,
    ...(r.measured !== undefined ? { measured: r.measured } : {}),
    ...(r.asked !== undefined ? { asked: r.asked } : {}),
  }));
}

function generationOf(key: string, g: EarlierGeneration, find: SourceFinder): ReviewGeneration {
  const out: ReviewGeneration = { generation: g.generation, state: stateOf(g) };
  if (g.task_id) out.task_id = g.task_id;
  if (g.submitted_at) out.submitted_at = g.submitted_at;
  const media = find(key, g, false);
  if (media) out.media = media;
  const checks = checksOf(g);
  if (checks) out.checks = checks;
  return out;
}

/** The campaign's axes: every matrix axis, with its values in order of first appearance. */
export function collectAxes(cells: readonly ReviewCell[]): ReviewAxis[] {
  const axes = new Map<string, Set<string>>();
  for (const cell of cells) {
    for (const [axis, value] of Object.entries(cell.axes ?? {})) {
      if (!axes.has(axis)) axes.set(axis, new Set());
      axes.get(axis)?.add(value);
    }
  }
  return [...axes].map(([name, values]) => ({ name, values: [...values] }));
}

function stateOf(entry: EarlierGeneration): string {
  if (entry.submission === "in_doubt") return "in doubt";
  if (entry.submission !== "created") return entry.submission;
  return entry.task?.state ?? "submitted";
}

function failureOf(entry: LockEntry): string | undefined {
  if (entry.error) return `${entry.error.code}: ${entry.error.message}`;
  const error = entry.task?.error;
  if (error) return `${error.err_code_ext || error.err_code}${error.message ? `: ${error.message}` : ""}`;
  return entry.note;
}

function show(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : value === undefined ? "—" : JSON.stringify(value);
}

function text(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : value === undefined ? "" : String(value);
}
