export const CLI_SETTINGS: Record<string, string>;
export function applyEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined>;
export function planEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined>;
