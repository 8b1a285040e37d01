export function decideMode(
  input: string | undefined,
  eventName: string | undefined,
  ref: string | undefined,
  event: object,
): "plan" | "apply" | "none";
export function booleanInput(name: string, value: string | undefined, fallback: boolean): boolean;
export function withoutSecrets(env: Record<string, string | undefined>): Record<string, string | undefined>;
