// docs/commands.md's table of environment variables, generated from the declarations in settings.ts: the
// script `npm run docs:env` rewrites the table between the markers, and test/docs/env-table.test.ts fails when
// the page and the declarations differ.
import { SETTINGS, type Setting } from "./settings.js";

export const ENV_TABLE_START =
  "<!-- env-table: generated from src/config/settings.ts by `npm run docs:env`; edit the declarations there -->";
export const ENV_TABLE_END = "<!-- /env-table -->";

/** Not a setting, but what templates may read from the environment ([variables](manifest.md#variables)). */
const ALLOW_ENV_ROW =
  "| `NAME` listed in `allow_env` | templates | readable as `{{env.NAME}}` in a manifest ([variables](manifest.md#variables)); never reelform's own credentials nor a `--dotenv` variable |";

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** The table: one row per variable, or per group of variables documented together (`docRow`). */
export function envTable(settings: readonly Setting<unknown>[] = SETTINGS): string {
  const rows = new Map<string, Setting<unknown>[]>();
  for (const setting of settings) {
    const row = setting.docRow ?? setting.env;
    if (!settings.some((s) => s.env === row && s.docRow === undefined))
      throw new Error(`${setting.env} is documented in the row of ${row}, which is not declared`);
    rows.set(row, [...(rows.get(row) ?? []), setting]);
  }
  const lines = ["| variable | used by | meaning |", "|---|---|---|"];
  for (const [env, group] of rows) {
    const head = settings.find((s) => s.env === env) as Setting<unknown>;
    const names = group.map((s) => `\`${s.env}\``).join(", ");
    lines.push(`| ${names} | ${cell(head.usedBy)} | ${cell(head.doc)} |`);
  }
  lines.push(ALLOW_ENV_ROW);
  return lines.join("\n");
}

/** `markdown` with the table between the markers replaced by the generated one. */
export function withEnvTable(markdown: string, table = envTable()): string {
  const start = markdown.indexOf(ENV_TABLE_START);
  const end = markdown.indexOf(ENV_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`the env-table markers are missing (${ENV_TABLE_START} … ${ENV_TABLE_END})`);
  return `${markdown.slice(0, start + ENV_TABLE_START.length)}\n\n${table}\n\n${markdown.slice(end)}`;
}
