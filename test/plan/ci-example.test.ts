// The CI example in the README must keep working: every `reelform` command and flag it uses exists.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../../src/program.js";

interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
}

const workflow = parse(readFileSync(new URL("../../examples/ci/reelform.yml", import.meta.url), "utf8")) as Workflow;

/** Each `reelform …` invocation in the workflow's shell steps, as [command, flags]. */
function invocations(): { job: string; command: string; flags: string[] }[] {
  const found: { job: string; command: string; flags: string[] }[] = [];
  for (const [job, { steps }] of Object.entries(workflow.jobs)) {
    for (const step of steps) {
      for (const match of (step.run ?? "").matchAll(/\breelform\s+([^\n|;&>]*)/g)) {
        const words = (match[1] ?? "").trim().split(/\s+/);
        const command = words[0] ?? "";
        found.push({ job, command, flags: words.filter((w) => w.startsWith("--")).map((w) => w.split("=")[0] as string) });
      }
    }
  }
  return found;
}

describe("examples/ci/reelform.yml", () => {
  const program = buildProgram(async () => undefined);

  it("uses only commands and flags the CLI declares", () => {
    const uses = invocations();
    expect(uses.length).toBeGreaterThanOrEqual(4);
    for (const use of uses) {
      const command = program.commands.find((c: Command) => c.name() === use.command);
      expect(command, `reelform ${use.command}`).toBeDefined();
      const known = new Set([...command!.options, ...program.options].map((o) => o.long));
      for (const flag of use.flags) expect(known.has(flag), `reelform ${use.command} ${flag}`).toBe(true);
    }
  });

  it("plans pull requests touching manifests/ as a markdown comment, and applies a saved plan on main", () => {
    expect(workflow.on.pull_request.paths).toContain("manifests/**");
    expect(workflow.on.push.branches).toEqual(["main"]);
    const uses = invocations();
    expect(uses).toContainEqual({ job: "plan", command: "plan", flags: ["--markdown", "--detailed-exitcode"] });
    expect(uses).toContainEqual({ job: "apply", command: "plan", flags: ["--out", "--detailed-exitcode"] });
    expect(uses).toContainEqual({ job: "apply", command: "apply", flags: ["--auto-approve"] });
    const applyStep = workflow.jobs.apply?.steps.find((s) => s.run?.includes("reelform apply"));
    expect(applyStep?.env?.REELFORM_API_KEY).toBe("${{ secrets.REELFORM_API_KEY }}");
    expect(workflow.jobs.apply?.steps.some((s) => s.run?.includes("git push"))).toBe(true);
  });
});
