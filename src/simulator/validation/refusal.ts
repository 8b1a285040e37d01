/**
 * A refusal in Tencent's words: Code and Message. Codes are only those Tencent lists for CreateAigcVideoTask
 * (docs/api.md "Errors"), the duplicate-session code, and API 3.0's common MissingParameter /
 * UnknownParameter; a value the API does not take is plain InvalidParameter, as upstream answers.
 */
export interface Refusal {
  code: string;
  message: string;
}

export type Body = Record<string, unknown>;

export const SWITCH = ["Enabled", "Disabled"];

export function oneOf(field: string, value: unknown, allowed: readonly string[]): Refusal | undefined {
  if (typeof value === "string" && allowed.includes(value)) return undefined;
  const list = allowed.length ? `one of ${allowed.join(", ")}` : "not supported for this model";
  return invalid(`\`${field}\` = ${JSON.stringify(value)} is invalid: ${list}.`);
}

export function invalid(message: string): Refusal {
  return { code: "InvalidParameter", message };
}

export function invalidType(field: string, expected: string): Refusal {
  return invalid(`The parameter \`${field}\` must be ${expected}.`);
}

export function missing(field: string, why = "is missing"): Refusal {
  return { code: "MissingParameter", message: `The required parameter \`${field}\` ${why}.` };
}

export function unknownParameter(where: string, known: readonly string[], value: Body): Refusal | undefined {
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  return unknown
    ? { code: "UnknownParameter", message: `The parameter \`${where}${unknown}\` is not recognized.` }
    : undefined;
}

/** The first refusal among checks, like Tencent's API (it reports one error at a time). */
export function firstRefusal(checks: (() => Refusal | undefined)[]): Refusal | undefined {
  for (const check of checks) {
    const refusal = check();
    if (refusal) return refusal;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Body {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** snake_case -> PascalCase: the gateway's names for body fields ("aspect_ratio" -> "AspectRatio"). */
export function pascal(snake: string): string {
  return snake.replace(/(^|_)([a-z0-9])/g, (_m, _s: string, c: string) => c.toUpperCase());
}
