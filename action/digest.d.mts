export interface ManifestDigest {
  manifest: string;
  digest: string;
  review: string;
  cost: string | null;
  entries: [string, string, string][] | null;
}
export function planDigest(manifest: string, plan: unknown, review: string): ManifestDigest;
export function reviewFileOf(manifest: string): string;
export function fileDigest(bytes: Buffer | string | null): string;
export function digestBlock(digests: ManifestDigest[]): string;
export function readDigestBlock(body: string, marker: string): ManifestDigest[] | null;
export function digestDifference(
  reviewed: ManifestDigest | undefined,
  now: ManifestDigest,
  show?: (key: string) => string,
): string[];
