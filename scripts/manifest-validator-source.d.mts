export function generateValidatorSource(schema: object): string;
