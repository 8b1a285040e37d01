export function logText(value: string): string;
export function annotation(value: string): string;
export function markdownCode(value: string): string;
export function markdownBlock(text: string, info?: string): string;
