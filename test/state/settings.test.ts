import { describe, expect, it } from "vitest";
import { resolveStateSettings } from "../../src/state/settings.js";

describe("where state lives (REELFORM_STATE, --state, PG* variables)", () => {
  it("is the lockfile unless REELFORM_STATE says otherwise; PG* variables alone never switch it", () => {
    expect(resolveStateSettings({})).toEqual({ kind: "file" });
    expect(resolveStateSettings({ REELFORM_STATE: "file" })).toEqual({ kind: "file" });
    expect(resolveStateSettings({ PGHOST: "db", PGPASSWORD: "x" })).toEqual({ kind: "file" });
  });

  it("reads a URL, with libpq variables filling what it leaves out, and never shows the password", () => {
    const s = resolveStateSettings({
      REELFORM_STATE: "postgres://ana:s%40cret@db.internal:6543/campaigns?sslmode=require",
    });
    expect(s).toMatchObject({
      kind: "postgres",
      host: "db.internal",
      port: 6543,
      user: "ana",
      password: "s@cret",
      database: "campaigns",
      ssl: { rejectUnauthorized: false },
    });
    expect(s.kind === "postgres" && s.display).toBe("postgres://ana@db.internal:6543/campaigns");
    const filled = resolveStateSettings({
      REELFORM_STATE: "postgres",
      PGHOST: "/run/postgresql",
      PGUSER: "ci",
      PGPASSWORD: "pw",
      PGDATABASE: "rf",
      PGSSLMODE: "verify-full",
    });
    expect(filled).toMatchObject({
      host: "/run/postgresql",
      port: 5432,
      user: "ci",
      password: "pw",
      database: "rf",
      ssl: { rejectUnauthorized: true },
    });
    expect(JSON.stringify(filled.kind === "postgres" && filled.display)).not.toContain("pw");
    expect(resolveStateSettings({ REELFORM_STATE: "postgresql://h/db", PGUSER: "u" })).toMatchObject({
      host: "h",
      user: "u",
      database: "db",
      ssl: false,
    });
  });

  it("names the setting in one clear error, without the password", () => {
    expect(() => resolveStateSettings({ REELFORM_STATE: "mysql://u:hunter2@h/db" })).toThrow(
      /REELFORM_STATE \(or --state\) names a mysql URL/,
    );
    expect(() => resolveStateSettings({ REELFORM_STATE: "postgres://u@h/db?sslmode=sometimes" })).toThrow(
      /sslmode .* must be one of/,
    );
    expect(() => resolveStateSettings({ REELFORM_STATE: "postgres", PGPORT: "eighty" })).toThrow(
      /PGPORT\) is not a port number: eighty/,
    );
    try {
      resolveStateSettings({ REELFORM_STATE: "not a url //u:hunter2@h" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/neither `file`, `postgres` nor a URL/);
      expect(String(error)).not.toContain("hunter2");
    }
  });
});
