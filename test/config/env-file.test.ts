import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnvFile, resolveApiConfig, withDotenv } from "../../src/config/api.js";
import { REPO, runCli } from "../helpers/exec.js";

describe("--dotenv (env file)", () => {
  it("parses KEY=value lines, comments, quotes and export prefixes", () => {
    expect(parseEnvFile('# creds\nexport REELFORM_API_KEY="k 1"\nREELFORM_RATE=5\nnot a line\n')).toEqual({
      REELFORM_API_KEY: "k 1",
      REELFORM_RATE: "5",
    });
  });

  it("reads values as dotenv does: a comment after an unquoted value is not part of it", () => {
    expect(parseEnvFile("KEY=sk-abc # my key\nQUOTED=\"a # b\"\nSINGLE='c'\n")).toEqual({
      KEY: "sk-abc",
      QUOTED: "a # b",
      SINGLE: "c",
    });
  });

  it("puts the file under the environment: the environment wins, empty variables do not", () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-env-"));
    writeFileSync(join(dir, ".env"), "REELFORM_API_KEY=from-file\nREELFORM_BASE_URL=http://127.0.0.1:9\n");
    const env = withDotenv({ REELFORM_BASE_URL: "https://gw.example", REELFORM_API_KEY: "" }, ".env", dir);
    expect(resolveApiConfig(env)).toMatchObject({ apiKey: "from-file", baseUrl: "https://gw.example" });
  });

  it("feeds every REELFORM_* setting of a command, not only the API key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reelform-env-cli-"));
    writeFileSync(
      join(dir, "creds.env"),
      "REELFORM_API_KEY=k\nREELFORM_BASE_URL=http://127.0.0.1:9\nREELFORM_RATE=fast\n",
    );
    const result = await runCli(
      ["apply", join(REPO, "manifests", "demo.yaml"), "--auto-approve", "--dotenv", "creds.env"],
      { cwd: dir, env: { REELFORM_API_KEY: undefined, REELFORM_BASE_URL: undefined, REELFORM_RATE: undefined } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/REELFORM_RATE/);
    expect(result.stderr).not.toMatch(/REELFORM_API_KEY is not set/);
  });

  it("names a missing env file plainly (the flag is not --env-file, which Node 20 itself takes)", async () => {
    const result = await runCli(["status", "manifests/demo.yaml", "--dotenv", "nope.env"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read env file .*nope\.env: ENOENT/);
  });
});
