/** The top of a valid manifest: everything but `videos:` (and `budget`/`prices`), for inline test manifests. */
export const HEADER = `version: 1
campaign: t
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5 }
`;
