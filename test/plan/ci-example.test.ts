// The CI example (examples/ci/reelform.yml, linked from docs/ci.md, also written by `reelform init`) must keep working:
// it uses the Action with inputs action.yml declares, and every `reelform` command and flag the Action's
// scripts run exists.
import { readdirSync, readFileSync } from "node:fs";
import type { CommandUnknownOpts as Command } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../../src/program.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: {
    pull_request: { paths: string[] };
    push: { branches: string[]; paths: string[] };
    workflow_dispatch: { inputs: Record<string, { type: string; default: unknown }> };
  };
  jobs: Record<string, { steps: Step[]; permissions: Record<string, string>; env: Record<string, string> }>;
}
interface ActionMetadata {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { required?: boolean; default?: string }>;
}

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const example = read("examples/ci/reelform.yml");
const workflow = parse(example) as Workflow;
const action = parse(read("action.yml")) as ActionMetadata;

/** Each `runReelform(cli, ["command", …, "--flag", …]` in the Action's scripts, as [command, flags]. */
function actionInvocations(): { command: string; flags: string[] }[] {
  const found: { command: string; flags: string[] }[] = [];
  for (const file of readdirSync(new URL("../../action/", import.meta.url)).filter((f) => f.endsWith(".mjs"))) {
    for (const match of read(`action/${file}`).matchAll(/runReelform\(\s*cli,\s*\[([^\]]*)\]/g)) {
      const words = [...(match[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      // `--` ends the options: the paths after it are never read as flags.
      found.push({ command: words[0] ?? "", flags: words.filter((w) => w.startsWith("--") && w !== "--") });
    }
  }
  return found;
}

describe("examples/ci/reelform.yml and the Action", () => {
  const program = buildProgram(async () => undefined);

  it("is the workflow `reelform init` writes (one text, two places)", () => {
    const body = (text: string): string => text.split("\n").slice(1).join("\n");
    expect(body(read("templates/init/workflow.yml"))).toBe(body(example));
  });

  it("uses the composite Action with inputs it declares, and passes the API key from a secret", () => {
    expect(action.runs.using).toBe("composite");
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const uses = steps.find((s) => s.uses?.startsWith("reelform/reelform@"));
    expect(uses?.uses).toBe("reelform/reelform@v0");
    for (const input of Object.keys(uses?.with ?? {})) expect(Object.keys(action.inputs), input).toContain(input);
    for (const [name, input] of Object.entries(action.inputs))
      if (input.required) expect(Object.keys(uses?.with ?? {})).toContain(name);
    // The secrets reach the Action only where apply runs (the default branch, never a pull request).
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.env.APPLIES).toBe(
      "${{ github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}",
    );
    expect(uses?.with?.["api-key"]).toBe("${{ env.APPLIES == 'true' && secrets.REELFORM_API_KEY || '' }}");
    expect(uses?.with?.["tencent-secret-id"]).toBe(
      "${{ env.APPLIES == 'true' && secrets.TENCENTCLOUD_SECRET_ID || '' }}",
    );
    expect(uses?.with?.["tencent-secret-key"]).toBe(
      "${{ env.APPLIES == 'true' && secrets.TENCENTCLOUD_SECRET_KEY || '' }}",
    );
    for (const [name, value] of Object.entries(uses?.with ?? {}))
      if (/secrets\.(?!REELFORM_BASE_URL)/.test(value))
        expect(value, name).toMatch(/^\$\{\{ env\.APPLIES == 'true' && /);
    // A manual run may confirm a drifted plan; no other event can.
    expect(workflow.on.workflow_dispatch.inputs["confirm-drift"]).toMatchObject({ type: "boolean", default: false });
    expect(uses?.with?.["confirm-drift"]).toBe(
      "${{ github.event_name == 'workflow_dispatch' && inputs.confirm-drift }}",
    );
    expect(steps.some((s) => s.run?.includes("reelform"))).toBe(false);
  });

  it("plans pull requests touching manifests/, applies pushes to main (init writes the repository's branch), with the permissions both need", () => {
    expect(workflow.on.pull_request.paths).toContain("manifests/**");
    expect(workflow.on.push.branches).toEqual(["main"]);
    const permissions = Object.values(workflow.jobs)[0]!.permissions;
    expect(permissions).toMatchObject({ contents: "write", "pull-requests": "write" });
  });

  it("runs only commands and flags the CLI declares: plan --markdown --detailed-exitcode, apply --auto-approve --wait", () => {
    const uses = actionInvocations();
    expect(uses).toContainEqual({ command: "plan", flags: ["--markdown", "--detailed-exitcode"] });
    expect(uses).toContainEqual({ command: "plan", flags: ["--json", "--detailed-exitcode"] });
    expect(uses).toContainEqual({ command: "apply", flags: ["--auto-approve", "--wait", "--timeout"] });
    expect(uses).toContainEqual({ command: "review", flags: ["--dir", "--out"] });
    for (const use of uses) {
      const command = program.commands.find((c: Command) => c.name() === use.command);
      expect(command, `reelform ${use.command}`).toBeDefined();
      const known = new Set([...command!.options, ...program.options].map((o) => o.long));
      for (const flag of use.flags) expect(known.has(flag), `reelform ${use.command} ${flag}`).toBe(true);
    }
  });
});
