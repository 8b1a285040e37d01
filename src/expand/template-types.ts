// What a compiled template is, apart from the engine that compiles it (the fast path in fast-template.ts
// produces the same shape without importing the engine).
export type TemplateContext = Record<string, unknown>;
export type RenderResult = { ok: true; text: string } | { ok: false; message: string; missing?: string };
export type CompiledTemplate = (context: TemplateContext) => RenderResult;
