// The benchmark campaign: 100 products x 1,000 scenes = 100,000 requests.
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
