export function annotateManifestSchema<T>(schema: T, table: unknown): T;
