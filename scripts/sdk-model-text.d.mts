/** Types for sdk-model-text.mjs (imported by test/check/model-table.test.ts). */
export interface SdkFacts {
  versions: Record<string, string[]>;
  fileTypes: string[];
  promptDoc: string | undefined;
  lastFrameDoc: string | undefined;
  outputConfig: Record<"Resolution" | "AspectRatio" | "Duration", Record<string, string[]>>;
  audioDoc: string | undefined;
}
export interface VersionChange {
  model: string;
  change: string;
  versions: string[];
}
export function fieldDoc(source: string, interfaceName: string, field: string): string | undefined;
export function versionsByModel(doc: string | undefined): Record<string, string[]>;
export function sentencesByModel(doc: string | undefined): Record<string, string[]>;
export function readSdkFacts(source: string): SdkFacts;
export function tableVersions(table: object): Record<string, string[]>;
export function compareVersions(sdk: Record<string, string[]>, table: Record<string, string[]>): VersionChange[];
