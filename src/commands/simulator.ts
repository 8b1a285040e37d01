import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../errors.js";
import { simulatorOptionsFromFlags, type SimulatorFlags } from "../simulator/cli-options.js";
import { startSimulator, type RunningSimulator } from "../simulator/index.js";
import { SIM_TENCENT_CREDENTIALS, type SimulatorOptions } from "../simulator/options.js";
import type { CommandContext } from "../command-context.js";
import { settingText, TENCENT_SECRET_ID, TENCENT_SECRET_KEY } from "../config/settings.js";

/** `reelform simulator`: serve the local gateway until Ctrl-C / SIGTERM, then exit 0. */
export async function run(ctx: CommandContext, flags: SimulatorFlags): Promise<number> {
  const parsed = simulatorOptionsFromFlags(flags, (path) => readFileSync(resolve(ctx.cwd, path), "utf8"));
  if (!parsed.ok) throw new UserError(parsed.error);
  const fromEnv = tencentCredentialsFromEnv(ctx.env);
  if (fromEnv) parsed.options.tencentCredentials = [fromEnv];
  const simulator = await listen(parsed.options);
  printWelcome(ctx, simulator, parsed.options);
  await untilAborted(ctx.stopSignal);
  await simulator.close();
  const state = simulator.state();
  if (flags.stateFile) {
    const path = resolve(ctx.cwd, flags.stateFile);
    writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
    ctx.stdout.write(`state written to ${path}\n`);
  }
  ctx.stdout.write(
    `simulator stopped: ${state.tasks.length} task(s) created, ${state.requests.length} request(s), ${state.faults.length} fault(s) injected\n`,
  );
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

function printWelcome(ctx: CommandContext, simulator: RunningSimulator, options: SimulatorOptions): void {
  const key = options.apiKey ? "<the key given with --api-key>" : "sim-key";
  ctx.stdout.write(
    [
      `reelform simulator listening on ${simulator.url}`,
      ``,
      `Point reelform at it:`,
      `  export REELFORM_BASE_URL=${simulator.url}`,
      `  export REELFORM_API_KEY=${key}${options.apiKey ? "" : "    # any non-empty key is accepted"}`,
      ``,
      `Or at its Tencent Cloud API (POST / with X-TC-Action, TC3-signed):`,
      `  export REELFORM_PROVIDER=tencent REELFORM_TENCENT_ENDPOINT=${simulator.url}`,
      ...(options.tencentCredentials
        ? [`  # signed with the TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY this simulator was started with`]
        : [
            `  export TENCENTCLOUD_SECRET_ID=${SIM_TENCENT_CREDENTIALS.secretId} TENCENTCLOUD_SECRET_KEY=${SIM_TENCENT_CREDENTIALS.secretKey}    # the simulator's demo pair`,
          ]),
      ``,
      `Admin view: GET ${simulator.url}/__sim/state   change faults: POST ${simulator.url}/__sim/config`,
      `Press Ctrl-C to stop.`,
      ``,
    ].join("\n"),
  );
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** The Tencent API accepts the credentials of the environment when both are set (so `reelform apply --provider tencent` signs for it as it is). */
function tencentCredentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { secretId: string; secretKey: string } | undefined {
  const secretId = settingText(env, TENCENT_SECRET_ID);
  const secretKey = settingText(env, TENCENT_SECRET_KEY);
  return secretId && secretKey ? { secretId, secretKey } : undefined;
}
