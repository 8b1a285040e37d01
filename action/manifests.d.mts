export function matchingManifests(cwd: string, globs: string): string[];
export function lockfileOf(manifest: string): string;
export function affectedManifests(manifests: string[], changed: string[]): string[];
