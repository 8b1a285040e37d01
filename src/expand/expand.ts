// The manifest (parsed, schema-valid) -> the requests it describes, in expansion order. Pure: data rows
// are read by the caller and passed in; no file system, no clock, no network.
import type { Diagnostic } from "../diagnostics.js";
import type { ManifestDoc, VideoSpec } from "../manifest/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import { compileBody } from "./body.js";
import { checkCap, DEFAULT_MAX_REQUESTS } from "./cap.js";
import type { DataRow } from "./data-row.js";
import { allowedEnv, checkAllowEnv, checkEnvReferences } from "./env.js";
import type { AcceptExpansion, Expansion, VideoPlan } from "./expansion.js";
import { FailureLog } from "./failures.js";
import { KeyRegistry } from "./keys.js";
import { checkMatrix } from "./matrix-rules.js";
import { mergeVideoBody } from "./merge.js";
import type { Locate } from "./sources.js";
import { createTemplateEngine, isTemplate, type TemplateEngine } from "./template.js";
import { templateDepthProblem } from "./template-depth.js";
import { expandVideo } from "./video.js";
import { append } from "../util/arrays.js";

export interface ExpandInput {
  doc: ManifestDoc;
  locate: Locate;
  env: Readonly<Record<string, string | undefined>>;
  /** Rows of each video that has `rows:`, by video index. */
  rows: ReadonlyMap<number, DataRow[]>;
  /** Variables never visible to templates besides reelform's own secrets (those loaded with --dotenv). */
  hiddenEnv?: readonly string[];
  maxRequests?: number;
  /** Videos not to expand (they have errors of their own): the others are still expanded and checked. */
  skipVideos?: ReadonlySet<number>;
  /** Each expansion in turn, instead of collecting them in `expansions` (which is then empty). */
  accept?: AcceptExpansion;
}

export interface ExpandResult {
  expansions: Expansion[];
  diagnostics: Diagnostic[];
  /** Whether some expansion has this key (false for all when expansion stopped early). */
  produced: (key: string) => boolean;
}

export function expandManifest(input: ExpandInput): ExpandResult {
  const { doc, locate } = input;
  const skip = input.skipVideos ?? new Set<number>();
  const secrets = checkAllowEnv(doc.allow_env ?? [], input.hiddenEnv ?? [], locate);
  if (secrets.length > 0) return { expansions: [], diagnostics: secrets, produced: () => false };
  const structural = doc.videos.flatMap((video, i) => (skip.has(i) ? [] : checkVideoShape(video, i, locate)));
  const rowCounts = new Map([...input.rows].map(([i, rows]) => [i, rows.length]));
  const cap = checkCap(doc.videos, rowCounts, input.maxRequests ?? DEFAULT_MAX_REQUESTS, locate, skip);
  if (structural.length > 0 || cap.length > 0)
    return { expansions: [], diagnostics: [...structural, ...cap], produced: () => false };

  const tooDeep = deepPartials(input);
  if (tooDeep.length > 0) return { expansions: [], diagnostics: tooDeep, produced: () => false };
  const engine = createTemplateEngine(doc.partials ?? {});
  const diagnostics: Diagnostic[] = checkPartials(input);
  const plans = doc.videos.map((video, i) =>
    skip.has(i) ? undefined : planVideo(video, i, input, engine, diagnostics),
  );
  const failures = new FailureLog(doc, locate);
  const context = {
    doc,
    locate,
    envLayer: { env: allowedEnv(doc.allow_env ?? [], input.env, input.hiddenEnv) },
    keys: new KeyRegistry(),
    failures,
    diagnostics,
  };
  const expansions: Expansion[] = [];
  const collect: AcceptExpansion = (e) => {
    expansions.push(e);
    return e;
  };
  for (const plan of plans) if (plan) expandVideo(plan, context, input.accept ?? collect);
  const produced = (key: string) => context.keys.has(key);
  return { expansions, diagnostics: [...diagnostics, ...failures.diagnostics()], produced };
}

