/** The local gateway simulator: public entry points for the CLI command, the demo and tests. */
export { startSimulator, type RunningSimulator, type SimulatorState } from "./server.js";
export type { SimulatorOptions } from "./options.js";
export { simulatedFile, SIM_FILE_SIZE } from "./file-content.js";
