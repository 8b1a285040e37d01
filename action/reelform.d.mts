export function warningsOf(stderr: string): string[];
export function withoutWorkflowCommands(text: string): string;
export function planOutcome(code: number): "no-changes" | "changes" | "failed";
