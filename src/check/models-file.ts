// Loads the built-in capability table and the user's --models file (YAML or JSON) merged over it.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import { parseYamlSafe } from "../manifest/yaml.js";
import type { InputFile } from "../util/input-file.js";
import { displayPath } from "../util/paths.js";
import { sha256Hex } from "../util/canonical-json.js";
import { isJsonObject } from "../util/objects.js";
import { mergeTables, type ModelTable } from "./model-table.js";

const BUILTIN = new URL("../../data/models.json", import.meta.url);

let builtin: ModelTable | undefined;

/** The table shipped in data/models.json (read once; the simulator needs it synchronously). */
export function builtinModelsSync(): ModelTable {
  builtin ??= JSON.parse(readFileSync(BUILTIN, "utf8")) as ModelTable;
  return builtin;
}

export async function builtinModels(): Promise<ModelTable> {
  builtin ??= JSON.parse(await readFile(BUILTIN, "utf8")) as ModelTable;
  return builtin;
}

export type LoadedModels =
  { ok: true; table: ModelTable; input?: InputFile } | { ok: false; diagnostics: Diagnostic[] };

export async function loadModelTable(modelsFile: string | undefined, cwd: string): Promise<LoadedModels> {
  const table = await builtinModels();
  if (modelsFile === undefined) return { ok: true, table };
  const absolute = resolve(cwd, modelsFile);
  const shown = displayPath(absolute, cwd);
  let buffer: Buffer;
  try {
    buffer = await readFile(absolute);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    return {
      ok: false,
      diagnostics: [{ severity: "error", file: shown, message: `cannot read the models file: ${reason}` }],
    };
  }
  const parsed = parseOverrides(buffer.toString("utf8"), shown);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    table: mergeTables(table, parsed.value) as ModelTable,
    input: { role: "models", path: shown, sha256: sha256Hex(buffer) },
  };
}

function parseOverrides(
  text: string,
  file: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; diagnostics: Diagnostic[] } {
  // Durations, image counts and defaults are numbers by nature; everything else (versions!) stays text.
  const parsed = parseYamlSafe(text, file, { isNumericPath: (path) => path.some((p) => NUMERIC_KEYS.has(String(p))) });
  if (parsed.value === undefined || hasErrors(parsed.diagnostics))
    return { ok: false, diagnostics: parsed.diagnostics };
  const problem = shapeProblem(parsed.value);
  return problem
    ? {
        ok: false,
        diagnostics: [
          {
            severity: "error",
            ...parsed.locate([]),
            message: problem,
            suggestion: 'e.g. models: { Kling: { versions: { "3.1": {} } } }',
          },
        ],
      }
    : { ok: true, value: parsed.value as Record<string, unknown> };
}

const NUMERIC_KEYS = new Set(["durations", "default_duration", "max_images"]);

function shapeProblem(value: unknown): string | undefined {
  if (!isJsonObject(value)) return "the models file must be a mapping with a `models` key";
  if (value.models !== undefined && !isJsonObject(value.models))
    return "`models` must map model names to their capabilities";
  for (const [name, model] of Object.entries((value.models ?? {}) as Record<string, unknown>)) {
    if (!isJsonObject(model)) return `model "${name}" must be a mapping`;
    if (model.versions !== undefined && !isJsonObject(model.versions))
      return `versions of "${name}" must map version names to rules (use {} to inherit the model's rules)`;
  }
  return undefined;
}
