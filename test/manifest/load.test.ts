import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadManifest } from "../../src/manifest/load.js";
import { DESIGN_MANIFEST, lines } from "./helpers.js";

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "reelform-manifest-"));
  await mkdir(join(cwd, "manifests"));
  await writeFile(join(cwd, "manifests", "spring.yaml"), DESIGN_MANIFEST);
});

describe("loading the design brief's example manifest", () => {
  it("returns the document, its folder, text and digest, with no findings", async () => {
    const { manifest, diagnostics } = await loadManifest("manifests/spring.yaml", { cwd });
    expect(diagnostics).toEqual([]);
    expect(manifest?.path).toBe("manifests/spring.yaml");
    expect(manifest?.dir).toBe(join(cwd, "manifests"));
    expect(manifest?.sha256).toBe(createHash("sha256").update(DESIGN_MANIFEST).digest("hex"));
    expect(manifest?.doc.campaign).toBe("spring-launch");
    expect(manifest?.doc.defaults?.output_config).toEqual({
      resolution: "1080P",
      aspect_ratio: "16:9",
      duration: "5",
      storage_mode: "Permanent",
    });
    expect(manifest?.doc.videos[0]?.matrix?.include).toEqual([{ product: "sneaker", surface: "sand", takes: 3 }]);
    expect(manifest?.doc.videos[1]?.rows).toBe("data/products.csv");
  });

  it("locates values by document path, as the user gave the file", async () => {
    const { manifest } = await loadManifest("manifests/spring.yaml", { cwd });
    const locate = manifest!.locate;
    const at = (line: number, col: number) => ({ file: "manifests/spring.yaml", line, col });
    expect(locate(["campaign"])).toEqual(at(3, 11));
    expect(locate(["defaults", "output_config", "resolution"])).toEqual(at(11, 32));
    expect(locate(["videos", 0, "name"])).toEqual(at(13, 11));
    expect(locate(["videos", 0, "prompt"])).toEqual(at(14, 13));
    expect(locate(["videos", 0, "matrix", "surface", 1])).toEqual(at(17, 25));
    expect(locate(["videos", 0, "matrix", "include", 0, "takes"])).toEqual(at(19, 59));
    expect(locate(["videos", 0, "file_infos", 0, "url"])).toEqual(at(20, 53));
    expect(locate(["videos", 1, "rows"])).toEqual(at(22, 11));
    expect(locate(["videos", 1, "output_config", "duration"])).toEqual(at(21, 5));
    expect(locate(["videos", 1, "rows"], { key: true })).toEqual(at(22, 5));
  });
});

describe("files that cannot be loaded", () => {
  it("refuses a manifest over the size cap before parsing it", async () => {
    await writeFile(join(cwd, "big.yaml"), `version: 1\n# ${"x".repeat(2048)}\n`);
    const { manifest, diagnostics } = await loadManifest("big.yaml", { cwd, maxBytes: 1024 });
    expect(manifest).toBeUndefined();
    expect(lines(diagnostics)).toEqual([
      "big.yaml: error: manifest big.yaml is 2 KiB, over the 1 KiB limit for a manifest (put bulk data in a rows file (CSV/JSON/YAML) next to the manifest)",
    ]);
  });

  it("has a 5 MiB cap by default", async () => {
    await writeFile(join(cwd, "huge.yaml"), "#".repeat(5 * 1024 * 1024 + 1));
    const { diagnostics } = await loadManifest("huge.yaml", { cwd });
    expect(lines(diagnostics)[0]).toMatch(/is 5 MiB, over the 5 MiB limit/);
  });

  it("reports a missing file and a directory plainly", async () => {
    expect(lines((await loadManifest("nope.yaml", { cwd })).diagnostics)).toEqual([
      "nope.yaml: error: manifest nope.yaml does not exist",
    ]);
    expect(lines((await loadManifest("manifests", { cwd })).diagnostics)).toEqual([
      "manifests: error: manifest manifests is a directory, not a manifest file",
    ]);
  });

  it.runIf(process.platform === "linux")("refuses a device instead of reading it forever", async () => {
    expect(lines((await loadManifest("/dev/zero", { cwd })).diagnostics)).toEqual([
      "/dev/zero: error: manifest /dev/zero is not a regular file",
    ]);
  });

  it("returns diagnostics and no manifest when the document has errors", async () => {
    await writeFile(join(cwd, "bad.yaml"), "version: 1\ncampaign: x\nvideos:\n  - name: a\n    model_version: 2.0\n");
    const { manifest, diagnostics } = await loadManifest("bad.yaml", { cwd });
    expect(manifest).toBeUndefined();
    expect(lines(diagnostics)).toEqual([
      'bad.yaml:5:20: error: videos[0].model_version must be a string (write "2.0" in quotes)',
    ]);
  });

  it("returns the manifest along with warnings", async () => {
    await writeFile(join(cwd, "warn.yaml"), "version: 1\ncampaign: x\nvideos:\n  - name: a\n    vendor_flag: hi\n");
    const { manifest, diagnostics } = await loadManifest("warn.yaml", { cwd });
    expect(manifest?.doc.videos[0]).toEqual({ name: "a", vendor_flag: "hi" });
    expect(diagnostics.map((d) => d.severity)).toEqual(["warning"]);
  });
});