function checkVideoShape(video: VideoSpec, index: number, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (video.name === undefined && video.id === undefined) {
    out.push({
      severity: "error",
      ...locate(["videos", index]),
      message: "this video has neither a name nor an id, so its requests would have no stable key",
      suggestion: 'add a name template such as "hero-{{product}}", or an id',
    });
  }
  if (video.matrix) append(out, checkMatrix(video.matrix, ["videos", index, "matrix"], locate));
  return out;
}

/** Partials nested too deeply to hand to Handlebars: nothing is expanded while one is there. */
function deepPartials(input: ExpandInput): Diagnostic[] {
  return Object.entries(input.doc.partials ?? {}).flatMap(([name, text]) => {
    const problem = templateDepthProblem(text);
    return problem
      ? [
          {
            severity: "error" as const,
            ...input.locate(["partials", name]),
            message: `partial "${name}": ${problem}`,
            suggestion: "split it into smaller partials",
          },
        ]
      : [];
  });
}

function checkPartials(input: ExpandInput): Diagnostic[] {
  const allow = input.doc.allow_env ?? [];
  return Object.entries(input.doc.partials ?? {}).flatMap(([name, text]) =>
    checkEnvReferences(text, input.locate(["partials", name]), allow, input.env),
  );
}

/** Merges and compiles a video's templates once; undefined (with diagnostics) when they cannot be used. */
function planVideo(
  video: VideoSpec,
  index: number,
  input: ExpandInput,
  engine: TemplateEngine,
  diagnostics: Diagnostic[],
): VideoPlan | undefined {
  const { locate } = input;
  const merged = mergeVideoBody(input.doc.defaults as JsonObject | undefined, video as unknown as JsonObject, [
    "videos",
    index,
  ]);
  const compiled = compileBody(merged.body, engine);
  const before = diagnostics.length;
  if (!compiled.ok) {
    for (const f of compiled.failures)
      diagnostics.push({
        severity: "error",
        ...locate(merged.origins.get(f.path) ?? ["videos", index]),
        message: `${f.message} in ${quoteTemplate(f.text)}`,
      });
  }
  const name = video.name !== undefined && isTemplate(video.name) ? engine.compile(video.name) : undefined;
  if (name && !name.ok)
    diagnostics.push({
      severity: "error",
      ...locate(["videos", index, "name"]),
      message: `${name.message} in ${quoteTemplate(video.name ?? "")}`,
    });
  const renamed = video.renamed_from !== undefined ? engine.compile(video.renamed_from) : undefined;
  if (renamed && !renamed.ok)
    diagnostics.push({
      severity: "error",
      ...locate(["videos", index, "renamed_from"]),
      message: `${renamed.message} in ${quoteTemplate(video.renamed_from ?? "")}`,
    });
  const allow = input.doc.allow_env ?? [];
  for (const [path, text] of compiled.ok ? compiled.renderer.templates : [])
    append(
      diagnostics,
      checkEnvReferences(text, locate(merged.origins.get(path) ?? ["videos", index]), allow, input.env),
    );
  if (video.name)
    append(diagnostics, checkEnvReferences(video.name, locate(["videos", index, "name"]), allow, input.env));
  if (video.renamed_from)
    append(
      diagnostics,
      checkEnvReferences(video.renamed_from, locate(["videos", index, "renamed_from"]), allow, input.env),
    );
  if (!compiled.ok || diagnostics.length > before) return undefined;
  const label = video.id ?? video.name ?? "";
  const nameRenderer = name?.ok
    ? name.render
    : video.name !== undefined
      ? () => ({ ok: true as const, text: video.name ?? "" })
      : undefined;
  const rows = input.rows.get(index);
  return {
    index,
    spec: video,
    label,
    origin: locate(["videos", index]),
    renderer: compiled.renderer,
    origins: merged.origins,
    ...(nameRenderer ? { name: nameRenderer } : {}),
    ...(renamed?.ok ? { renamedFrom: renamed.render } : {}),
    ...(rows ? { rows } : {}),
  };
}

/** A template quoted in a message: whole when short, else its start (an 80 KB template is not a message). */
function quoteTemplate(text: string): string {
  const limit = 200;
  return text.length <= limit
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, limit))}… (${text.length - limit} more characters)`;
}
