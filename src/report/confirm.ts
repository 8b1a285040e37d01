import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import { UserError } from "../errors.js";

/**
 * Terraform-style: only the exact word "yes" goes ahead. Without a terminal to ask on, refuse and say
 * how to approve instead (a pipeline must not hang waiting for an answer nobody can give).
 */
export async function confirmApply(
  io: { stdin: Readable; stdout: Writable; stdinIsTTY: boolean },
  manifest: string,
): Promise<boolean> {
  if (!io.stdinIsTTY) {
    throw new UserError(
      `not applying without confirmation: there is no terminal to ask on. Review the plan, then run ` +
        `\`reelform apply ${manifest} --auto-approve\`, or save it with \`reelform plan ${manifest} --out plan.json\` and run \`reelform apply plan.json\``,
    );
  }
  return askYes(io, "Do you want to submit these requests?");
}

/** Asks `question` on the terminal; only the exact word "yes" goes ahead. */
export async function askYes(io: { stdin: Readable; stdout: Writable }, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: false });
  try {
    io.stdout.write(`\n${question} Only 'yes' will be accepted.\n  Enter a value: `);
    const answer = await rl.question("");
    return answer.trim() === "yes";
  } finally {
    rl.close();
  }
}
