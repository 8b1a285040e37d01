import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../errors.js";
import { simulatorOptionsFromFlags, type SimulatorFlags } from "../simulator/cli-options.js";
import { startSimulator, type RunningSimulator } from "../simulator/index.js";
import type { SimulatorOptions } from "../simulator/options.js";
import { printSimulatorStateWritten, printSimulatorStopped, printSimulatorWelcome } from "../report/simulator-lines.js";
import type { CommandContext } from "../command-context.js";
import { settingsOf } from "../config/command-settings.js";

/** `reelform simulator`: serve the local gateway until Ctrl-C / SIGTERM, then exit 0. */
export async function run(ctx: CommandContext, flags: SimulatorFlags): Promise<number> {
  const parsed = simulatorOptionsFromFlags(flags, (path) => readFileSync(resolve(ctx.cwd, path), "utf8"));
  if (!parsed.ok) throw new UserError(parsed.error);
  // The Tencent API accepts the credentials of the environment when both are set (so `reelform apply --provider
  // tencent` signs for it as it is).
  const fromEnv = settingsOf(ctx).tencentCredentials;
  if (fromEnv) parsed.options.tencentCredentials = [fromEnv];
  const simulator = await listen(parsed.options);
  printSimulatorWelcome(ctx, {
    url: simulator.url,
    apiKeyGiven: Boolean(parsed.options.apiKey),
    tencentFromEnv: Boolean(parsed.options.tencentCredentials),
  });
  await untilAborted(ctx.stopSignal);
  await simulator.close();
  const state = simulator.state();
  if (flags.stateFile) {
    const path = resolve(ctx.cwd, flags.stateFile);
    writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
    printSimulatorStateWritten(ctx, path);
  }
  printSimulatorStopped(ctx, {
    tasks: state.tasks.length,
    requests: state.requests.length,
    faults: state.faults.length,
  });
  return ExitCode.ok;
}

async function listen(options: SimulatorOptions): Promise<RunningSimulator> {
  try {
    return await startSimulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new UserError(
        `port ${options.port} is already in use: pick another with --port, or --port 0 for any free port`,
      );
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
      throw new UserError(`cannot bind to --host ${options.host}: ${code}`);
    if (code === "EACCES") throw new UserError(`not allowed to listen on port ${options.port}: pick a port above 1023`);
    throw error;
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}
