/** Types for sdk-model-text.mjs (imported by test/check/model-table.test.ts). */
export interface SdkFacts {
  versions: Record<string, string[]>;
  fileTypes: string[];
  promptDoc: string | undefined;
  lastFrameDoc: string | undefined;
  outputConfig: Record<"Resolution" | "AspectRatio" | "Duration", Record<string, string[]>>;
  audioDoc: string | undefined;
  errCodeExts: string[];
  inputRegions: string[];
  restrictions: Record<string, string[]>;
}
export interface RestrictionChange {
  field: string;
  change: string;
  before?: string[];
  models: string[];
}
export const REQUEST_INTERFACES: string[];
export function interfaceFields(source: string, interfaceName: string): string[];
export function enumNames(doc: string | undefined): string[];
export function inputRegions(doc: string | undefined): string[];
export function fieldRestrictions(source: string, models: string[]): Record<string, string[]>;
export function compareErrCodes(
  sdk: string[],
  classified: { transient: readonly string[]; not_transient: readonly string[] },
): { unclassified: string[]; notInSdk: string[] };
export function compareLists(sdk: string[], ours: readonly string[]): { added: string[]; removed: string[] };
export function compareRestrictions(
  sdk: Record<string, string[]>,
  recorded: Record<string, string[]>,
): RestrictionChange[];
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
