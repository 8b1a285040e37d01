// ajv errors -> one message per problem, in the user's terms, at the right node. ajv reports every failing
// branch of an anyOf ("must be equal to one of the allowed values", "must match pattern \{\{", "must match a
// schema in anyOf"); users need one sentence: the allowed values and the closest one to what they wrote.
import type { ErrorObject } from "ajv";
import { pathFromPointer } from "./doc-path.js";
import { describeSimpleError } from "./schema-messages.js";
import type { SchemaProblem, SourceText } from "./schema-problem.js";

export type { SchemaProblem, SourceText } from "./schema-problem.js";

export function translateSchemaErrors(errors: readonly ErrorObject[], sourceText: SourceText): SchemaProblem[] {
  const problems = withoutMisspeltRequired(
    outermost(errors).flatMap(({ error, inner }) => translateOne(error, inner, sourceText)),
  );
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.path.join("\u0000")}|${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `campain: x` is one mistake: report the misspelt key ("did you mean campaign?"), not also "campaign is missing". */
function withoutMisspeltRequired(problems: SchemaProblem[]): SchemaProblem[] {
  const misspelt = new Set(
    problems.filter((p) => p.closeTo !== undefined).map((p) => `${p.path.slice(0, -1).join("\u0000")}|${p.closeTo}`),
  );
  return problems.filter(
    (p) => p.missingField === undefined || !misspelt.has(`${p.path.join("\u0000")}|${p.missingField}`),
  );
}

function isCombinator(e: ErrorObject): boolean {
  return e.keyword === "anyOf" || e.keyword === "oneOf";
}

/** Does `e` come from evaluating a branch of combinator `c` (same instance or below, schema path under c's)? */
function isBranchOf(e: ErrorObject, c: ErrorObject): boolean {
  return (
    e.schemaPath.startsWith(`${c.schemaPath}/`) &&
    (e.instancePath === c.instancePath || e.instancePath.startsWith(`${c.instancePath}/`))
  );
}

/**
 * Branch errors of the combinator at `index`. ajv (allErrors) appends a failing anyOf's branch errors just
 * before the anyOf error itself (a passing branch resets them), so walking back from it finds exactly them,
 * in time proportional to their number: translation stays linear in the number of errors.
 */
function branchErrorsAt(index: number, errors: readonly ErrorObject[]): ErrorObject[] {
  const c = errors[index]!;
  let start = index;
  while (start > 0 && isBranchOf(errors[start - 1]!, c)) start--;
  return errors.slice(start, index);
}

/** Errors not inside any combinator's branches (where translation starts), each with its branch errors. */
function outermost(errors: readonly ErrorObject[]): { error: ErrorObject; inner: ErrorObject[] }[] {
  const top: { error: ErrorObject; inner: ErrorObject[]; index: number }[] = [];
  errors.forEach((error, index) => {
    const inner = isCombinator(error) ? branchErrorsAt(index, errors) : [];
    // The errors recorded since this combinator's branches began are its own, not top-level ones.
    while (top.length > 0 && top[top.length - 1]!.index >= index - inner.length) top.pop();
    top.push({ error, inner, index });
  });
  return top;
}

function translateOne(e: ErrorObject, inner: readonly ErrorObject[], sourceText: SourceText): SchemaProblem[] {
  if (!isCombinator(e)) return [describeSimpleError(e, sourceText)];
  const custom = (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
  if (custom) return [{ path: pathFromPointer(e.instancePath), atKey: false, message: custom }];
  const enumError = inner.find((b) => b.keyword === "enum" && b.instancePath === e.instancePath);
  if (enumError) return [describeSimpleError(enumError, sourceText)];
  const matched = branchesByIndex(e, inner).find((branch) => !branch.every((b) => isRootMismatch(b, e)));
  if (matched) return translateSchemaErrors(matched, sourceText);
  return [describeTypeAlternatives(e, inner, sourceText)];
}

/** Branch errors grouped by branch number (anyOf/0, anyOf/1, …), in branch order. */
function branchesByIndex(c: ErrorObject, inner: readonly ErrorObject[]): ErrorObject[][] {
  const groups = new Map<number, ErrorObject[]>();
  for (const e of inner) {
    const index = Number(e.schemaPath.slice(c.schemaPath.length + 1).split("/")[0]);
    groups.set(index, [...(groups.get(index) ?? []), e]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
}

const TEMPLATE_PATTERN = "\\{\\{";

/** The value is not of the kind this branch accepts at all (wrong type, or text that is not a template). */
function isRootMismatch(e: ErrorObject, c: ErrorObject): boolean {
  if (e.instancePath !== c.instancePath) return false;
  return e.keyword === "type" || isTemplateMismatch(e);
}

/** An error of a "template" branch (text containing {{…}}): wrong type or text without {{. */
function isTemplateMismatch(e: ErrorObject): boolean {
  return (e.parentSchema as { pattern?: string } | undefined)?.pattern === TEMPLATE_PATTERN;
}

/** Every branch wanted another type: "must be a number or text". */
function describeTypeAlternatives(
  c: ErrorObject,
  inner: readonly ErrorObject[],
  sourceText: SourceText,
): SchemaProblem {
  const wanted = inner.flatMap((e) =>
    isTemplateMismatch(e) ? ["template"] : String((e.params as { type?: string }).type ?? "").split(","),
  );
  const types = [...new Set(wanted)].filter(Boolean);
  const synthetic = { ...c, keyword: "type", params: { type: types.join(",") } } as ErrorObject;
  return describeSimpleError(synthetic, sourceText);
}
