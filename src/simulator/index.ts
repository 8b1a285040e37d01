/** The local gateway simulator: public entry points for the CLI command, the demo and tests. */
export { startSimulator, type RunningSimulator, type SimulatorState } from "./server.js";
export type { SimulatorOptions } from "./options.js";
export type { ConfigPatch, RuntimeConfig } from "./config.js";
export type { FaultKind, FaultRule, FaultSettings } from "./faults.js";
export type { AdminState, RequestLogEntry, FaultLogEntry } from "./store.js";
export { parseDuration, parseLatency, type Latency } from "./duration.js";
export { simulatedFile, SIM_FILE_SIZE } from "./file-content.js";
export { SIM_SUB_APP_ID } from "./routes/create.js";
