// The benchmark campaign: 100 products x 1,000 scenes = 100,000 requests, as a manifest and as requests.
import { hashBody } from "../dist/util/canonical-json.js";

export const PRODUCTS = 100;
export const SCENES = 1000;

export function manifestYaml(count) {
  const scenes = Math.ceil(count / PRODUCTS);
  return [
    "version: 1",
    "campaign: bench",
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    "  output_config: { resolution: 1080P, aspect_ratio: \"16:9\", duration: 5, storage_mode: Permanent }",
    "videos:",
    '  - name: "item-{{product}}-{{scene}}"',
    '    prompt: "Product {{product}} turning slowly in scene {{scene}}, cinematic lighting, shallow depth of field"',
    "    matrix:",
    `      product: [${Array.from({ length: PRODUCTS }, (_, i) => i).join(", ")}]`,
    `      scene: [${Array.from({ length: scenes }, (_, i) => i).join(", ")}]`,
    "",
  ].join("\n");
}

/** What compileManifest would produce for manifestYaml(count) (used only when it is not available). */
export function syntheticRequests(count) {
  const requests = [];
  for (let i = 0; i < count; i += 1) {
    const product = i % PRODUCTS;
    const scene = Math.floor(i / PRODUCTS);
    const body = {
      model_name: "Kling",
      model_version: "2.1",
      prompt: `Product ${product} turning slowly in scene ${scene}, cinematic lighting, shallow depth of field`,
      output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, storage_mode: "Permanent" },
    };
    const key = `item-${product}-${scene}`;
    requests.push({ key, video: "item-{{product}}-{{scene}}", vars: { product, scene }, hash: hashBody(body), body, seconds: 5, origin: { file: "bench.yaml", line: 8, col: 5 } });
  }
  return requests;
}
