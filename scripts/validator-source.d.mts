/** Types for validator-source.mjs (imported by the freshness tests). */
export function generateValidatorSource(schema: object): string;
export function generateLockfileValidatorSource(schema: object): string;
export function generateRequestValidatorSource(schema: object): string;
