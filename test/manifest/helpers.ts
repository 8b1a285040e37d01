import type { Diagnostic } from "../../src/diagnostics.js";
import { checkManifestText, type CheckedManifest } from "../../src/manifest/validate.js";
import { formatDiagnostic } from "../../src/report/diagnostics.js";

/** Lines as the user sees them: `file:line:col: severity: message (suggestion)`. */
export function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(formatDiagnostic);
}

/** Check a manifest given inline; `body` is appended to a minimal valid header unless it has its own. */
export function check(text: string, file = "m.yaml"): CheckedManifest & { lines: string[] } {
  const result = checkManifestText(text, file);
  return { ...result, lines: lines(result.diagnostics) };
}

/** A valid manifest around the given videos block (YAML text, already indented under `videos:`). */
export function withVideos(videos: string, header = ""): string {
  return `version: 1\ncampaign: demo\n${header}videos:\n${videos}`;
}

/** The example manifest of the project's design brief, verbatim (docs/manifest.md's first example grew from it). */
export const DESIGN_MANIFEST = `# yaml-language-server: $schema=../schemas/manifest.schema.json
version: 1
campaign: spring-launch
vars: { brand: Acme }
partials:
  look: "cinematic lighting, shallow depth of field"
defaults:
  model_name: Kling
  model_version: "2.1"
  enhance_prompt: Enabled
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: "5", storage_mode: Permanent }
videos:
  - name: "hero-{{product}}-{{surface}}"
    prompt: "{{brand}} {{product}} resting on {{surface}}, {{> look}}"
    matrix:
      product: [sneaker, backpack]
      surface: [marble, sand]
      exclude: [{ product: backpack, surface: marble }]
      include: [{ product: sneaker, surface: sand, takes: 3 }]
    file_infos: [{ type: Url, category: Image, url: "https://cdn.example.com/{{product}}.png" }]
  - name: "catalog-{{sku}}"
    rows: data/products.csv      # one video per row; columns become variables
    prompt: "{{title}} turning slowly on a white studio backdrop"
`;
