// A SIGHUP or SIGQUIT that arrives while reelform is finishing must not kill it by the signal: it has
// recorded its work, and its exit code (0, 1 or 130) is what a CI step or a wrapper acts on. Node removes
// its signal handlers while it tears down after a natural exit; the CLI exits explicitly to keep them.
import { describe, expect, it } from "vitest";
import { campaignDir, startCli } from "./apply-helpers.js";
import { CLI } from "../helpers/exec.js";
import { existsSync } from "node:fs";

describe("signals while the CLI finishes", { timeout: 120_000 }, () => {
  it("is never killed by SIGHUP or SIGQUIT sent over and over from its first output until it has exited", async () => {
    if (!existsSync(CLI)) throw new Error("run `npm run build` first");
    const c = await campaignDir(3);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NO_COLOR: "1",
      CI: "1",
    };
    const outcomes: string[] = [];
    for (let run = 0; run < 12; run += 1) {
      const signal: NodeJS.Signals = run % 2 === 0 ? "SIGHUP" : "SIGQUIT";
      const { child, done } = startCli(["plan", "launch.yaml"], c.dir, env);
      let closed = false;
      // From its first output (the handlers are installed by then) until it is gone: one signal per turn of
      // this process's event loop, so one lands in whatever moment the CLI's exit takes, however slow.
      const spam = (): void => {
        if (closed || child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        setImmediate(spam);
      };
      child.stdout?.once("data", spam);
      const result = await done;
      closed = true;
      outcomes.push(`${signal}: ${result.signal ?? `exit ${result.code}`}`);
    }
    expect(
      outcomes.filter((o) => !/exit (0|130)$/.test(o)),
      outcomes.join(", "),
    ).toEqual([]);
  });
});
