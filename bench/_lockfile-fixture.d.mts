// Types of bench/_lockfile-fixture.mjs for the tests that import it (test/scale/*).
export const CAMPAIGN: string;
export const PULLED: { size: number; sha256: string };
export function scaleKey(i: number): string;
export function scaleManifestYaml(count: number): string;
export interface ScaleOptions {
  pending?: boolean;
  pulled?: boolean;
  identity?: (
    i: number,
    generation: number,
  ) => { hash: string; session_id: string; body: Record<string, unknown> } | undefined;
  /** writeScaleLockfile: may change each entry before it is written. */
  transform?: (entry: Record<string, unknown>, i: number) => Record<string, unknown>;
}
export function scaleEntry(i: number, options?: ScaleOptions): Record<string, unknown>;
export function writeScaleLockfile(path: string, count: number, options?: ScaleOptions): Promise<void>;
