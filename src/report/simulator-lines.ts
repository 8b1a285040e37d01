// What `reelform simulator` says on stdout: how to point reelform at it, and what it did once stopped. (The
// simulator's own request log is src/simulator's, a program of its own.)
import type { CommandContext } from "../command-context.js";
import { SIM_TENCENT_CREDENTIALS } from "../simulator/options.js";

type Out = Pick<CommandContext, "stdout">;

export interface SimulatorWelcome {
  url: string;
  /** --api-key was given (else any non-empty key is accepted). */
  apiKeyGiven: boolean;
  /** The Tencent API signs with the credentials of the environment it was started in. */
  tencentFromEnv: boolean;
}

export function renderSimulatorWelcome({ url, apiKeyGiven, tencentFromEnv }: SimulatorWelcome): string {
  const key = apiKeyGiven ? "<the key given with --api-key>" : "sim-key";
  return [
    `reelform simulator listening on ${url}`,
    ``,
    `Point reelform at it:`,
    `  export REELFORM_BASE_URL=${url}`,
    `  export REELFORM_API_KEY=${key}${apiKeyGiven ? "" : "    # any non-empty key is accepted"}`,
    ``,
    `Or at its Tencent Cloud API (POST / with X-TC-Action, TC3-signed):`,
    `  export REELFORM_PROVIDER=tencent REELFORM_TENCENT_ENDPOINT=${url}`,
    ...(tencentFromEnv
      ? [`  # signed with the TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY this simulator was started with`]
      : [
          `  export TENCENTCLOUD_SECRET_ID=${SIM_TENCENT_CREDENTIALS.secretId} TENCENTCLOUD_SECRET_KEY=${SIM_TENCENT_CREDENTIALS.secretKey}    # the simulator's demo pair`,
        ]),
    ``,
    `Admin view: GET ${url}/__sim/state   change faults: POST ${url}/__sim/config`,
    `Press Ctrl-C to stop.`,
    ``,
  ].join("\n");
}

export function printSimulatorWelcome(ctx: Out, welcome: SimulatorWelcome): void {
  ctx.stdout.write(renderSimulatorWelcome(welcome));
}

export function printSimulatorStateWritten(ctx: Out, path: string): void {
  ctx.stdout.write(`state written to ${path}\n`);
}

export function printSimulatorStopped(ctx: Out, counts: { tasks: number; requests: number; faults: number }): void {
  ctx.stdout.write(
    `simulator stopped: ${counts.tasks} task(s) created, ${counts.requests} request(s), ${counts.faults} fault(s) injected\n`,
  );
}
