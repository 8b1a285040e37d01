// The model rules of the last body checked, kept while the next body holds the same rule inputs. The requests of
// one video share their output_config and file_infos (expand/body.ts builds a part without templates once, and
// freezes it), so for them this is a few identity comparisons instead of reading the rule inputs again.
import type { JsonObject, JsonValue } from "../util/canonical-json.js";
import type { Finding } from "./finding.js";

/** The body fields rule-input.ts reads; the two mappings are compared by identity, so they must be frozen. */
interface Remembered {
  model: JsonValue | undefined;
  version: JsonValue | undefined;
  sceneType: JsonValue | undefined;
  lastFrameUrl: JsonValue | undefined;
  lastFrameFileId: JsonValue | undefined;
  output: JsonValue | undefined;
  files: JsonValue | undefined;
  findings: Finding[];
}

export class LastRuleFindings {
  private last: Remembered | undefined;

  /** The findings remembered for a body with the same rule inputs, or undefined. */
  lookup(body: JsonObject): Finding[] | undefined {
    const last = this.last;
    if (
      last === undefined ||
      last.output !== body.output_config ||
      last.files !== body.file_infos ||
      last.model !== body.model_name ||
      last.version !== body.model_version ||
      last.sceneType !== body.scene_type ||
      last.lastFrameUrl !== body.last_frame_url ||
      last.lastFrameFileId !== body.last_frame_file_id
    )
      return undefined;
    return last.findings;
  }

  /** Remembers these findings, when the body's mappings cannot change under the comparison. */
  remember(body: JsonObject, findings: Finding[]): void {
    const output = body.output_config;
    const files = body.file_infos;
    if (!unchangeable(output) || !unchangeable(files) || (Array.isArray(files) && !files.every(unchangeable))) {
      this.last = undefined;
      return;
    }
    this.last = {
      model: body.model_name,
      version: body.model_version,
      sceneType: body.scene_type,
      lastFrameUrl: body.last_frame_url,
      lastFrameFileId: body.last_frame_file_id,
      output,
      files,
      findings,
    };
  }
}

/** A value compared by identity is this value: a primitive, or a frozen object. */
function unchangeable(value: JsonValue | undefined): boolean {
  return value === null || typeof value !== "object" || Object.isFrozen(value);
}
