// A small campaign applied and pulled from the simulator, as a user would review it: a 3 × 2 × 2 matrix
// (product × surface × light) and two row-based teasers, one of which fails.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "../../src/simulator/index.js";
import { runCli } from "../helpers/exec.js";

export const MANIFEST = `version: 1
campaign: shoot
defaults:
  model_name: Kling
  model_version: "2.1"
  output_config: { resolution: 720P, duration: 5 }
videos:
  - name: "hero-{{product}}-{{surface}}-{{light}}"
    prompt: "{{product}} resting on {{surface}}, {{light}} light"
    matrix:
      product: [sneaker, backpack, bottle]
      surface: [marble, sand]
      light: [day, night]
  - name: "teaser-{{n}}"
    model_name: Hailuo
    model_version: "02"
    output_config: { resolution: 768P, duration: 6 }
    prompt: "teaser {{n}}: {{mood}}"
    rows: teasers.yaml
`;

const TEASERS = `- { n: 1, mood: calm }\n- { n: 2, mood: "FAIL_ME storm" }\n`;

/** Plain environment for the CLI (no API settings needed once the videos are pulled). */
export function reviewEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("REELFORM_") && k !== "GITHUB_ACTIONS") env[k] = v;
  return { ...env, NO_COLOR: "1", CI: "1", REELFORM_REVIEWER: "rita", ...extra };
}

/**
 * apply → status --wait → pull against a simulator that is closed afterwards; returns the folder. `state`: the
 * environment of a state backend (test/helpers/state-backends.ts), given the folder's lockfile path.
 */
export async function pulledCampaign(
  state: (lockfile: string) => Promise<Record<string, string>> = async () => ({}),
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "reelform-review-"));
  const stateEnv = await state(join(dir, "shoot.lock.json"));
  await writeFile(join(dir, "shoot.yaml"), MANIFEST);
  await writeFile(join(dir, "teasers.yaml"), TEASERS);
  const sim = await startSimulator({ taskDurationMs: 200, createRatePerSecond: 0 });
  try {
    const env = reviewEnv({ REELFORM_API_KEY: "sim-review-key", REELFORM_BASE_URL: sim.url, ...stateEnv });
    for (const args of [
      ["apply", "shoot.yaml", "--auto-approve"],
      ["status", "shoot.yaml", "--wait", "--timeout", "60s"],
      ["pull", "shoot.yaml", "--dir", "out"],
    ]) {
      const result = await runCli(args, { cwd: dir, env });
      // status exits 1 when a task failed (teaser-2 fails on purpose); anything else must succeed.
      if (result.code !== 0 && !(args[0] === "status" && result.code === 1))
        throw new Error(`${args.join(" ")} failed (${result.code}): ${result.stderr}`);
    }
  } finally {
    await sim.close();
  }
  return dir;
}
